/* uca_getitem: reads of list items that are owned at once and whose NULL
 * result already leaves with an error, the shapes that
 * freethreading-unlocked-container-access rewrites to PyList_GetItemRef.
 * The fixed module must return the same results and leak nothing. The
 * fixed text is pinned in expected_fixed.c, whose NULL paths (out-of-range
 * index, non-list) the case uca_getitem_nullpath runs. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Shape 1 (Py_NewRef, then the NULL exit), after an explicit bounds check. */
static PyObject *
item_at(PyObject *self, PyObject *args)
{
    PyObject *list, *item;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "O!n:item_at", &PyList_Type, &list, &i))
        return NULL;
    if (i < 0 || i >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "item_at: index out of range");
        return NULL;
    }
    item = Py_NewRef(PyList_GET_ITEM(list, i));
    if (item == NULL) {
        return NULL;
    }
    return item;
}

/* Shape 1 with no bounds check: only valid indexes before the fix. */
static PyObject *
item_unchecked(PyObject *self, PyObject *args)
{
    PyObject *list;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "On:item_unchecked", &list, &i))
        return NULL;
    PyObject *item = Py_XNewRef(PyList_GET_ITEM(list, i));
    if (!item)
        return NULL;
    return item;
}

/* Shape 2 (the NULL exit releases another reference, then Py_INCREF). */
static PyObject *
tag_first(PyObject *self, PyObject *args)
{
    PyObject *list, *tag, *first, *result;

    if (!PyArg_ParseTuple(args, "O!O:tag_first", &PyList_Type, &list, &tag))
        return NULL;
    if (PyList_GET_SIZE(list) == 0) {
        PyErr_SetString(PyExc_ValueError, "tag_first: empty list");
        return NULL;
    }
    Py_INCREF(tag);
    first = PyList_GET_ITEM(list, 0);
    if (first == NULL) {
        Py_DECREF(tag);
        return NULL;
    }
    Py_INCREF(first);
    result = PyTuple_Pack(2, tag, first);
    Py_DECREF(tag);
    Py_DECREF(first);
    return result;
}

/* Shape 3 (Py_XINCREF, then the NULL exit) in a helper returning -1. */
static int
last_length(PyObject *list, Py_ssize_t *out)
{
    PyObject *last = PyList_GET_ITEM(list, PyList_GET_SIZE(list) - 1);
    Py_XINCREF(last);
    if (last == NULL) {
        return -1;
    }
    *out = PyObject_Length(last);
    Py_DECREF(last);
    return *out < 0 ? -1 : 0;
}

static PyObject *
len_of_last(PyObject *self, PyObject *list)
{
    Py_ssize_t n;

    if (!PyList_Check(list) || PyList_GET_SIZE(list) == 0) {
        PyErr_SetString(PyExc_TypeError, "len_of_last: expected a non-empty list");
        return NULL;
    }
    if (last_length(list, &n) < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

/* A loop whose items run Python code (str()), which may shrink the list:
 * the condition reads the length again on every iteration. */
static PyObject *
join_strs(PyObject *self, PyObject *list)
{
    PyObject *parts, *item, *s, *sep, *result;
    Py_ssize_t i;

    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "join_strs: expected a list");
        return NULL;
    }
    parts = PyList_New(0);
    if (parts == NULL)
        return NULL;
    for (i = 0; i < PyList_GET_SIZE(list); i++) {
        item = Py_NewRef(PyList_GET_ITEM(list, i));
        if (item == NULL) {
            Py_DECREF(parts);
            return NULL;
        }
        s = PyObject_Str(item);
        Py_DECREF(item);
        if (s == NULL) {
            Py_DECREF(parts);
            return NULL;
        }
        if (PyList_Append(parts, s) < 0) {
            Py_DECREF(s);
            Py_DECREF(parts);
            return NULL;
        }
        Py_DECREF(s);
    }
    sep = PyUnicode_FromString(",");
    if (sep == NULL) {
        Py_DECREF(parts);
        return NULL;
    }
    result = PyUnicode_Join(sep, parts);
    Py_DECREF(sep);
    Py_DECREF(parts);
    return result;
}

static PyMethodDef methods[] = {
    {"item_at", item_at, METH_VARARGS, NULL},
    {"item_unchecked", item_unchecked, METH_VARARGS, NULL},
    {"tag_first", tag_first, METH_VARARGS, NULL},
    {"len_of_last", len_of_last, METH_O, NULL},
    {"join_strs", join_strs, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "uca_getitem", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_uca_getitem(void)
{
    return PyModule_Create(&moduledef);
}
