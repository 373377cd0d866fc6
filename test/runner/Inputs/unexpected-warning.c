#include <Python.h>
PyObject *f(PyObject *d, PyObject *k) {
  return PyDict_GetItem(d, k); // reported by the probe, expected by nobody
}
