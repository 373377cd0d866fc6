// RUN: %check_ft_tidy %s freethreading-unlocked-container-access %t

// Unchecked list and fast-sequence accessors on containers other threads can
// reach. The fix to PyList_GetItemRef is offered only where the item is owned
// at once and a NULL result already leaves the function with its error value,
// because PyList_GetItemRef can fail (IndexError) where PyList_GET_ITEM
// cannot.

#include <Python.h>

int use(PyObject *);

/* Tier-1 shape with Py_NewRef, then an error exit on NULL: fixed. */
PyObject *item_newref(PyObject *list) {
  PyObject *item = Py_NewRef(PyList_GET_ITEM(list, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'PyList_GET_ITEM' reads an item of 'list' without a critical section on it; on the free-threaded build another thread can shrink the list or replace the item and free it [freethreading-unlocked-container-access]
  if (item == NULL) {
    return NULL;
  }
  return item;
}
// CHECK-FIXES: {{^}}  PyObject *item = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (item == NULL) {{[{]}}{{$}}

/* The NULL exit first, then Py_INCREF: the INCREF goes away. */
PyObject *item_incref(PyObject *list, Py_ssize_t i) {
  PyObject *item;
  item = PyList_GET_ITEM(list, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  if (!item)
    return NULL;
  Py_INCREF(item);
  return item;
}
// CHECK-FIXES: {{^}}  item = PyList_GetItemRef(list, i);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!item){{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return item;{{$}}

/* Py_INCREF first, then the NULL exit, in a function returning int. */
int first_is_none(PyObject *list, int *out) {
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(first);
  if (NULL == first) {
    return -1;
  }
  *out = first == Py_None;
  Py_DECREF(first);
  return 0;
}
// CHECK-FIXES: {{^}}  PyObject *first = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (NULL == first) {{[{]}}{{$}}

/* Py_XNewRef, and the exit releases another reference first. */
PyObject *keyed_second(PyObject *list) {
  PyObject *key = PyUnicode_FromString("k");
  if (key == NULL)
    return NULL;
  PyObject *v = Py_XNewRef(PyList_GET_ITEM(list, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  if (v == NULL) {
    Py_DECREF(key);
    return NULL;
  }
  PyObject *r = PyTuple_Pack(2, key, v);
  Py_DECREF(key);
  Py_DECREF(v);
  return r;
}
// CHECK-FIXES: {{^}}  PyObject *v = PyList_GetItemRef(list, 1);{{$}}

//===--- Left alone ---------------------------------------------------===//

/* A list this function made and has not shared yet. */
PyObject *fresh_list(void) {
  PyObject *l = PyList_New(2);
  if (l == NULL)
    return NULL;
  PyList_SET_ITEM(l, 0, Py_NewRef(Py_None)); // private: not shared yet
  PyList_SET_ITEM(l, 1, Py_NewRef(Py_None)); // private: not shared yet
  if (PyList_GET_ITEM(l, 0) != Py_None) {    // private: not shared yet
    Py_DECREF(l);
    return NULL;
  }
  return l;
}

/* A copy made by PySequence_List is private too. */
PyObject *copied(PyObject *arg) {
  PyObject *copy = PySequence_List(arg);
  if (copy == NULL)
    return NULL;
  PyObject *x = Py_NewRef(PyList_GET_ITEM(copy, 0)); // private copy
  Py_DECREF(copy);
  return x;
}

/* Inside a critical section on the list itself. */
PyObject *locked(PyObject *list) {
  PyObject *x;
  Py_BEGIN_CRITICAL_SECTION(list);
  x = PyList_GET_ITEM(list, 0); // guarded by the section
  Py_XINCREF(x);
  PyList_SET_ITEM(list, 1, Py_NewRef(Py_None)); // guarded by the section
  Py_END_CRITICAL_SECTION();
  return x;
}

/* A length read alone (preallocation) is a benign racy read. */
PyObject *same_size(PyObject *list) {
  return PyList_New(PyList_GET_SIZE(list)); // a length, no index
}

/* Tuples cannot change. */
PyObject *tuple_first(PyObject *t) {
  return Py_NewRef(PyTuple_GET_ITEM(t, 0)); // immutable
}

/* Suppressed by the project. */
PyObject *suppressed(PyObject *list) {
  PyObject *x = PyList_GET_ITEM(list, 0); // NOLINT(freethreading-unlocked-container-access)
  Py_INCREF(x);
  return x;
}
