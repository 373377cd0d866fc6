/* dictnext_wrap: a legacy module iterating shared dicts with PyDict_Next and
 * no critical section. freethreading-unguarded-dict-next wraps each loop in
 * Py_BEGIN_CRITICAL_SECTION(d) / Py_END_CRITICAL_SECTION(); on 3.11 the
 * macros come from the compat header the fix includes (CompatHeader). The
 * bodies leave their loops only by 'break' and 'continue', and every error
 * path goes through a flag tested after the loop. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ft_compat.h"

/* count_truthy(d): how many values are true; a raising __bool__ propagates. */
static PyObject *
count_truthy(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value;
    Py_ssize_t pos = 0, n = 0;
    int failed = 0;

    if (!PyArg_ParseTuple(args, "O!:count_truthy", &PyDict_Type, &dict))
        return NULL;
    Py_BEGIN_CRITICAL_SECTION(dict);
    while (PyDict_Next(dict, &pos, &key, &value)) {
        int t;
        Py_INCREF(value);
        t = PyObject_IsTrue(value);
        Py_DECREF(value);
        if (t < 0) {
            failed = 1;
            break;
        }
        n += t;
    }
    Py_END_CRITICAL_SECTION();
    if (failed)
        return NULL;
    return PyLong_FromSsize_t(n);
}

/* sum_ints(d): the sum of the int values; other values are skipped, an int
 * too large for a C long raises OverflowError. */
static PyObject *
sum_ints(PyObject *self, PyObject *args)
{
    PyObject *dict, *value;
    long total = 0;
    int failed = 0;

    if (!PyArg_ParseTuple(args, "O!:sum_ints", &PyDict_Type, &dict))
        return NULL;
    Py_BEGIN_CRITICAL_SECTION(dict);
    for (Py_ssize_t pos = 0; PyDict_Next(dict, &pos, NULL, &value);) {
        long v;
        Py_INCREF(value);
        if (!PyLong_CheckExact(value))
            { Py_XDECREF(value); continue; }
        v = PyLong_AsLong(value);
        if (v == -1 && PyErr_Occurred()) {
            failed = 1;
            Py_XDECREF(value);
            break;
        }
        total += v;
        Py_XDECREF(value);
    }
    Py_END_CRITICAL_SECTION();
    if (failed)
        return NULL;
    return PyLong_FromLong(total);
}

/* str_keys(d): the keys that are str, in dict order. */
static PyObject *
str_keys(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *result;
    Py_ssize_t pos = 0;
    int failed = 0;

    if (!PyArg_ParseTuple(args, "O!:str_keys", &PyDict_Type, &dict))
        return NULL;
    result = PyList_New(0);
    if (result == NULL)
        return NULL;
    Py_BEGIN_CRITICAL_SECTION(dict);
    while (PyDict_Next(dict, &pos, &key, NULL))
        if (PyUnicode_Check(key) && PyList_Append(result, key) < 0) {
            failed = 1;
            break;
        }
    Py_END_CRITICAL_SECTION();
    if (failed)
        Py_CLEAR(result);
    return result;
}

static PyMethodDef methods[] = {
    {"count_truthy", count_truthy, METH_VARARGS, NULL},
    {"sum_ints", sum_ints, METH_VARARGS, NULL},
    {"str_keys", str_keys, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "dictnext_wrap", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_dictnext_wrap(void)
{
    return PyModule_Create(&moduledef);
}
