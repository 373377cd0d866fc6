/* compat_selftest: wraps every definition of compat/ft_compat.h so that
 * exercise.py can check the documented 3.13 semantics on the debug 3.11:
 * return values, *result protocol, exceptions, and (with the harness's
 * refcount check and sys.getrefcount in the exercise) that each result is a
 * new reference and nothing leaks or is over-released.
 *
 * Also built as C++ (case compat_selftest_cxx), so it is written in the
 * common subset of C and C++.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ft_compat.h"

/* Stored in *result before a call: still there afterwards means the
 * function did not write its out-parameter. Never dereferenced. */
static int ft_sentinel_storage;
#define SENTINEL ((PyObject *)&ft_sentinel_storage)

static PyObject *
protocol_error(const char *api, const char *what, int status)
{
    /* Replaces any pending exception: the protocol break is what matters. */
    PyErr_Format(PyExc_AssertionError, "%s %s (returned %d)", api, what, status);
    return NULL;
}

/* The outcome of an int-protocol call (1 found / 0 missing / -1 error) as
 * Python sees it: (1, value) with the new reference stolen, (0, None), or
 * the exception. Any break of the protocol becomes AssertionError. */
static PyObject *
outcome(const char *api, int status, PyObject *result)
{
    if (result == SENTINEL)
        return protocol_error(api, "did not write *result", status);
    if (status == -1) {
        if (result != NULL)
            return protocol_error(api, "left *result non-NULL on error", status);
        if (!PyErr_Occurred())
            return protocol_error(api, "failed without an exception", status);
        return NULL;
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(result);
        return protocol_error(api, "left an exception set", status);
    }
    if (status == 0) {
        if (result != NULL) {
            Py_DECREF(result);
            return protocol_error(api, "left *result non-NULL on 0", status);
        }
        return Py_BuildValue("(iO)", 0, Py_None);
    }
    if (status == 1) {
        if (result == NULL)
            return protocol_error(api, "left *result NULL on 1", status);
        return Py_BuildValue("(iN)", 1, result);
    }
    Py_XDECREF(result);
    return protocol_error(api, "returned an undocumented value", status);
}

/* The outcome of PyDict_SetDefaultRef with a result pointer: 1 (present)
 * and 0 (inserted) both come with a new reference in *result. */
static PyObject *
set_default_outcome(int status, PyObject *result)
{
    const char *api = "PyDict_SetDefaultRef";
    if (result == SENTINEL)
        return protocol_error(api, "did not write *result", status);
    if (status == -1) {
        if (result != NULL)
            return protocol_error(api, "left *result non-NULL on error", status);
        if (!PyErr_Occurred())
            return protocol_error(api, "failed without an exception", status);
        return NULL;
    }
    if (PyErr_Occurred()) {
        Py_XDECREF(result);
        return protocol_error(api, "left an exception set", status);
    }
    if (result == NULL)
        return protocol_error(api, "left *result NULL on success", status);
    if (status != 0 && status != 1) {
        Py_DECREF(result);
        return protocol_error(api, "returned an undocumented value", status);
    }
    return Py_BuildValue("(iN)", status, result);
}

/* A call that returns a new reference or NULL with an exception. */
static PyObject *
new_reference(const char *api, PyObject *result)
{
    if (result == NULL && !PyErr_Occurred())
        return protocol_error(api, "returned NULL without an exception", 0);
    if (result != NULL && PyErr_Occurred()) {
        Py_DECREF(result);
        return protocol_error(api, "returned a value with an exception set", 0);
    }
    return result;
}

static PyObject *
list_get_item_ref(PyObject *self, PyObject *args)
{
    PyObject *list;
    Py_ssize_t index;
    if (!PyArg_ParseTuple(args, "On:list_get_item_ref", &list, &index))
        return NULL;
    return new_reference("PyList_GetItemRef", PyList_GetItemRef(list, index));
}

static PyObject *
dict_get_item_ref(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *result = SENTINEL;
    int status;
    if (!PyArg_ParseTuple(args, "OO:dict_get_item_ref", &dict, &key))
        return NULL;
    status = PyDict_GetItemRef(dict, key, &result);
    return outcome("PyDict_GetItemRef", status, result);
}

static PyObject *
dict_get_item_string_ref(PyObject *self, PyObject *args)
{
    PyObject *dict, *result = SENTINEL;
    const char *key;
    int status;
    if (!PyArg_ParseTuple(args, "Oy:dict_get_item_string_ref", &dict, &key))
        return NULL;
    status = PyDict_GetItemStringRef(dict, key, &result);
    return outcome("PyDict_GetItemStringRef", status, result);
}

/* dict_set_default_ref(d, key, default, want_result) */
static PyObject *
dict_set_default_ref(PyObject *self, PyObject *args)
{
    PyObject *dict, *key, *dflt, *result = SENTINEL;
    int want_result, status;
    if (!PyArg_ParseTuple(args, "OOOp:dict_set_default_ref", &dict, &key, &dflt,
                          &want_result))
        return NULL;
    if (want_result) {
        status = PyDict_SetDefaultRef(dict, key, dflt, &result);
        return set_default_outcome(status, result);
    }
    status = PyDict_SetDefaultRef(dict, key, dflt, NULL);
    if (status == -1) {
        if (!PyErr_Occurred())
            return protocol_error("PyDict_SetDefaultRef", "failed without an exception", status);
        return NULL;
    }
    if (PyErr_Occurred())
        return protocol_error("PyDict_SetDefaultRef", "left an exception set", status);
    if (status != 0 && status != 1)
        return protocol_error("PyDict_SetDefaultRef", "returned an undocumented value", status);
    return Py_BuildValue("(iO)", status, Py_None);
}

