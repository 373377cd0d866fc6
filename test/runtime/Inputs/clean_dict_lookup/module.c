/* clean_dict_lookup: a legacy (pre-free-threading) extension module that
 * uses the borrowed-reference API correctly for a GIL build: every borrowed
 * result is either used before anything can release it or turned into an
 * owned reference, and every error path is handled. It must pass the runtime
 * harness as written and after ft-tidy's fix-its (which must return the same
 * results and leak nothing).
 *
 * The functions follow the shapes SPEC.md section 5 gives fix-it tiers for:
 * borrow-then-own (Py_NewRef / Py_INCREF right after the lookup), owned
 * local (read-only use, several returns), membership test, weakref with a
 * Py_None test, and the PyDict_SetDefault / PyImport_AddModule borrowers.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* get_or_none(d, key): d.get(key) through PyDict_GetItem, which swallows
 * errors: a missing key, an unhashable key or a raising __hash__/__eq__ all
 * give None. Borrow-then-own: INCREF right after the lookup. */
static PyObject *
get_or_none(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value;

    if (!PyArg_ParseTuple(args, "O!O:get_or_none", &PyDict_Type, &dict, &key))
        return NULL;
    value = PyDict_GetItem(dict, key);
    Py_XINCREF(value);
    if (value == NULL)
        Py_RETURN_NONE;
    return value;
}

/* get_strict(d, key): d[key] through PyDict_GetItemWithError: KeyError when
 * missing, the lookup's own error (TypeError, a raising __hash__/__eq__,
 * SystemError for a non-dict) otherwise. */
static PyObject *
get_strict(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value;

    if (!PyArg_ParseTuple(args, "OO:get_strict", &dict, &key))
        return NULL;
    value = PyDict_GetItemWithError(dict, key);
    if (value == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return Py_NewRef(value);
}

/* value_length(d, key): len(d[key]), or -1 when the key is missing.
 * Owned-local shape: the value is only read, and the function has several
 * exits after the lookup. */
static PyObject *
value_length(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value;
    Py_ssize_t length;

    if (!PyArg_ParseTuple(args, "O!O:value_length", &PyDict_Type, &dict, &key))
        return NULL;
    value = PyDict_GetItemWithError(dict, key);
    if (value == NULL) {
        if (PyErr_Occurred())
            return NULL;
        return PyLong_FromLong(-1);
    }
    length = PyObject_Length(value);
    if (length < 0)
        return NULL;
    return PyLong_FromSsize_t(length);
}

/* flag_enabled(config): bool(config["flag"]) through PyDict_GetItemString;
 * False when the key is missing; a raising __bool__ propagates. */
static PyObject *
flag_enabled(PyObject *self, PyObject *config)
{
    PyObject *flag;
    int truth;

    if (!PyDict_Check(config)) {
        PyErr_SetString(PyExc_TypeError, "flag_enabled() expects a dict");
        return NULL;
    }
    flag = PyDict_GetItemString(config, "flag");
    if (flag == NULL)
        Py_RETURN_FALSE;
    truth = PyObject_IsTrue(flag);
    if (truth < 0)
        return NULL;
    return PyBool_FromLong(truth);
}

/* has_key(d, key): membership through PyDict_GetItem (errors swallowed:
 * an unhashable key is simply "not there"). */
static PyObject *
has_key(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;

    if (!PyArg_ParseTuple(args, "O!O:has_key", &PyDict_Type, &dict, &key))
        return NULL;
    if (PyDict_GetItem(dict, key) != NULL)
        Py_RETURN_TRUE;
    Py_RETURN_FALSE;
}

/* item_str(lst, i): str(lst[i]) through PyList_GetItem; IndexError out of
 * range (no negative indexing), TypeError for a non-list (argument parsing),
 * str()'s own error propagates. */
static PyObject *
item_str(PyObject *self, PyObject *args)
{
    PyObject *list, *item;
    Py_ssize_t index;

    if (!PyArg_ParseTuple(args, "O!n:item_str", &PyList_Type, &list, &index))
        return NULL;
    item = PyList_GetItem(list, index);
    if (item == NULL)
        return NULL;
    return PyObject_Str(item);
}

/* first_and_last(lst): (lst[0], lst[-1]) as a new tuple; IndexError when
 * empty. Each borrowed item is owned before the next call. */
static PyObject *
first_and_last(PyObject *self, PyObject *list)
{
    PyObject *first, *last, *pair;
    Py_ssize_t size;

    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "first_and_last() expects a list");
        return NULL;
    }
    size = PyList_Size(list);
    first = PyList_GetItem(list, 0);
    if (first == NULL)
        return NULL;
    Py_INCREF(first);
    last = PyList_GetItem(list, size - 1);
    if (last == NULL) {
        Py_DECREF(first);
        return NULL;
    }
    Py_INCREF(last);
    pair = PyTuple_Pack(2, first, last);
    Py_DECREF(first);
    Py_DECREF(last);
    return pair;
}

