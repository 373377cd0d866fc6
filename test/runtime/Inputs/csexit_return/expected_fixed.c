/* csexit_return: a module written for 3.13 (critical sections from
 * ft_compat.h on 3.11) whose sections end with 'return <expr>;' just before
 * the END, so the END is never reached: on a free-threaded build the lock
 * stays held. freethreading-critical-section-exit moves each return after
 * the END through a result variable. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ft_compat.h"

/* lookup(d, key): d[key], KeyError when missing, the lookup's own error
 * (a raising __hash__/__eq__) otherwise. */
static PyObject *
lookup(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;

    if (!PyArg_ParseTuple(args, "O!O:lookup", &PyDict_Type, &dict, &key))
        return NULL;
    PyObject *result = NULL;
    Py_BEGIN_CRITICAL_SECTION(dict);
    PyObject *value = PyDict_GetItemWithError(dict, key);
    if (value == NULL && !PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    Py_XINCREF(value);
    result = value;
    Py_END_CRITICAL_SECTION();
    return result;
}

/* Number of items, or -1 when the size cannot be read. */
static Py_ssize_t
locked_size(PyObject *dict)
{
    Py_ssize_t result = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    result = PyDict_Size(dict);
    Py_END_CRITICAL_SECTION();
    return result;
    return -1;
}

static PyObject *
size(PyObject *self, PyObject *args)
{
    PyObject *dict;
    Py_ssize_t n;

    if (!PyArg_ParseTuple(args, "O:size", &dict))
        return NULL;
    n = locked_size(dict);
    if (n < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef methods[] = {
    {"lookup", lookup, METH_VARARGS, NULL},
    {"size", size, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "csexit_return", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_csexit_return(void)
{
    return PyModule_Create(&moduledef);
}
