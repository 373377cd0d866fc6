// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference %t

// On 3.12 headers without the CompatHeader option a fix would call an
// undeclared function: no fix, and a note naming the option. PyCell_Get
// exists in every version, so that fix is still offered.

#include <Python.h>

PyObject *dict_get(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: 'PyDict_GetItemRef' is not declared for this build; set the CompatHeader option (for example to 'pythoncapi_compat.h') to get a fix
  Py_XINCREF(v);
  return v;
}

PyObject *cell_value(PyObject *cell) {
  return Py_XNewRef(PyCell_GET(cell));
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: FIX-IT applied suggested code changes
}
// CHECK-FIXES: {{^}}  return PyCell_Get(cell);{{$}}
