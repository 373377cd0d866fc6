// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.CompatHeader: pythoncapi_compat.h}}"

// The project declares its own PyDict_GetItemRef (a shim): the fix uses it and
// no compat include is added next to it.

#include <Python.h>

int PyDict_GetItemRef(PyObject *p, PyObject *key, PyObject **result);

PyObject *dict_get(PyObject *d, PyObject *k) {
  PyObject *v;
  v = Py_XNewRef(PyDict_GetItem(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES-NOT: #include "pythoncapi_compat.h"
// CHECK-FIXES: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
