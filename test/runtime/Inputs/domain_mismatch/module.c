/* domain_mismatch: allocates a buffer with PyObject_Malloc and frees it with
 * PyMem_Free. The debug allocator records which API family allocated each
 * block and aborts ("bad ID") on the mismatch; the harness must FAIL and
 * report the abort. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *
mismatch(PyObject *self, PyObject *unused)
{
    char *buffer = (char *)PyObject_Malloc(64);
    if (buffer == NULL)
        return PyErr_NoMemory();
    memset(buffer, 'x', 64);
    PyMem_Free(buffer); /* wrong family: must be PyObject_Free */
    Py_RETURN_NONE;
}

static PyMethodDef domain_mismatch_methods[] = {
    {"mismatch", mismatch, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef domain_mismatch_module = {
    PyModuleDef_HEAD_INIT,
    "domain_mismatch",
    NULL,
    -1,
    domain_mismatch_methods,
};

PyMODINIT_FUNC
PyInit_domain_mismatch(void)
{
    return PyModule_Create(&domain_mismatch_module);
}
