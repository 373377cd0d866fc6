// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t

// _PyDict_GetItemStringWithError: private, but still used by large projects.
// It is PyDict_GetItemWithError with a C-string key (NULL and no exception
// when the key is missing, NULL with an exception on error), so its
// replacement is PyDict_GetItemStringRef and its membership test
// PyDict_ContainsString, both from 3.13.

#include <Python.h>

PyObject *get_strict(PyObject *d) {
  PyObject *v = _PyDict_GetItemStringWithError(d, "key");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: '_PyDict_GetItemStringWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL)
    return NULL;
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemStringRef(d, "key", &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// The test keeps the exception set on error and tests false, as NULL did.
int has_key(PyObject *d, int flag) {
  if (flag && _PyDict_GetItemStringWithError(d, "key"))
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: '_PyDict_GetItemStringWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    return 1;
  return NULL == _PyDict_GetItemStringWithError(d, "other");
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: '_PyDict_GetItemStringWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  if (flag && PyDict_ContainsString(d, "key") > 0){{$}}
// CHECK-FIXES: {{^}}  return PyDict_ContainsString(d, "other") <= 0;{{$}}

// A dict the function made itself is private: not reported.
int private_dict(void) {
  PyObject *d = PyDict_New();
  int found;
  if (d == NULL)
    return -1;
  found = _PyDict_GetItemStringWithError(d, "key") != NULL;
  Py_DECREF(d);
  return found;
}
