// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.CompatHeader: pythoncapi_compat.h}}"

// On 3.12 neither PyDict_GetItemRef nor PyDict_SetDefaultRef is declared:
// both come from the compat header, which the fix includes once.

#include <Python.h>
// CHECK-FIXES: #include "pythoncapi_compat.h"

PyObject *group(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(0);
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, k, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES-NOT: #include "pythoncapi_compat.h"
// CHECK-FIXES:      {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES:      {{^}}    if (PyDict_SetDefaultRef(d, k, v, &stored) < 0) {{{$}}
