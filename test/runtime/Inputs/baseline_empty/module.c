/* baseline_empty: a module with one trivial function and an exercise that
 * does nothing but call it. Measures what the interpreter and the harness's
 * measuring code do on their own: the refcount delta must be exactly 0. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
nothing(PyObject *self, PyObject *unused)
{
    Py_RETURN_NONE;
}

static PyMethodDef baseline_empty_methods[] = {
    {"nothing", nothing, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef baseline_empty_module = {
    PyModuleDef_HEAD_INIT,
    "baseline_empty",
    NULL,
    -1,
    baseline_empty_methods,
};

PyMODINIT_FUNC
PyInit_baseline_empty(void)
{
    return PyModule_Create(&baseline_empty_module);
}
