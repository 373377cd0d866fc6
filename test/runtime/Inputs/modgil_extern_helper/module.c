/* modgil_extern_helper: a single-phase module created by a helper with
 * external linkage, defined in this file after the init function that returns
 * its result. The creation is followed by a NULL check that returns, so the
 * fix inserts PyUnstable_Module_SetGIL after that check, in the helper, under
 * '#ifdef Py_GIL_DISABLED': on the debug interpreter the guard compiles the
 * call out, and the module must build and behave exactly as before. */
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
    PyModuleDef_HEAD_INIT, "modgil_extern_helper", NULL, -1, methods,
};

PyObject *modgil_extern_helper_create(void);

PyMODINIT_FUNC
PyInit_modgil_extern_helper(void)
{
    return modgil_extern_helper_create();
}

PyObject *
modgil_extern_helper_create(void)
{
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
