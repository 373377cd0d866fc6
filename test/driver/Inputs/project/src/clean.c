/* Already safe: every exit of the section goes through the END. */
#include "fixture/compat.h"

static PyObject *clean_push(PyObject *self, PyObject *args) {
  PyObject *list, *item;
  int rc;
  if (!PyArg_ParseTuple(args, "OO", &list, &item))
    return NULL;
  Py_BEGIN_CRITICAL_SECTION(list);
  rc = PyList_Append(list, item);
  Py_END_CRITICAL_SECTION();
  if (rc < 0)
    return NULL;
  Py_RETURN_NONE;
}

static PyMethodDef clean_methods[] = {
    {"push", clean_push, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot clean_slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef clean_module = {
    PyModuleDef_HEAD_INIT, "fixture.clean", NULL, 0, clean_methods, clean_slots,
};

PyMODINIT_FUNC PyInit_clean(void) { return PyModuleDef_Init(&clean_module); }
