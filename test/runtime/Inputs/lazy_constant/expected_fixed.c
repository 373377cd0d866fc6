/* lazy_constant: a legacy module that creates its constants on first use
 * and keeps them in statics: an interned prefix (with an error check), the
 * empty tuple (no error check, no braces) and the math module. With the
 * GIL the first caller creates each one. On a free-threaded build two first
 * callers can both find a static unset and both store into it: one object
 * leaks, and a reader can see the pointer before the object behind it.
 *
 * freethreading-global-state creates each into a local and publishes it
 * once with a compare-and-swap on the (now _Atomic) static; the caller that
 * loses releases its own object. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdatomic.h>

static PyObject *_Atomic empty;

static PyObject *
tag(PyObject *self, PyObject *arg)
{
    static PyObject *_Atomic prefix;

    if (prefix == NULL) {
        PyObject *new_prefix = PyUnicode_InternFromString("tag:");
        if (new_prefix == NULL)
            return NULL;
        PyObject *unset = NULL;
        if (!atomic_compare_exchange_strong(&prefix, &unset, new_prefix))
            Py_XDECREF(new_prefix);
    }
    return PyUnicode_Concat(prefix, arg);
}

static PyObject *
empty_tuple(PyObject *self, PyObject *unused)
{
    if (!empty) {
        PyObject *new_empty = PyTuple_New(0);
        PyObject *unset = NULL;
        if (new_empty != NULL && !atomic_compare_exchange_strong(&empty, &unset, new_empty))
            Py_XDECREF(new_empty);
    }
    return Py_XNewRef(empty);
}

static PyObject *
math_module(PyObject *self, PyObject *unused)
{
    static PyObject *_Atomic math;

    if (math == NULL) {
        PyObject *new_math = PyImport_ImportModule("math");
        if (new_math == NULL)
            return NULL;
        PyObject *unset = NULL;
        if (!atomic_compare_exchange_strong(&math, &unset, new_math))
            Py_XDECREF(new_math);
    }
    return Py_NewRef(math);
}

static PyMethodDef lazy_constant_methods[] = {
    {"tag", tag, METH_O, NULL},
    {"empty_tuple", empty_tuple, METH_NOARGS, NULL},
    {"math_module", math_module, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef lazy_constant_module = {
    PyModuleDef_HEAD_INIT, "lazy_constant", NULL, -1, lazy_constant_methods,
};

PyMODINIT_FUNC
PyInit_lazy_constant(void)
{
    return PyModule_Create(&lazy_constant_module);
}
