// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// The same findings and fixes in C++: static_cast, nullptr, auto.

#include <Python.h>

int use(PyObject *);

PyObject *list_item(PyObject *list, Py_ssize_t i) {
  return Py_XNewRef(static_cast<PyObject *>(PyList_GetItem(list, i)));
  // CHECK-MESSAGES: :[[@LINE-1]]:45: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(list, i);{{$}}

PyObject *dict_get(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v != nullptr)
    Py_INCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

bool has(PyObject *d, PyObject *k) {
  if (PyDict_GetItemWithError(d, k) == nullptr)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    return false;
  return true;
}
// CHECK-FIXES: {{^}}  if (PyDict_Contains(d, k) <= 0){{$}}

bool has_string(PyObject *d) {
  if (PyDict_GetItemString(d, "k")) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    return true;
  }
  return false;
}
// CHECK-FIXES: {{^}}  int found = PyDict_ContainsString(d, "k");{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found > 0) {{[{]}}{{$}}

// In C++ a new initialized local could be jumped over by a goto: no fix.
int with_label(PyObject *d, PyObject *k) {
  if (use(k) < 0)
    goto error;
  if (PyDict_GetItem(d, k) != nullptr)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    return 1;
  return 0;
error:
  return -1;
}

PyObject *referent(PyObject *ref) {
  auto *o = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  Py_XINCREF(o);
  return o;
}
// CHECK-FIXES: {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}

// Never reported: tuples, guarded and fresh containers.
int safe(PyObject *t, PyObject *list) {
  int r = use(PyTuple_GET_ITEM(t, 0));
  Py_BEGIN_CRITICAL_SECTION(list);
  r += use(PyList_GetItem(list, 0));
  Py_END_CRITICAL_SECTION();
  PyObject *fresh = PyList_New(0);
  if (fresh == nullptr || PyList_Append(fresh, t) < 0)
    return -1;
  r += use(PyList_GetItem(fresh, 0));
  Py_DECREF(fresh);
  return r;
}
