/* Module 'ready': its one other finding has a fix-it, so once the fixes are
 * in nothing is left and --fix declares Py_MOD_GIL_NOT_USED. */
#include "sections.h"

static PyObject *ready_size(PyObject *self, PyObject *list) {
  Py_BEGIN_CRITICAL_SECTION(list);
  Py_ssize_t n = PyList_GET_SIZE(list);
  return PyLong_FromSsize_t(n);
  Py_END_CRITICAL_SECTION();
}

static PyMethodDef ready_methods[] = {
    {"size", ready_size, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef ready_module = {
    PyModuleDef_HEAD_INIT, "ready", NULL, -1, ready_methods,
};

PyMODINIT_FUNC PyInit_ready(void) {
  PyObject *m = PyModule_Create(&ready_module);
  if (m == NULL)
    return NULL;
  return m;
}
