/* malloc_calloc: a zeroed table from PyObject_Calloc, released with
 * PyObject_Free on the normal and the error paths (one exit label).
 * freethreading-object-malloc-buffer renames both to PyMem_. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* histogram(b): [(byte, count), ...] for the bytes present in b. */
static PyObject *
histogram(PyObject *self, PyObject *arg)
{
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected bytes");
        return NULL;
    }
    Py_ssize_t *counts = PyMem_Calloc(256, sizeof(Py_ssize_t));
    if (counts == NULL)
        return PyErr_NoMemory();
    const unsigned char *p = (const unsigned char *)PyBytes_AS_STRING(arg);
    for (Py_ssize_t i = 0; i < PyBytes_GET_SIZE(arg); i++)
        counts[p[i]]++;
    PyObject *result = PyList_New(0);
    if (result == NULL)
        goto done;
    for (int b = 0; b < 256; b++) {
        if (counts[b] == 0)
            continue;
        PyObject *item = Py_BuildValue("(in)", b, counts[b]);
        if (item == NULL || PyList_Append(result, item) < 0) {
            Py_XDECREF(item);
            Py_CLEAR(result);
            goto done;
        }
        Py_DECREF(item);
    }
done:
    PyMem_Free(counts);
    return result;
}

static PyMethodDef malloc_calloc_methods[] = {
    {"histogram", histogram, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef malloc_calloc_module = {
    PyModuleDef_HEAD_INIT,
    "malloc_calloc",
    NULL,
    -1,
    malloc_calloc_methods,
};

PyMODINIT_FUNC
PyInit_malloc_calloc(void)
{
    return PyModule_Create(&malloc_calloc_module);
}