/* referent_repr(ref): repr of the referent of a weak reference, or
 * "<dead>" once it has gone; TypeError for anything but a weakref. */
static PyObject *
referent_repr(PyObject *self, PyObject *ref)
{
    PyObject *obj;

    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "referent_repr() expects a weakref");
        return NULL;
    }
    obj = PyWeakref_GetObject(ref);
    if (obj == NULL)
        return NULL;
    if (obj == Py_None)
        return PyUnicode_FromString("<dead>");
    return PyObject_Repr(obj);
}

/* referent_or_none(ref): the referent itself (new reference) or None, with
 * the PyWeakref_GET_OBJECT macro. */
static PyObject *
referent_or_none(PyObject *self, PyObject *ref)
{
    PyObject *obj;

    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "referent_or_none() expects a weakref");
        return NULL;
    }
    obj = PyWeakref_GET_OBJECT(ref);
    if (obj == Py_None)
        Py_RETURN_NONE;
    Py_INCREF(obj);
    return obj;
}

/* remember(d, key, default): d.setdefault(key, default) through
 * PyDict_SetDefault; TypeError for an unhashable key. */
static PyObject *
remember(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *dflt, *value;

    if (!PyArg_ParseTuple(args, "O!OO:remember", &PyDict_Type, &dict, &key, &dflt))
        return NULL;
    value = PyDict_SetDefault(dict, key, dflt);
    if (value == NULL)
        return NULL;
    Py_INCREF(value);
    return value;
}

/* module_attr(name, attr): getattr(sys.modules[name], attr) through
 * PyImport_AddModule (an existing module; a missing attribute raises). */
static PyObject *
module_attr(PyObject *self, PyObject *args)
{
    const char *name;
    PyObject *attr, *module;

    if (!PyArg_ParseTuple(args, "sU:module_attr", &name, &attr))
        return NULL;
    module = PyImport_AddModule(name);
    if (module == NULL)
        return NULL;
    return PyObject_GetAttr(module, attr);
}

static PyMethodDef clean_dict_lookup_methods[] = {
    {"get_or_none", get_or_none, METH_VARARGS, NULL},
    {"get_strict", get_strict, METH_VARARGS, NULL},
    {"value_length", value_length, METH_VARARGS, NULL},
    {"flag_enabled", flag_enabled, METH_O, NULL},
    {"has_key", has_key, METH_VARARGS, NULL},
    {"item_str", item_str, METH_VARARGS, NULL},
    {"first_and_last", first_and_last, METH_O, NULL},
    {"referent_repr", referent_repr, METH_O, NULL},
    {"referent_or_none", referent_or_none, METH_O, NULL},
    {"remember", remember, METH_VARARGS, NULL},
    {"module_attr", module_attr, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef clean_dict_lookup_module = {
    PyModuleDef_HEAD_INIT,
    "clean_dict_lookup",
    "Correct legacy borrowed-reference lookups (runtime test case).",
    -1,
    clean_dict_lookup_methods,
};

PyMODINIT_FUNC
PyInit_clean_dict_lookup(void)
{
    return PyModule_Create(&clean_dict_lookup_module);
}
