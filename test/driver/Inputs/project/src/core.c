#include "fixture/shared.h"
#include "tp.h"

static PyObject *core_push(PyObject *self, PyObject *args) {
  PyObject *list, *item;
  if (!PyArg_ParseTuple(args, "OO", &list, &item))
    return NULL;
  if (fixture_append(list, item) < 0)
    return NULL;
#if FIXTURE_LOCKED
  Py_BEGIN_CRITICAL_SECTION(list);
  if (PyList_GET_SIZE(list) > TP_LIMIT)
    return NULL;
  Py_END_CRITICAL_SECTION();
#endif
  Py_RETURN_NONE;
}

static PyMethodDef core_methods[] = {
    {"push", core_push, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT, "fixture._core", NULL, -1, core_methods,
};

PyMODINIT_FUNC PyInit__core(void) { return PyModule_Create(&core_module); }
