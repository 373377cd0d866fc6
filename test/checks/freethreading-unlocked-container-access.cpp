// RUN: %check_ft_tidy %s freethreading-unlocked-container-access %t

// The same findings and fixes in C++: nullptr, static_cast, auto, lambdas.

#include <Python.h>

PyObject *item_newref(PyObject *list, Py_ssize_t i) {
  PyObject *item = Py_NewRef(PyList_GET_ITEM(list, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'PyList_GET_ITEM' reads an item of 'list' without a critical section on it; on the free-threaded build another thread can shrink the list or replace the item and free it [freethreading-unlocked-container-access]
  if (item == nullptr)
    return nullptr;
  return item;
}
// CHECK-FIXES: {{^}}  PyObject *item = PyList_GetItemRef(list, i);{{$}}

PyObject *item_cast(PyObject *self, PyObject *arg) {
  PyObject *list = static_cast<PyObject *>(arg);
  PyObject *item = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  if (!item) {
    return nullptr;
  }
  Py_XINCREF(item);
  return item;
}
// CHECK-FIXES: {{^}}  PyObject *item = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!item) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return item;{{$}}

// A lambda's return value is not the function's error value: no fix.
PyObject *in_lambda(PyObject *list) {
  auto get = [list]() -> PyObject * {
    PyObject *x = Py_NewRef(PyList_GET_ITEM(list, 0));
    // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
    if (x == nullptr)
      return nullptr;
    return x;
  };
  return get();
}

bool first_is_none(PyObject *list) {
  return PySequence_Fast_GET_ITEM(list, 0) == Py_None;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PySequence_Fast_GET_ITEM' reads an item of 'list' {{.*}}
}

// No NULL test after the item: the function's earlier error exit fits here
// (nothing between changes a pointer local), and C++ tests with nullptr.
int checked(PyObject *);
PyObject *first_checked(PyObject *list) {
  if (checked(list) < 0)
    return nullptr;
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(first);
  return first;
}
// CHECK-FIXES: {{^}}  PyObject *first = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (first == nullptr) { return nullptr; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return first;{{$}}

// Left alone: a fresh list, a critical section, NOLINT.
PyObject *fresh() {
  PyObject *l = PyList_New(1);
  if (l == nullptr)
    return nullptr;
  PyList_SET_ITEM(l, 0, Py_NewRef(Py_None)); // private: not shared yet
  return l;
}

PyObject *locked(PyObject *list) {
  PyObject *x = nullptr;
  Py_BEGIN_CRITICAL_SECTION(list);
  x = Py_XNewRef(PyList_GET_ITEM(list, 0)); // guarded by the section
  Py_END_CRITICAL_SECTION();
  return x;
}

PyObject *suppressed(PyObject *list) {
  return Py_NewRef(PyList_GET_ITEM(list, 0)); // NOLINT(freethreading-unlocked-container-access)
}
