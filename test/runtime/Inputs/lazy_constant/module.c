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

static PyObject *empty;

static PyObject *
tag(PyObject *self, PyObject *arg)
{
    static PyObject *prefix;

    if (prefix == NULL) {
        prefix = PyUnicode_InternFromString("tag:");
        if (prefix == NULL)
            return NULL;
    }
    return PyUnicode_Concat(prefix, arg);
}

static PyObject *
empty_tuple(PyObject *self, PyObject *unused)
{
    if (!empty)
        empty = PyTuple_New(0);
    return Py_XNewRef(empty);
}

static PyObject *
math_module(PyObject *self, PyObject *unused)
{
    static PyObject *math;

    if (math == NULL) {
        math = PyImport_ImportModule("math");
        if (math == NULL)
            return NULL;
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
