/* borrowed_tier3: legacy membership tests through the borrowed lookups
 * (tier 3 of freethreading-borrowed-reference). PyDict_GetItem and
 * PyDict_GetItemString swallowed lookup errors ("not there");
 * PyDict_GetItemWithError left them set for the caller. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

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

static PyObject *
lacks_option(PyObject *self, PyObject *dict)
{
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "lacks_option() expects a dict");
        return NULL;
    }
    if (!PyDict_GetItemString(dict, "option")) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_FALSE;
}

static PyObject *
has_key_strict(PyObject *self, PyObject *args)
{
    PyObject *dict, *key;

    if (!PyArg_ParseTuple(args, "O!O:has_key_strict", &PyDict_Type, &dict, &key))
        return NULL;
    if (PyDict_GetItemWithError(dict, key) == NULL) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

/* How many of the keys are present; a raising comparison in the loop is
 * swallowed ("not there"). */
static PyObject *
count_present(PyObject *self, PyObject *args)
{
    PyObject *dict, *keys;
    Py_ssize_t i, n = 0;

    if (!PyArg_ParseTuple(args, "O!O!:count_present", &PyDict_Type, &dict,
                          &PyTuple_Type, &keys))
        return NULL;
    for (i = 0; i < PyTuple_GET_SIZE(keys); i++) {
        if (PyDict_GetItem(dict, PyTuple_GET_ITEM(keys, i)) != NULL) {
            n++;
        }
    }
    return PyLong_FromSsize_t(n);
}

/* The same with PyDict_GetItemWithError: the first error stops the loop. */
static PyObject *
count_present_strict(PyObject *self, PyObject *args)
{
    PyObject *dict, *keys;
    Py_ssize_t i, n = 0;

    if (!PyArg_ParseTuple(args, "O!O!:count_present_strict", &PyDict_Type,
                          &dict, &PyTuple_Type, &keys))
        return NULL;
    for (i = 0; i < PyTuple_GET_SIZE(keys); i++) {
        int missing = PyDict_GetItemWithError(dict, PyTuple_GET_ITEM(keys, i)) == NULL;
        if (missing && PyErr_Occurred())
            return NULL;
        if (!missing)
            n++;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef methods[] = {
    {"has_key", has_key, METH_VARARGS, NULL},
    {"lacks_option", lacks_option, METH_O, NULL},
    {"has_key_strict", has_key_strict, METH_VARARGS, NULL},
    {"count_present", count_present, METH_VARARGS, NULL},
    {"count_present_strict", count_present_strict, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "borrowed_tier3", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_tier3(void)
{
    return PyModule_Create(&module_def);
}
