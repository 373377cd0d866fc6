/* In no setup.py Extension: its PyInit_ makes it module 'solo'. */
#include "fixture/compat.h"

static PyObject *solo_drain(PyObject *self, PyObject *list) {
  while (PyList_GET_SIZE(list) > 0) {
    Py_BEGIN_CRITICAL_SECTION(list);
    if (PyList_SetSlice(list, 0, 1, NULL) < 0)
      break;
    Py_END_CRITICAL_SECTION();
  }
  Py_RETURN_NONE;
}

static PyMethodDef solo_methods[] = {
    {"drain", solo_drain, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef solo_module = {
    PyModuleDef_HEAD_INIT, "solo", NULL, -1, solo_methods,
};

PyMODINIT_FUNC PyInit_solo(void) {
  return PyModule_Create(&solo_module);
}
