/* borrowed_tier2: lookups whose borrowed result is kept in a local that is
 * only read (tier 2 of freethreading-borrowed-reference). The fixed module
 * owns the local and releases it on every exit: return, return using it,
 * goto, break, continue, Py_RETURN_NONE, the end of a block, and
 * `Py_INCREF(x); return x;`. It must return the same results and leak
 * nothing, error paths included. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* sum(lst[:n]) of the ints, stopping at None: IndexError past the end.
 * Exits: return (NULL), break, continue, end of the loop body. */
static PyObject *
list_sum(PyObject *self, PyObject *args)
{
    PyObject *list;
    Py_ssize_t n, i;
    long total = 0;

    if (!PyArg_ParseTuple(args, "O!n:list_sum", &PyList_Type, &list, &n))
        return NULL;
    for (i = 0; i < n; i++) {
        PyObject *item = PyList_GetItem(list, i);
        if (item == NULL)
            return NULL;
        if (item == Py_None)
            break;
        if (!PyLong_Check(item))
            continue;
        total += PyLong_AsLong(item);
    }
    return PyLong_FromLong(total);
}

/* How many items of lst equal target: a raising __eq__ leaves the loop by
 * a return with the exception set. */
static PyObject *
count_equal(PyObject *self, PyObject *args)
{
    PyObject *list, *target;
    Py_ssize_t i, count = 0;

    if (!PyArg_ParseTuple(args, "O!O:count_equal", &PyList_Type, &list, &target))
        return NULL;
    for (i = 0; i < PyList_GET_SIZE(list); i++) {
        PyObject *item = PyList_GetItem(list, i);
        int eq = PyObject_RichCompareBool(item, target, Py_EQ);
        if (eq < 0)
            return NULL;
        if (eq)
            count++;
    }
    return PyLong_FromSsize_t(count);
}

/* repr(d.get(k)) or None (PyDict_GetItem swallowed errors): Py_RETURN_NONE
 * and a return whose value uses the local. */
static PyObject *
dict_repr(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;

    if (!PyArg_ParseTuple(args, "O!O:dict_repr", &PyDict_Type, &dict, &key))
        return NULL;
    PyObject *value = PyDict_GetItem(dict, key);
    if (value == NULL)
        Py_RETURN_NONE;
    return PyObject_Repr(value);
}

/* d[k] (PyDict_GetItemWithError): a goto out of the block on error, a list
 * returned as is (INCREF then return), anything else as its repr. */
static PyObject *
dict_strict(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *result;

    if (!PyArg_ParseTuple(args, "O!O:dict_strict", &PyDict_Type, &dict, &key))
        return NULL;
    {
        PyObject *value = PyDict_GetItemWithError(dict, key);
        if (value == NULL)
            goto error;
        if (PyList_Check(value)) {
            Py_INCREF(value);
            return value;
        }
        result = PyObject_Repr(value);
    }
    return result;
error:
    if (!PyErr_Occurred())
        PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
}

/* str(d.get("key", -1)) through PyDict_GetItemString. */
static PyObject *
dict_string(PyObject *self, PyObject *dict)
{
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "dict_string() expects a dict");
        return NULL;
    }
    PyObject *value = PyDict_GetItemString(dict, "key");
    if (!value) {
        return PyLong_FromLong(-1);
    }
    return PyObject_Str(value);
}

/* repr(d.setdefault(k, default)). */
static PyObject *
setdefault_repr(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *dflt;

    if (!PyArg_ParseTuple(args, "O!OO:setdefault_repr", &PyDict_Type, &dict,
                          &key, &dflt))
        return NULL;
    PyObject *value = PyDict_SetDefault(dict, key, dflt);
    if (value == NULL)
        return NULL;
    return PyObject_Repr(value);
}

/* repr of a cell's content, None when empty. */
static PyObject *
cell_repr(PyObject *self, PyObject *cell)
{
    if (!PyCell_Check(cell)) {
        PyErr_SetString(PyExc_TypeError, "cell_repr() expects a cell");
        return NULL;
    }
    PyObject *value = PyCell_GET(cell);
    if (value == NULL)
        Py_RETURN_NONE;
    return PyObject_Repr(value);
}

/* Whether sys.modules[name] is a module; the end of the block is reached. */
static PyObject *
module_is_module(PyObject *self, PyObject *args)
{
    const char *name;
    int is_module = -1;

    if (!PyArg_ParseTuple(args, "s:module_is_module", &name))
        return NULL;
    {
        PyObject *module = PyImport_AddModule(name);
        if (module != NULL)
            is_module = PyModule_Check(module);
    }
    if (is_module < 0)
        return NULL;
    return PyBool_FromLong(is_module);
}

static PyMethodDef methods[] = {
    {"list_sum", list_sum, METH_VARARGS, NULL},
    {"count_equal", count_equal, METH_VARARGS, NULL},
    {"dict_repr", dict_repr, METH_VARARGS, NULL},
    {"dict_strict", dict_strict, METH_VARARGS, NULL},
    {"dict_string", dict_string, METH_O, NULL},
    {"setdefault_repr", setdefault_repr, METH_VARARGS, NULL},
    {"cell_repr", cell_repr, METH_O, NULL},
    {"module_is_module", module_is_module, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "borrowed_tier2", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_tier2(void)
{
    return PyModule_Create(&module_def);
}
