/* malloc_local: a scratch buffer in a local variable, allocated with
 * PyObject_Malloc and released with PyObject_Free in the same function.
 * freethreading-object-malloc-buffer renames both to PyMem_. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* repeat(b, n): the bytes b repeated n times, built in a scratch buffer. */
static PyObject *
repeat(PyObject *self, PyObject *args)
{
    const char *s;
    Py_ssize_t len, n;
    if (!PyArg_ParseTuple(args, "y#n", &s, &len, &n))
        return NULL;
    if (n < 0 || (len > 0 && n > 4096 / len)) {
        PyErr_SetString(PyExc_ValueError, "count out of range");
        return NULL;
    }
    char *buf = PyObject_Malloc(len * n + 1);
    if (buf == NULL)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++)
        memcpy(buf + i * len, s, len);
    buf[len * n] = '\0';
    PyObject *result = PyBytes_FromStringAndSize(buf, len * n);
    PyObject_Free(buf);
    return result;
}

static PyMethodDef malloc_local_methods[] = {
    {"repeat", repeat, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef malloc_local_module = {
    PyModuleDef_HEAD_INIT,
    "malloc_local",
    NULL,
    -1,
    malloc_local_methods,
};

PyMODINIT_FUNC
PyInit_malloc_local(void)
{
    return PyModule_Create(&malloc_local_module);
}
