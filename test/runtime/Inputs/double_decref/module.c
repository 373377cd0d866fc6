/* double_decref: releases the same object twice. The first Py_DECREF frees
 * it (the debug allocator fills freed memory with 0xDD bytes), the second
 * decrements that garbage and the debug build's Py_DECREF aborts on the
 * negative reference count. The harness must FAIL and report the abort. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
release_twice(PyObject *self, PyObject *unused)
{
    /* Large enough to be a fresh object (no cached singleton). */
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, 100);
    if (bytes == NULL)
        return NULL;
    Py_DECREF(bytes);
    Py_DECREF(bytes); /* the double release */
    Py_RETURN_NONE;
}

static PyMethodDef double_decref_methods[] = {
    {"release_twice", release_twice, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef double_decref_module = {
    PyModuleDef_HEAD_INIT,
    "double_decref",
    NULL,
    -1,
    double_decref_methods,
};

PyMODINIT_FUNC
PyInit_double_decref(void)
{
    return PyModule_Create(&double_decref_module);
}
