#include <Python.h>
// CHECK-FIXES: #include "something_else.h"
PyObject *f(PyObject *d, PyObject *k) {
  return PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef'
}
