#include <Python.h>
PyObject *f(PyObject *d, PyObject *k) {
  return PyDict_GetItem(d, k);

  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: borrowed 'PyDict_GetItem'
}
