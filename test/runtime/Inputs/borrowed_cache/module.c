/* borrowed_cache: the cache idiom of legacy modules. A borrowed lookup is
 * kept in a local; the branch where nothing was found assigns the local a
 * new object, stores it in the cache, and either returns it or releases its
 * own reference and falls through to the code the found path runs. The
 * fixed module owns the local on both paths and must return the same
 * results and leak nothing, error paths included. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* cache[key], else repr(key) stored in the cache: the missing branch
 * returns (PyDict_GetItem swallows lookup errors: an unhashable or raising
 * key misses, then fails in PyDict_SetItem). */
static PyObject *
cached_repr(PyObject *self, PyObject *args)
{
    PyObject *cache, *key, *r;

    if (!PyArg_ParseTuple(args, "O!O:cached_repr", &PyDict_Type, &cache, &key))
        return NULL;
    r = PyDict_GetItem(cache, key);
    if (r == NULL) {
        r = PyObject_Repr(key);
        if (r == NULL)
            return NULL;
        if (PyDict_SetItem(cache, key, r) < 0) {
            Py_DECREF(r);
            return NULL;
        }
        return r;
    }
    Py_INCREF(r);
    return r;
}

/* The same with PyDict_GetItemWithError: the missing branch releases its
 * reference and falls through to the found path's `Py_INCREF; return`. */
static PyObject *
cached_list(PyObject *self, PyObject *args)
{
    PyObject *cache, *key;

    if (!PyArg_ParseTuple(args, "O!O:cached_list", &PyDict_Type, &cache, &key))
        return NULL;
    PyObject *r = PyDict_GetItemWithError(cache, key);
    if (!r) {
        if (PyErr_Occurred())
            return NULL;
        r = PyList_New(0);
        if (!r)
            return NULL;
        if (PyDict_SetItem(cache, key, r) < 0) {
            Py_DECREF(r);
            return NULL;
        }
        Py_DECREF(r);
    }
    Py_INCREF(r);
    return r;
}

/* len(cache["items"]), creating the list on first use: the missing branch
 * falls through, and the value returned uses the local. */
static PyObject *
cached_len(PyObject *self, PyObject *cache)
{
    PyObject *items;
    Py_ssize_t n;

    if (!PyDict_Check(cache)) {
        PyErr_SetString(PyExc_TypeError, "cached_len() expects a dict");
        return NULL;
    }
    items = PyDict_GetItemString(cache, "items");
    if (items == NULL) {
        items = PyList_New(0);
        if (items == NULL)
            return NULL;
        if (PyDict_SetItemString(cache, "items", items) < 0) {
            Py_DECREF(items);
            return NULL;
        }
        Py_DECREF(items);
    }
    n = PyObject_Length(items);
    if (n < 0)
        return NULL;
    return PyLong_FromSsize_t(n);
}

/* cache[key] * 2 (by addition), else -2 (not stored): the found path takes its own
 * reference in an else, so both paths own the local where they meet, and
 * the exits after it release it (a failed addition through a goto). */
static PyObject *
cached_next(PyObject *self, PyObject *args)
{
    PyObject *cache, *key, *value, *result = NULL;

    if (!PyArg_ParseTuple(args, "O!O:cached_next", &PyDict_Type, &cache, &key))
        return NULL;
    value = PyDict_GetItemWithError(cache, key);
    if (value == NULL) {
        if (PyErr_Occurred())
            goto error;
        value = PyLong_FromLong(-1);
        if (value == NULL)
            goto error;
    }
    else {
        Py_INCREF(value);
    }
    result = PyNumber_Add(value, value);
    Py_DECREF(value);
    if (result == NULL)
        goto error;
    return result;
error:
    return NULL;
}

/* settings["b"] - (-settings["a"]), "a" created as 0 and stored when
 * missing: one local for both lookups (the first one's range ends where
 * the second assigns it; the second reads nothing of the first). */
static PyObject *
chain_sum(PyObject *self, PyObject *settings)
{
    PyObject *val, *a, *result;

    if (!PyDict_Check(settings)) {
        PyErr_SetString(PyExc_TypeError, "chain_sum() expects a dict");
        return NULL;
    }
    val = PyDict_GetItemString(settings, "a");
    if (!val) {
        val = PyLong_FromLong(0);
        if (!val)
            return NULL;
        if (PyDict_SetItemString(settings, "a", val) < 0) {
            Py_DECREF(val);
            return NULL;
        }
        Py_DECREF(val);
    }
    a = PyNumber_Negative(val);
    if (a == NULL)
        return NULL;
    val = PyDict_GetItemString(settings, "b");
    if (!val) {
        Py_DECREF(a);
        PyErr_SetString(PyExc_KeyError, "b");
        return NULL;
    }
    result = PyNumber_Subtract(val, a);
    Py_DECREF(a);
    return result;
}

static PyMethodDef methods[] = {
    {"cached_repr", cached_repr, METH_VARARGS, NULL},
    {"cached_list", cached_list, METH_VARARGS, NULL},
    {"cached_len", cached_len, METH_O, NULL},
    {"cached_next", cached_next, METH_VARARGS, NULL},
    {"chain_sum", chain_sum, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "borrowed_cache", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_cache(void)
{
    return PyModule_Create(&module_def);
}
