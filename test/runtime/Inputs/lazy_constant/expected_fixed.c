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

static PyObject *
cached_token(PyObject *self, PyObject *holder)
{
    static PyObject *_Atomic token;

    if (token == NULL) {
        PyObject *new_token = PyObject_GetAttrString(holder, "token");
        if (new_token == NULL)
            return NULL;
        PyObject *unset = NULL;
        if (!atomic_compare_exchange_strong(&token, &unset, new_token))
            Py_XDECREF(new_token);
    }
    return Py_NewRef(token);
}

static PyObject *
brackets(PyObject *self, PyObject *unused)
{
    static PyObject *_Atomic open_br = NULL;
    static PyObject *_Atomic close_br = NULL;
    static PyObject *_Atomic empty_br = NULL;

    if (open_br == NULL || close_br == NULL || empty_br == NULL) {
        PyObject *new_open_br = PyUnicode_InternFromString("[");
        PyObject *new_close_br = PyUnicode_InternFromString("]");
        PyObject *new_empty_br = PyUnicode_InternFromString("[]");
        if (new_open_br == NULL || new_close_br == NULL || new_empty_br == NULL) {
            Py_XDECREF(new_open_br);
            Py_XDECREF(new_close_br);
            Py_XDECREF(new_empty_br);
            return NULL;
        }
        PyObject *unset = NULL;
        if (!atomic_compare_exchange_strong(&open_br, &unset, new_open_br))
            Py_XDECREF(new_open_br);
        unset = NULL;
        if (!atomic_compare_exchange_strong(&close_br, &unset, new_close_br))
            Py_XDECREF(new_close_br);
        unset = NULL;
        if (!atomic_compare_exchange_strong(&empty_br, &unset, new_empty_br))
            Py_XDECREF(new_empty_br);
    }
    return PyTuple_Pack(3, open_br, close_br, empty_br);
}

static PyObject *
binding_kind(PyObject *self, PyObject *arg)
{
    static PyObject *_Atomic function_str = NULL;
    static PyObject *_Atomic method_str = NULL;

    if (!function_str) {
#if PY_MAJOR_VERSION >= 3
        PyObject *new_function_str = PyUnicode_InternFromString("function");
        PyObject *new_method_str = PyUnicode_InternFromString("method");
        PyObject *unset = NULL;
        if (new_method_str != NULL && !atomic_compare_exchange_strong(&method_str, &unset, new_method_str))
            Py_XDECREF(new_method_str);
        unset = NULL;
        if (new_function_str != NULL && !atomic_compare_exchange_strong(&function_str, &unset, new_function_str))
            Py_XDECREF(new_function_str);
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

static PyObject *_Atomic path_sep;

static PyObject *
separator(PyObject *self, PyObject *arg)
{
    if (PyObject_IsTrue(arg)) {
        if (!path_sep) {
            PyObject *new_path_sep = load("os", "sep");
            PyObject *unset = NULL;
            if (new_path_sep != NULL && !atomic_compare_exchange_strong(&path_sep, &unset, new_path_sep))
                Py_XDECREF(new_path_sep);
        }
        return Py_XNewRef(path_sep);
    }
    if (path_sep == NULL) {
        PyObject *module;
        if ((module = PyImport_ImportModule("os")) == NULL)
            return NULL;
        PyObject *new_path_sep = PyObject_GetAttrString(module, "sep");
        Py_DECREF(module);
        if (new_path_sep == NULL)
            return NULL;
        PyObject *unset = NULL;
        if (!atomic_compare_exchange_strong(&path_sep, &unset, new_path_sep))
            Py_XDECREF(new_path_sep);
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
