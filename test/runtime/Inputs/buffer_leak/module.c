/* buffer_leak: allocates a small buffer with PyMem_Malloc and never frees
 * it. No reference count changes, so only the harness's allocated-blocks
 * check can see it: the harness must FAIL with one block per iteration. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static PyObject *
checksum(PyObject *self, PyObject *unused)
{
    long total = 0;
    int i;
    unsigned char *buffer = (unsigned char *)PyMem_Malloc(32);
    if (buffer == NULL)
        return PyErr_NoMemory();
    memset(buffer, 3, 32);
    for (i = 0; i < 32; i++)
        total += buffer[i];
    /* missing: PyMem_Free(buffer); */
    return PyLong_FromLong(total);
}

static PyMethodDef buffer_leak_methods[] = {
    {"checksum", checksum, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef buffer_leak_module = {
    PyModuleDef_HEAD_INIT,
    "buffer_leak",
    NULL,
    -1,
    buffer_leak_methods,
};

PyMODINIT_FUNC
PyInit_buffer_leak(void)
{
    return PyModule_Create(&buffer_leak_module);
}
