/* uca_new_exit: list items owned at once (Py_INCREF next to the read, or
 * Py_NewRef around it) with no NULL test after them, in functions whose
 * earlier error exit fits the read: freethreading-unlocked-container-access
 * rewrites each read to PyList_GetItemRef and adds the NULL test with that
 * exit (a return after an exception or a failed call, a goto whose label
 * releases the item with Py_XDECREF, releases copied). The fixed module must
 * return the same results and leak nothing. The fixed text is pinned in
 * expected_fixed.c; uca_new_exit_nullpath runs its new NULL tests. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ft_compat.h"

/* The exit sets IndexError for an empty list; nothing between changes a
 * reference. */
static PyObject *
pop_last(PyObject *self, PyObject *heap)
{
    Py_ssize_t n;
    PyObject *last;

    if (!PyList_Check(heap)) {
        PyErr_SetString(PyExc_TypeError, "pop_last: expected a list");
        return NULL;
    }
    n = PyList_GET_SIZE(heap);
    if (n == 0) {
        PyErr_SetString(PyExc_IndexError, "pop_last: empty list");
        return NULL;
    }
    last = PyList_GetItemRef(heap, n - 1);
    if (last == NULL) { return NULL; }
    if (PyList_SetSlice(heap, n - 1, n, NULL) < 0) {
        Py_DECREF(last);
        return NULL;
    }
    return last;
}

/* A loop in an int helper: the exit before it tests a call's result; each
 * item goes to a callback that may raise or shrink the list. */
static int
feed_items(PyObject *list, PyObject *cb, Py_ssize_t *count)
{
    PyObject *item = NULL;
    Py_ssize_t total = 0;

    if (PyObject_Length(list) < 0)
        return -1;
    while (total < PyList_GET_SIZE(list)) {
        PyObject *r;
        item = PyList_GetItemRef(list, total);
        if (item == NULL) { return -1; }
        r = PyObject_CallOneArg(cb, item);
        Py_DECREF(item);
        if (r == NULL)
            return -1;
        Py_DECREF(r);
        total++;
    }
    *count = total;
    return 0;
}

static PyObject *
feed(PyObject *self, PyObject *args)
{
    PyObject *list, *cb;
    Py_ssize_t count;

    if (!PyArg_ParseTuple(args, "O!O:feed", &PyList_Type, &list, &cb))
        return NULL;
    if (feed_items(list, cb, &count) < 0)
        return NULL;
    return PyLong_FromSsize_t(count);
}

/* After a parse that stores borrowed references; the item goes to a
 * callback. */
static PyObject *
call_on_first(PyObject *self, PyObject *args)
{
    PyObject *list, *cb, *first, *r;

    if (!PyArg_ParseTuple(args, "O!O:call_on_first", &PyList_Type, &list, &cb))
        return NULL;
    first = PyList_GetItemRef(list, 0);
    if (first == NULL) { return NULL; }
    r = PyObject_CallOneArg(cb, first);
    Py_DECREF(first);
    return r;
}

/* A goto exit whose label releases everything with Py_XDECREF. */
static PyObject *
str_pair(PyObject *self, PyObject *args)
{
    PyObject *list, *tag;
    PyObject *first = NULL, *key = NULL, *result = NULL;

    if (!PyArg_UnpackTuple(args, "str_pair", 2, 2, &list, &tag))
        return NULL;
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "str_pair: expected a list");
        goto done;
    }
    if (PyObject_Length(tag) < 0)
        goto done;
    first = PyList_GetItemRef(list, 0);
    if (first == NULL) { goto done; }
    key = PyObject_Str(first);
    if (key == NULL)
        goto done;
    result = PyTuple_Pack(3, key, first, tag);
done:
    Py_XDECREF(key);
    Py_XDECREF(first);
    return result;
}

/* Py_NewRef around the read; the closest exit releases the reference the
 * function holds. */
static PyObject *
keyed_second(PyObject *self, PyObject *args)
{
    PyObject *list, *obj, *key, *value, *pair;

    if (!PyArg_ParseTuple(args, "O!O:keyed_second", &PyList_Type, &list, &obj))
        return NULL;
    key = PyObject_Repr(obj);
    if (key == NULL)
        return NULL;
    if (PyObject_Length(key) < 3) {
        Py_DECREF(key);
        PyErr_SetString(PyExc_ValueError, "keyed_second: short repr");
        return NULL;
    }
    value = PyList_GetItemRef(list, 1);
    if (value == NULL) { Py_DECREF(key); return NULL; }
    pair = PyTuple_Pack(2, key, value);
    Py_DECREF(key);
    Py_DECREF(value);
    return pair;
}

static PyMethodDef methods[] = {
    {"pop_last", pop_last, METH_O, NULL},
    {"feed", feed, METH_VARARGS, NULL},
    {"call_on_first", call_on_first, METH_VARARGS, NULL},
    {"str_pair", str_pair, METH_VARARGS, NULL},
    {"keyed_second", keyed_second, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "uca_new_exit", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_uca_new_exit(void)
{
    return PyModule_Create(&moduledef);
}
