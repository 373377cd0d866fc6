/* dictnext_exits: a legacy module whose PyDict_Next loops leave the function
 * from inside the loop, by 'return' and by 'goto'. freethreading-unguarded-
 * dict-next wraps each loop in Py_BEGIN_CRITICAL_SECTION(d) /
 * Py_END_CRITICAL_SECTION() and turns every exit into a flag and a 'break',
 * taken after the END; on 3.11 the macros come from the compat header the
 * fix includes (CompatHeader). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ft_compat.h"

/* first_str_key(d): the first key that is a str, or None. */
static PyObject *
first_str_key(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;
    Py_ssize_t pos = 0;

    if (!PyArg_ParseTuple(args, "O!:first_str_key", &PyDict_Type, &dict))
        return NULL;
    PyObject *loop_result = NULL;
    int loop_exit = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    while (PyDict_Next(dict, &pos, &key, NULL)) {
        if (PyUnicode_Check(key))
            { loop_result = Py_NewRef(key); loop_exit = 1; break; }
    }
    Py_END_CRITICAL_SECTION();
    if (loop_exit) { return loop_result; }
    Py_RETURN_NONE;
}

/* all_positive(d): whether every value is an int > 0; a value that is not
 * an int, or too large for a C long, raises. */
static PyObject *
all_positive(PyObject *self, PyObject *args)
{
    PyObject *dict, *value;
    Py_ssize_t pos = 0;

    if (!PyArg_ParseTuple(args, "O!:all_positive", &PyDict_Type, &dict))
        return NULL;
    int loop_exit = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    while (PyDict_Next(dict, &pos, NULL, &value)) {
        long v;
        Py_INCREF(value);
        if (!PyLong_Check(value)) {
            PyErr_SetString(PyExc_TypeError, "values must be ints");
            Py_XDECREF(value);
            loop_exit = 1;
            break;
        }
        v = PyLong_AsLong(value);
        if (v == -1 && PyErr_Occurred())
            { Py_XDECREF(value); loop_exit = 1; break; }
        if (v <= 0)
            { Py_XDECREF(value); loop_exit = 2; break; }
        Py_XDECREF(value);
    }
    Py_END_CRITICAL_SECTION();
    if (loop_exit == 1) { return NULL; }
    if (loop_exit == 2) { Py_RETURN_FALSE; }
    Py_RETURN_TRUE;
}

/* str_values(d): the values of the str keys, in dict order; a key that is
 * not a str raises TypeError. */
static PyObject *
str_values(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value, *result;
    Py_ssize_t pos = 0;

    if (!PyArg_ParseTuple(args, "O!:str_values", &PyDict_Type, &dict))
        return NULL;
    result = PyList_New(0);
    if (result == NULL)
        return NULL;
    int loop_exit = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    for (; PyDict_Next(dict, &pos, &key, &value);) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keys must be str");
            loop_exit = 1;
            break;
        }
        if (PyList_Append(result, value) < 0)
            { loop_exit = 1; break; }
    }
    Py_END_CRITICAL_SECTION();
    if (loop_exit) { goto error; }
    return result;
error:
    Py_DECREF(result);
    return NULL;
}

/* index_of(d, v): the position of the first value that is v, or -1. */
static PyObject *
index_of(PyObject *self, PyObject *args)
{
    PyObject *dict, *target, *value;
    Py_ssize_t pos = 0, n = 0;

    if (!PyArg_ParseTuple(args, "O!O:index_of", &PyDict_Type, &dict, &target))
        return NULL;
    PyObject *loop_result = NULL;
    int loop_exit = 0;
    Py_BEGIN_CRITICAL_SECTION(dict);
    while (PyDict_Next(dict, &pos, NULL, &value)) {
        if (value == target)
            { loop_result = PyLong_FromSsize_t(n); loop_exit = 1; break; }
        n++;
    }
    Py_END_CRITICAL_SECTION();
    if (loop_exit) { return loop_result; }
    return PyLong_FromLong(-1);
}

static PyMethodDef methods[] = {
    {"first_str_key", first_str_key, METH_VARARGS, NULL},
    {"all_positive", all_positive, METH_VARARGS, NULL},
    {"str_values", str_values, METH_VARARGS, NULL},
    {"index_of", index_of, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "dictnext_exits", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_dictnext_exits(void)
{
    return PyModule_Create(&moduledef);
}
