/* borrowed_tier1: legacy lookups whose borrowed result is owned at once
 * (tier 1 of freethreading-borrowed-reference). The fixed module must return
 * the same results, leak nothing and free nothing twice, error paths
 * included. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* lst[i] through Py_XNewRef(PyList_GetItem): IndexError out of range. */
static PyObject *
list_item(PyObject *self, PyObject *args)
{
    PyObject *list;
    Py_ssize_t i;

    if (!PyArg_ParseTuple(args, "O!n:list_item", &PyList_Type, &list, &i))
        return NULL;
    return Py_XNewRef(PyList_GetItem(list, i));
}

/* lst[0] with an early exit on NULL before the INCREF. */
static PyObject *
first(PyObject *self, PyObject *list)
{
    PyObject *item;

    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "first() expects a list");
        return NULL;
    }
    item = PyList_GetItem(list, 0);
    if (item == NULL) {
        return NULL;
    }
    Py_INCREF(item);
    return item;
}

/* d.get(k) through PyDict_GetItem (errors swallowed: None). */
static PyObject *
dict_get(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *value;

    if (!PyArg_ParseTuple(args, "O!O:dict_get", &PyDict_Type, &dict, &key))
        return NULL;
    value = PyDict_GetItem(dict, key);
    Py_XINCREF(value);
    if (value == NULL)
        Py_RETURN_NONE;
    return value;
}

/* d[k] through PyDict_GetItemWithError: KeyError, or the lookup's error. */
static PyObject *
dict_get_strict(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;

    if (!PyArg_ParseTuple(args, "O!O:dict_get_strict", &PyDict_Type, &dict, &key))
        return NULL;
    PyObject *value = PyDict_GetItemWithError(dict, key);
    if (value == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    Py_INCREF(value);
    return value;
}

/* d.get("key") through PyDict_GetItemString, INCREF under a NULL test. */
static PyObject *
dict_get_string(PyObject *self, PyObject *dict)
{
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "dict_get_string() expects a dict");
        return NULL;
    }
    PyObject *value = PyDict_GetItemString(dict, "key");
    if (value)
        Py_INCREF(value);
    if (value == NULL)
        Py_RETURN_NONE;
    return value;
}

/* d.setdefault(k, default): TypeError for an unhashable key. */
static PyObject *
setdefault(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *dflt, *value;

    if (!PyArg_ParseTuple(args, "O!OO:setdefault", &PyDict_Type, &dict, &key, &dflt))
        return NULL;
    value = Py_XNewRef(PyDict_SetDefault(dict, key, dflt));
    return value;
}

/* The referent of a weak reference, or None once it is dead. */
static PyObject *
referent(PyObject *self, PyObject *ref)
{
    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "referent() expects a weakref");
        return NULL;
    }
    PyObject *obj = PyWeakref_GET_OBJECT(ref);
    Py_INCREF(obj);
    return obj;
}

static PyObject *
referent_x(PyObject *self, PyObject *ref)
{
    PyObject *obj;

    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "referent_x() expects a weakref");
        return NULL;
    }
    obj = Py_XNewRef(PyWeakref_GetObject(ref));
    return obj;
}

/* The content of a cell, or None for an empty cell. */
static PyObject *
cell_value(PyObject *self, PyObject *cell)
{
    PyObject *value;

    if (!PyCell_Check(cell)) {
        PyErr_SetString(PyExc_TypeError, "cell_value() expects a cell");
        return NULL;
    }
    value = Py_XNewRef(PyCell_GET(cell));
    if (value == NULL)
        Py_RETURN_NONE;
    return value;
}

/* Whether sys.modules[name] is a module, through PyImport_AddModule. */
static PyObject *
module_name(PyObject *self, PyObject *args)
{
    const char *name;
    PyObject *module, *result;

    if (!PyArg_ParseTuple(args, "s:module_name", &name))
        return NULL;
    module = Py_NewRef(PyImport_AddModule(name));
    result = PyBool_FromLong(PyModule_Check(module));
    Py_DECREF(module);
    return result;
}

static PyMethodDef methods[] = {
    {"list_item", list_item, METH_VARARGS, NULL},
    {"first", first, METH_O, NULL},
    {"dict_get", dict_get, METH_VARARGS, NULL},
    {"dict_get_strict", dict_get_strict, METH_VARARGS, NULL},
    {"dict_get_string", dict_get_string, METH_O, NULL},
    {"setdefault", setdefault, METH_VARARGS, NULL},
    {"referent", referent, METH_O, NULL},
    {"referent_x", referent_x, METH_O, NULL},
    {"cell_value", cell_value, METH_O, NULL},
    {"module_name", module_name, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "borrowed_tier1", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_tier1(void)
{
    return PyModule_Create(&module_def);
}
