/* lazy_constant: a legacy module that creates its constants on first use
 * and keeps them in statics: an interned prefix (with an error check), the
 * empty tuple (no error check, no braces), the math module, an attribute
 * of the caller's object (which may run Python code), three brackets
 * made under one test (with an error check), and two names made under the
 * test of one of them, with a Python 2 branch beside them. With the
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

static PyObject *
cached_token(PyObject *self, PyObject *holder)
{
    static PyObject *token;

    if (token == NULL) {
        token = PyObject_GetAttrString(holder, "token");
        if (token == NULL)
            return NULL;
    }
    return Py_NewRef(token);
}

static PyObject *
brackets(PyObject *self, PyObject *unused)
{
    static PyObject *open_br = NULL;
    static PyObject *close_br = NULL;
    static PyObject *empty_br = NULL;

    if (open_br == NULL || close_br == NULL || empty_br == NULL) {
        open_br = PyUnicode_InternFromString("[");
        close_br = PyUnicode_InternFromString("]");
        empty_br = PyUnicode_InternFromString("[]");
        if (open_br == NULL || close_br == NULL || empty_br == NULL)
            return NULL;
    }
    return PyTuple_Pack(3, open_br, close_br, empty_br);
}

static PyObject *
binding_kind(PyObject *self, PyObject *arg)
{
    static PyObject *function_str = NULL;
    static PyObject *method_str = NULL;

    if (!function_str) {
#if PY_MAJOR_VERSION >= 3
        function_str = PyUnicode_InternFromString("function");
        method_str = PyUnicode_InternFromString("method");
#else
        function_str = PyString_InternFromString("function");
        method_str = PyString_InternFromString("method");
#endif
    }
    if (function_str == NULL || method_str == NULL)
        return NULL;
    if (PyObject_RichCompareBool(arg, function_str, Py_EQ) == 1)
        return PyLong_FromLong(1);
    if (PyObject_RichCompareBool(arg, method_str, Py_EQ) == 1)
        return PyLong_FromLong(2);
    return PyLong_FromLong(0);
}

static PyObject *
load(const char *module_name, const char *name)
{
    PyObject *module;
    PyObject *object;

    module = PyImport_ImportModule(module_name);
    if (!module)
        return NULL;
    object = PyObject_GetAttrString(module, name);
    Py_DECREF(module);
    return object;
}

static PyObject *path_sep;

static PyObject *
separator(PyObject *self, PyObject *arg)
{
    if (PyObject_IsTrue(arg)) {
        if (!path_sep)
            path_sep = load("os", "sep");
        return Py_XNewRef(path_sep);
    }
    if (path_sep == NULL) {
        PyObject *module;
        if ((module = PyImport_ImportModule("os")) == NULL)
            return NULL;
        path_sep = PyObject_GetAttrString(module, "sep");
        Py_DECREF(module);
        if (path_sep == NULL)
            return NULL;
    }
    return Py_NewRef(path_sep);
}

static PyMethodDef lazy_constant_methods[] = {
    {"tag", tag, METH_O, NULL},
    {"empty_tuple", empty_tuple, METH_NOARGS, NULL},
    {"math_module", math_module, METH_NOARGS, NULL},
    {"cached_token", cached_token, METH_O, NULL},
    {"brackets", brackets, METH_NOARGS, NULL},
    {"binding_kind", binding_kind, METH_O, NULL},
    {"separator", separator, METH_O, NULL},
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
