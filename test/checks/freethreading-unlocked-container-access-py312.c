// RUN: %check_ft_tidy -check-suffix=COMPAT -python=3.12 %s freethreading-unlocked-container-access %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"
// RUN: %check_ft_tidy -check-suffix=NONE -python=3.12 %s freethreading-unlocked-container-access %t

// Python 3.12 headers spell PyList_GET_ITEM and PyList_SET_ITEM as macros
// (no call in the AST) and do not declare PyList_GetItemRef. With the option
// CompatHeader the fix adds the include once per file; without it the access
// is reported with a note and left alone, because the fixed file would not
// compile.

#include <Python.h>
// CHECK-FIXES-COMPAT: #include <Python.h>
// CHECK-FIXES-COMPAT-EMPTY:
// CHECK-FIXES-COMPAT-NEXT: #include "pythoncapi_compat.h"

PyObject *item_newref(PyObject *list, Py_ssize_t i) {
  PyObject *item = Py_NewRef(PyList_GET_ITEM(list, i));
  if (item == NULL)
    return NULL;
  return item;
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-5]]:30: warning: 'PyList_GET_ITEM' reads an item of 'list' without a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-6]]:30: warning: 'PyList_GET_ITEM' reads an item of 'list' without a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-7]]:30: note: no automatic fix: 'PyList_GetItemRef' is not declared for this build; set the CompatHeader option (for example to 'pythoncapi_compat.h') to get a fix; hold Py_BEGIN_CRITICAL_SECTION(list) {{.*}}
// CHECK-FIXES-COMPAT: {{^}}  PyObject *item = PyList_GetItemRef(list, i);{{$}}

PyObject *item_incref(PyObject *list) {
  PyObject *item = PyList_GET_ITEM(list, 1);
  if (item == NULL) {
    return NULL;
  }
  Py_INCREF(item);
  return item;
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-7]]:20: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-8]]:20: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-9]]:20: note: no automatic fix: 'PyList_GetItemRef' is not declared {{.*}}
// CHECK-FIXES-COMPAT: {{^}}  PyObject *item = PyList_GetItemRef(list, 1);{{$}}
// CHECK-FIXES-COMPAT-NEXT: {{^}}  if (item == NULL) {{[{]}}{{$}}
// CHECK-FIXES-COMPAT-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-COMPAT-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-COMPAT-NEXT: {{^}}  return item;{{$}}

/* The macro spelling of a store, and a loop bound. */
void fill(PyObject *list) {
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++)
    PyList_SET_ITEM(list, i, Py_NewRef(Py_None));
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-2]]:5: warning: 'PyList_SET_ITEM' stores into 'list' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-3]]:5: warning: 'PyList_SET_ITEM' stores into 'list' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-4]]:5: note: hold Py_BEGIN_CRITICAL_SECTION(list) around the store, {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-6]]:30: note: the index is bounded by this length of 'list', {{.*}}

/* Left alone: a fresh list, and a tuple. */
PyObject *fresh(void) {
  PyObject *l = PyList_New(1);
  if (l == NULL)
    return NULL;
  PyList_SET_ITEM(l, 0, Py_NewRef(Py_None)); // private: not shared yet
  PyObject *x = Py_NewRef(PyList_GET_ITEM(l, 0)); // private: not shared yet
  Py_DECREF(l);
  return x;
}

PyObject *tuple_item(PyObject *t) {
  return Py_NewRef(PyTuple_GET_ITEM(t, 0)); // immutable
}