static PyObject *
weakref_get_ref(PyObject *self, PyObject *ref)
{
    PyObject *result = SENTINEL;
    int status = PyWeakref_GetRef(ref, &result);
    return outcome("PyWeakref_GetRef", status, result);
}

static PyObject *
import_add_module_ref(PyObject *self, PyObject *args)
{
    const char *name;
    if (!PyArg_ParseTuple(args, "s:import_add_module_ref", &name))
        return NULL;
    return new_reference("PyImport_AddModuleRef", PyImport_AddModuleRef(name));
}

static PyObject *
dict_contains_string(PyObject *self, PyObject *args)
{
    PyObject *dict;
    const char *key;
    int status;
    if (!PyArg_ParseTuple(args, "O!y:dict_contains_string", &PyDict_Type, &dict, &key))
        return NULL;
    status = PyDict_ContainsString(dict, key);
    if (status == -1) {
        if (!PyErr_Occurred())
            return protocol_error("PyDict_ContainsString", "failed without an exception", status);
        return NULL;
    }
    if (PyErr_Occurred())
        return protocol_error("PyDict_ContainsString", "left an exception set", status);
    return PyLong_FromLong(status);
}

/* critical_sum(d): sum of the int values of d, iterated with PyDict_Next
 * inside Py_BEGIN_CRITICAL_SECTION(d); a non-int value raises TypeError,
 * leaving the section by break (the accepted repair), not by return. */
static PyObject *
critical_sum(PyObject *self, PyObject *dict)
{
    long total = 0;
    int failed = 0;
    if (!PyDict_Check(dict)) {
        PyErr_SetString(PyExc_TypeError, "critical_sum() expects a dict");
        return NULL;
    }
    Py_BEGIN_CRITICAL_SECTION(dict);
    /* A declaration here proves the macro opened a block. */
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(dict, &pos, &key, &value)) {
        long item = PyLong_AsLong(value);
        if (item == -1 && PyErr_Occurred()) {
            failed = 1;
            break;
        }
        total += item;
    }
    Py_END_CRITICAL_SECTION();
    if (failed)
        return NULL;
    return PyLong_FromLong(total);
}

/* critical_pair_len(a, b): len(a) + len(b) for two dicts, inside
 * Py_BEGIN_CRITICAL_SECTION2(a, b). */
static PyObject *
critical_pair_len(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    Py_ssize_t total = 0;
    if (!PyArg_ParseTuple(args, "O!O!:critical_pair_len", &PyDict_Type, &a,
                          &PyDict_Type, &b))
        return NULL;
    Py_BEGIN_CRITICAL_SECTION2(a, b);
    Py_ssize_t pos = 0; /* same name as in critical_sum: its own block */
    total = PyDict_GET_SIZE(a) + PyDict_GET_SIZE(b) + pos;
    Py_END_CRITICAL_SECTION2();
    return PyLong_FromSsize_t(total);
}

/* uniquely_referenced(obj): PyUnstable_Object_IsUniquelyReferenced on a
 * fresh list (1), on the same list with a second reference (0), after that
 * reference is dropped (1), and on the argument, which the caller holds. */
static PyObject *
uniquely_referenced(PyObject *self, PyObject *arg)
{
    PyObject *list = PyList_New(0);
    PyObject *alias;
    int fresh, shared, again, argument;
    if (list == NULL)
        return NULL;
    fresh = PyUnstable_Object_IsUniquelyReferenced(list);
    alias = Py_NewRef(list);
    shared = PyUnstable_Object_IsUniquelyReferenced(list);
    Py_DECREF(alias);
    again = PyUnstable_Object_IsUniquelyReferenced(list);
    argument = PyUnstable_Object_IsUniquelyReferenced(arg);
    Py_DECREF(list);
    return Py_BuildValue("iiii", fresh, shared, again, argument);
}

static PyMethodDef compat_selftest_methods[] = {
    {"list_get_item_ref", list_get_item_ref, METH_VARARGS, NULL},
    {"dict_get_item_ref", dict_get_item_ref, METH_VARARGS, NULL},
    {"dict_get_item_string_ref", dict_get_item_string_ref, METH_VARARGS, NULL},
    {"dict_set_default_ref", dict_set_default_ref, METH_VARARGS, NULL},
    {"weakref_get_ref", weakref_get_ref, METH_O, NULL},
    {"import_add_module_ref", import_add_module_ref, METH_VARARGS, NULL},
    {"dict_contains_string", dict_contains_string, METH_VARARGS, NULL},
    {"critical_sum", critical_sum, METH_O, NULL},
    {"critical_pair_len", critical_pair_len, METH_VARARGS, NULL},
    {"uniquely_referenced", uniquely_referenced, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef compat_selftest_module = {
    PyModuleDef_HEAD_INIT,
    "compat_selftest",
    "Runtime self-test of ft_compat.h.",
    -1,
    compat_selftest_methods,
};

PyMODINIT_FUNC
PyInit_compat_selftest(void)
{
    PyObject *module = PyModule_Create(&compat_selftest_module);
    if (module == NULL)
        return NULL;
#ifdef __cplusplus
    if (PyModule_AddStringConstant(module, "language", "c++") < 0) {
#else
    if (PyModule_AddStringConstant(module, "language", "c") < 0) {
#endif
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
