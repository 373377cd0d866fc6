// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.CompatHeader: pythoncapi_compat.h}}"

// On 3.12 headers the replacements come from the compat header, which the
// first fix includes after Python.h (once per file). PyCell_GET and
// PyWeakref_GET_OBJECT are plain macros in these headers.

#include <Python.h>
// CHECK-FIXES: {{^}}#include <Python.h>{{$}}
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: {{^}}#include "pythoncapi_compat.h"{{$}}

PyObject *dict_get(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}

PyObject *cell_value(PyObject *cell) {
  return Py_XNewRef(PyCell_GET(cell));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyCell_Get(cell);{{$}}

PyObject *referent(PyObject *ref) {
  PyObject *o = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  Py_INCREF(o);
  return o;
}
// CHECK-FIXES: {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}

int has(PyObject *d) {
  if (PyDict_GetItemString(d, "k") == NULL)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    return 0;
  return 1;
}
// CHECK-FIXES: {{^}}  int found = PyDict_ContainsString(d, "k");{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found <= 0){{$}}
