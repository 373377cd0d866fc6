/* modgil_helper: a single-phase module created in a static helper that
 * PyInit_ returns (the shape of simplejson 3.19.2's _speedups.c). No NULL
 * check follows the creation, so the fix inserts a conditional
 * PyUnstable_Module_SetGIL into the helper, under '#ifdef Py_GIL_DISABLED':
 * on the debug 3.11 interpreter the guard compiles the call out, and the
 * module must build and behave exactly as before. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* pair(a, b=None): the tuple (a, b); TypeError without arguments. */
static PyObject *
pair(PyObject *self, PyObject *args)
{
    PyObject *a, *b = Py_None;

    if (!PyArg_ParseTuple(args, "O|O:pair", &a, &b))
        return NULL;
    return PyTuple_Pack(2, a, b);
}

static PyMethodDef methods[] = {
    {"pair", pair, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "modgil_helper", NULL, -1, methods,
};

static PyObject *moduleinit(void);

PyMODINIT_FUNC
PyInit_modgil_helper(void)
{
    return moduleinit();
}

static PyObject *
moduleinit(void)
{
    PyObject *m;

    m = PyModule_Create(&moduledef);
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0) {
        Py_XDECREF(m);
        return NULL;
    }
    return m;
}
