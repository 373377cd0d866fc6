/* borrowed_propagate: lookups that swallowed errors (PyDict_GetItem,
 * PyDict_GetItemString) followed by the function's own error exit for a
 * missing key. freethreading-borrowed-reference rewrites them to the strong
 * calls, and a lookup error (a raising __hash__ or __eq__) now leaves
 * through that exit with its own exception instead of the KeyError the
 * exit sets for a missing key (the exit's exception call is guarded with
 * PyErr_Occurred()): the same releases, the same return. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* d[key] */
static PyObject *
getitem(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *r;

    if (!PyArg_ParseTuple(args, "O!O:getitem", &PyDict_Type, &dict, &key))
        return NULL;
    r = PyDict_GetItem(dict, key);
    if (r == NULL) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    Py_INCREF(r);
    return r;
}

/* [d["option"]] + target, through an int helper that owns a tuple when it
 * looks the key up. */
static int
append_option(PyObject *dict, PyObject *target)
{
    PyObject *tmp = PyTuple_New(0);
    if (tmp == NULL)
        return -1;
    PyObject *v = PyDict_GetItemString(dict, "option");
    if (!v) {
        Py_DECREF(tmp);
        PyErr_SetString(PyExc_KeyError, "option");
        return -1;
    }
    Py_INCREF(v);
    int rc = PyList_Append(target, v);
    Py_DECREF(v);
    Py_DECREF(tmp);
    return rc;
}

static PyObject *
with_option(PyObject *self, PyObject *args)
{
    PyObject *dict, *target;

    if (!PyArg_ParseTuple(args, "O!O!:with_option", &PyDict_Type, &dict,
                          &PyList_Type, &target))
        return NULL;
    if (append_option(dict, target) < 0)
        return NULL;
    return Py_NewRef(target);
}

/* repr(d[key]), the missing key through the error label. */
static PyObject *
describe(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *r, *prefix;

    if (!PyArg_ParseTuple(args, "O!O:describe", &PyDict_Type, &dict, &key))
        return NULL;
    prefix = PyUnicode_FromString("value: ");
    if (prefix == NULL)
        return NULL;
    {
        PyObject *v = PyDict_GetItem(dict, key);
        if (v == NULL) {
            PyErr_Format(PyExc_KeyError, "no %R", key);
            goto error;
        }
        r = PyObject_Repr(v);
    }
    if (r == NULL)
        goto error;
    Py_SETREF(r, PyUnicode_Concat(prefix, r));
    Py_DECREF(prefix);
    return r;
error:
    Py_DECREF(prefix);
    return NULL;
}

static PyMethodDef methods[] = {
    {"getitem", getitem, METH_VARARGS, NULL},
    {"with_option", with_option, METH_VARARGS, NULL},
    {"describe", describe, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "borrowed_propagate", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_propagate(void)
{
    return PyModule_Create(&moduledef);
}
