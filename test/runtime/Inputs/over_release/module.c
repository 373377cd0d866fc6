/* over_release: releases a reference it only borrowed, once per call. The
 * argument is None, whose reference count is large enough that nothing is
 * freed during the run, so the child does not crash: only the harness's
 * refcount check can see it, as a negative delta of one per iteration. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
consume(PyObject *self, PyObject *obj)
{
    Py_DECREF(obj); /* obj is borrowed: not ours to release */
    Py_RETURN_NONE;
}

static PyMethodDef over_release_methods[] = {
    {"consume", consume, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef over_release_module = {
    PyModuleDef_HEAD_INIT,
    "over_release",
    NULL,
    -1,
    over_release_methods,
};

PyMODINIT_FUNC
PyInit_over_release(void)
{
    return PyModule_Create(&over_release_module);
}
