/* leaky: deliberately takes one reference per call and never releases it.
 * The harness must FAIL on it with a refcount delta of exactly one
 * reference per iteration. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* identity(obj): returns obj, but INCREFs it twice (one for the caller,
 * one that is never released). */
static PyObject *
identity(PyObject *self, PyObject *obj)
{
    Py_INCREF(obj); /* the leak */
    Py_INCREF(obj);
    return obj;
}

static PyMethodDef leaky_methods[] = {
    {"identity", identity, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef leaky_module = {
    PyModuleDef_HEAD_INIT,
    "leaky",
    NULL,
    -1,
    leaky_methods,
};

PyMODINIT_FUNC
PyInit_leaky(void)
{
    return PyModule_Create(&leaky_module);
}
