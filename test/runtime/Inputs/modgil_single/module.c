/* modgil_single: a single-phase module that declares nothing about the GIL.
 * The fix inserts PyUnstable_Module_SetGIL after the NULL check, under
 * '#ifdef Py_GIL_DISABLED': on the debug 3.11 interpreter the guard compiles
 * the call out, and the module must build and behave exactly as before. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* scale(x, factor=2): x * factor, TypeError for non-numbers. */
static PyObject *
scale(PyObject *self, PyObject *args)
{
    PyObject *x, *factor = NULL, *result;

    if (!PyArg_ParseTuple(args, "O|O:scale", &x, &factor))
        return NULL;
    if (factor == NULL) {
        factor = PyLong_FromLong(2);
        if (factor == NULL)
            return NULL;
    }
    else {
        Py_INCREF(factor);
    }
    result = PyNumber_Multiply(x, factor);
    Py_DECREF(factor);
    return result;
}

static PyMethodDef methods[] = {
    {"scale", scale, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "modgil_single", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_modgil_single(void)
{
    PyObject *m;

    m = PyModule_Create(&moduledef);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
