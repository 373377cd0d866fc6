/* Legacy uniqueness tests on reference counts, the shapes
 * freethreading-refcount-test rewrites: Py_REFCNT(x) == 1 and its negations,
 * the number on the left, the ob_refcnt field (in a test and in a plain
 * read), and a count stored in a local first and tested later. Built against the debug 3.11 interpreter, where
 * PyUnstable_Object_IsUniquelyReferenced comes from compat/ft_compat.h. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Appends to `list` in place when the caller holds the only reference,
 * otherwise appends to a copy: the classic "steal if unique" fast path. */
static PyObject *
append_fast(PyObject *list, PyObject *item)
{
    PyObject *target;
    if (Py_REFCNT(list) == 1) {
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
    Py_ssize_t n = Py_REFCNT(obj);
    return n == 1;
}

static int
stored_shared(PyObject *obj)
{
    Py_ssize_t refcnt;

    refcnt = obj->ob_refcnt;
    return refcnt > 1;
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
    unique = Py_REFCNT(list) <= 1;
    stored_unique_fresh = stored_unique(list);
    alias = Py_NewRef(list);
    shared = Py_REFCNT(list) != 1;
    unique_left = 1 == Py_REFCNT(list);
    shared_left = 2 <= Py_REFCNT(list);
    field_unique = list->ob_refcnt < 2;
    field_shared = ((PyObject *)alias)->ob_refcnt > 1;
    field_count = list->ob_refcnt;
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
    return PyBool_FromLong(obj->ob_refcnt > 1);
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
