/* Legacy uniqueness tests on reference counts, the shapes
 * freethreading-refcount-test rewrites: Py_REFCNT(x) == 1 and its negations,
 * the number on the left, the ob_refcnt field (in a test and in a plain
 * read), and a count stored in a local first and tested later. Built against the debug 3.11 interpreter, where
 * PyUnstable_Object_IsUniquelyReferenced comes from compat/ft_compat.h. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "ft_compat.h"

/* Appends to `list` in place when the caller holds the only reference,
 * otherwise appends to a copy: the classic "steal if unique" fast path. */
static PyObject *
append_fast(PyObject *list, PyObject *item)
{
    PyObject *target;
    if (PyUnstable_Object_IsUniquelyReferenced(list)) {
        target = Py_NewRef(list);
    }
    else {
        target = PyList_GetSlice(list, 0, PyList_GET_SIZE(list));
        if (target == NULL) {
            return NULL;
        }
    }
    if (PyList_Append(target, item) < 0) {
        Py_DECREF(target);
        return NULL;
    }
    return target;
}

/* The same questions with the count stored first: declared with the count,
 * and (C89 style) assigned from the field. */
static int
stored_unique(PyObject *obj)
{
    return PyUnstable_Object_IsUniquelyReferenced(obj);
}

static int
stored_shared(PyObject *obj)
{

    return !PyUnstable_Object_IsUniquelyReferenced(obj);
}

/* Answers for fresh objects whose counts this function controls. */
static PyObject *
fresh_counts(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *list = PyList_New(0);
    PyObject *alias, *grown, *result;
    int unique, shared, unique_left, shared_left, field_unique, field_shared;
    int stored_unique_fresh, stored_shared_aliased;
    Py_ssize_t field_count;

    if (list == NULL) {
        return NULL;
    }
    unique = PyUnstable_Object_IsUniquelyReferenced(list);
    stored_unique_fresh = stored_unique(list);
    alias = Py_NewRef(list);
    shared = !PyUnstable_Object_IsUniquelyReferenced(list);
    unique_left = PyUnstable_Object_IsUniquelyReferenced(list);
    shared_left = !PyUnstable_Object_IsUniquelyReferenced(list);
    field_unique = PyUnstable_Object_IsUniquelyReferenced(list);
    field_shared = !PyUnstable_Object_IsUniquelyReferenced((PyObject *)alias);
    field_count = Py_REFCNT(list);
    stored_shared_aliased = stored_shared(list);
    Py_DECREF(alias);

    /* list is unique again: appended in place, same object back. */
    grown = append_fast(list, Py_None);
    if (grown == NULL) {
        Py_DECREF(list);
        return NULL;
    }
    result = Py_BuildValue("iiiiiinOii", unique, shared, unique_left,
                           shared_left, field_unique, field_shared,
                           field_count, grown == list ? Py_True : Py_False,
                           stored_unique_fresh, stored_shared_aliased);
    Py_DECREF(grown);
    Py_DECREF(list);
    return result;
}

/* Python-visible: append `item` to `list`, in place only if unique. */
static PyObject *
appended(PyObject *self, PyObject *args)
{
    PyObject *list, *item;
    if (!PyArg_ParseTuple(args, "O!O", &PyList_Type, &list, &item)) {
        return NULL;
    }
    return append_fast(list, item);
}

/* Python-visible: 1 when the argument is shared, by the field. */
static PyObject *
is_shared(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(!PyUnstable_Object_IsUniquelyReferenced(obj));
}

/* Python-visible: 1 when the argument is unique, by a stored count. */
static PyObject *
is_unique_stored(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(stored_unique(obj));
}

static PyMethodDef methods[] = {
    {"fresh_counts", fresh_counts, METH_NOARGS, NULL},
    {"appended", appended, METH_VARARGS, NULL},
    {"is_shared", is_shared, METH_O, NULL},
    {"is_unique_stored", is_unique_stored, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "refcount_test_unique", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_refcount_test_unique(void)
{
    return PyModule_Create(&moduledef);
}
