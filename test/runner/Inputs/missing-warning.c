#include <Python.h>
PyObject *f(PyObject *t) {
  return PyTuple_GetItem(t, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: borrowed 'PyTuple_GetItem'
}
