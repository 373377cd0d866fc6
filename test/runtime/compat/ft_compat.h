/* ft_compat.h - the Python 3.13 C API that ft-tidy's fixes introduce, for
 * older interpreters (the runtime tests build against the debug CPython 3.11).
 *
 * Written for ft-tidy's runtime reference-count tests from the documented
 * semantics of each function (SPEC.md section 4); it is not a copy of any
 * other project's compatibility header.
 *
 * Every definition is guarded by PY_VERSION_HEX < 0x030D0000, so on 3.13+
 * the interpreter's own functions and macros are used; the one 3.14 function
 * (PyUnstable_Object_IsUniquelyReferenced) by PY_VERSION_HEX < 0x030E0000,
 * for both builds. What this header does
 * NOT provide, like the widely used pythoncapi_compat.h: Py_mod_gil,
 * PyUnstable_Module_SetGIL, PyMutex and the *_MUTEX critical sections. Code
 * that needs those must keep them under a version or Py_GIL_DISABLED guard.
 *
 * Do not include this header together with another header that defines the
 * same functions (for example pythoncapi_compat.h): the definitions would
 * clash.
 *
 * Compiles with -Wall -Werror as C (gcc) and as C++ (g++ -std=c++17).
 */
#ifndef FT_COMPAT_H
#define FT_COMPAT_H

#include <Python.h>

#if PY_VERSION_HEX < 0x030D0000

#ifdef __cplusplus
extern "C" {
#endif

/* A strong reference to a non-NULL object (Py_NewRef exists only from 3.10;
 * spelling it out keeps the header usable a little further back). */
static inline PyObject *
ft_compat_strong(PyObject *obj)
{
    Py_INCREF(obj);
    return obj;
}

/* PyList_GetItemRef: a new reference to list[index], or NULL with
 * TypeError ("expected a list") when `list` is not a list and IndexError
 * ("list index out of range") when index is outside [0, len). Negative
 * indexes are not counted from the end (as in PyList_GetItem). */
static inline PyObject *
PyList_GetItemRef(PyObject *list, Py_ssize_t index)
{
    if (list == NULL || !PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "expected a list");
        return NULL;
    }
    if (index < 0 || index >= PyList_GET_SIZE(list)) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return ft_compat_strong(PyList_GET_ITEM(list, index));
}

/* PyDict_GetItemRef: 1 and a new reference in *result when the key is
 * present; 0 and *result = NULL when it is missing (no exception set);
 * -1 and *result = NULL with an exception set on error (unhashable key, a
 * raising __hash__/__eq__, `dict` not a dict). Unlike PyDict_GetItem, errors
 * are reported, never cleared. */
static inline int
PyDict_GetItemRef(PyObject *dict, PyObject *key, PyObject **result)
{
    PyObject *value;
    if (dict == NULL || !PyDict_Check(dict)) {
        /* Not a dict: let the interpreter raise the SystemError ("bad
         * argument to internal function") its own lookup raises, so the
         * message is the one unfixed code saw from PyDict_GetItemWithError. */
        if (dict != NULL) {
            (void)PyDict_GetItemWithError(dict, key);
        }
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_SystemError,
                            "bad argument to internal function");
        }
        *result = NULL;
        return -1;
    }
    value = PyDict_GetItemWithError(dict, key); /* borrowed */
    if (value != NULL) {
        *result = ft_compat_strong(value);
        return 1;
    }
    *result = NULL;
    return PyErr_Occurred() ? -1 : 0;
}

/* PyDict_GetItemStringRef: PyDict_GetItemRef with a key made by
 * PyUnicode_FromString(key); failing to make the key (invalid UTF-8, no
 * memory) is an error: -1 with the exception set. */
static inline int
PyDict_GetItemStringRef(PyObject *dict, const char *key, PyObject **result)
{
    int status;
    PyObject *key_obj = PyUnicode_FromString(key);
    if (key_obj == NULL) {
        *result = NULL;
        return -1;
    }
    status = PyDict_GetItemRef(dict, key_obj, result);
    Py_DECREF(key_obj);
    return status;
}

/* PyDict_SetDefaultRef: if `key` is present, 1 (the dict is unchanged);
 * otherwise inserts key -> default_value and returns 0; -1 with an exception
 * on error. When `result` is not NULL, *result receives a new reference to
 * the value now stored under the key (NULL on error). */
static inline int
PyDict_SetDefaultRef(PyObject *dict, PyObject *key, PyObject *default_value,
                     PyObject **result)
{
    Py_ssize_t size_before;
    PyObject *value;
    if (dict == NULL || !PyDict_Check(dict)) {
        /* Same SystemError the interpreter's PyDict_SetDefault raises. */
        if (dict != NULL) {
            (void)PyDict_SetDefault(dict, key, default_value);
        }
        if (!PyErr_Occurred()) {
            PyErr_SetString(PyExc_SystemError,
                            "bad argument to internal function");
        }
        if (result != NULL) {
            *result = NULL;
        }
        return -1;
    }
    /* One lookup (one __hash__ call): the dict grows exactly when the key
     * was inserted. */
    size_before = PyDict_GET_SIZE(dict);
    value = PyDict_SetDefault(dict, key, default_value); /* borrowed */
    if (value == NULL) {
        if (result != NULL) {
            *result = NULL;
        }
        return -1;
    }
    if (result != NULL) {
        *result = ft_compat_strong(value);
    }
    return PyDict_GET_SIZE(dict) > size_before ? 0 : 1;
}

/* PyWeakref_GetRef: 1 and a new reference in *pobj while the referent is
 * alive; 0 and *pobj = NULL once it is dead (no exception); -1,
 * *pobj = NULL and TypeError ("expected a weakref") when `ref` is not a
 * weak reference or proxy. */
static inline int
PyWeakref_GetRef(PyObject *ref, PyObject **pobj)
{
    PyObject *referent;
    if (ref == NULL || !PyWeakref_Check(ref)) {
        *pobj = NULL;
        PyErr_SetString(PyExc_TypeError, "expected a weakref");
        return -1;
    }
    /* Borrowed; Py_None stands for a dead referent (None itself cannot be
     * weakly referenced, so there is no ambiguity). */
    referent = PyWeakref_GetObject(ref);
    if (referent == NULL) {
        *pobj = NULL;
        return -1;
    }
    if (referent == Py_None) {
        *pobj = NULL;
        return 0;
    }
    *pobj = ft_compat_strong(referent);
    return 1;
}

/* PyImport_AddModuleRef: a new reference to sys.modules[name], creating an
 * empty module there first if needed; NULL with an exception on error. */
static inline PyObject *
PyImport_AddModuleRef(const char *name)
{
    PyObject *module = PyImport_AddModule(name); /* borrowed */
    if (module == NULL) {
        return NULL;
    }
    return ft_compat_strong(module);
}

/* PyDict_ContainsString: PyDict_Contains with a key made by
 * PyUnicode_FromString(key): 1 present, 0 absent, -1 with an exception
 * (including failure to make the key). `dict` must be a dict: like
 * PyDict_Contains (3.11 and 3.13 alike) it is not type-checked. */
static inline int
PyDict_ContainsString(PyObject *dict, const char *key)
{
    int status;
    PyObject *key_obj = PyUnicode_FromString(key);
    if (key_obj == NULL) {
        return -1;
    }
    status = PyDict_Contains(dict, key_obj);
    Py_DECREF(key_obj);
    return status;
}

#ifdef __cplusplus
}
#endif

/* Critical sections: on an interpreter with a GIL they only open and close
 * a C block (the argument is not evaluated), which keeps the rule that BEGIN
 * and END sit in the same scope a compile-time one. */
#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#endif
#ifndef Py_END_CRITICAL_SECTION
#  define Py_END_CRITICAL_SECTION() }
#endif
#ifndef Py_BEGIN_CRITICAL_SECTION2
#  define Py_BEGIN_CRITICAL_SECTION2(a, b) {
#endif
#ifndef Py_END_CRITICAL_SECTION2
#  define Py_END_CRITICAL_SECTION2() }
#endif

#endif /* PY_VERSION_HEX < 0x030D0000 */

/* PyUnstable_Object_IsUniquelyReferenced (3.14): non-zero when `op` has
 * exactly one reference, so that the caller may change it in place. With a
 * GIL this is exactly Py_REFCNT(op) == 1 (the 3.14 documentation says so).
 * On a free-threaded 3.13 interpreter a count of 1 does not make the object
 * private to this thread: it is unique only when this thread owns it, holds
 * its one local reference, and the shared count is zero, flags included (so
 * that no other thread holds a reference or is taking one). Before 3.13 there
 * is no free-threaded build. */
#if PY_VERSION_HEX < 0x030E0000
#ifdef __cplusplus
extern "C" {
#endif
static inline int
PyUnstable_Object_IsUniquelyReferenced(PyObject *op)
{
#ifdef Py_GIL_DISABLED
    return _Py_IsOwnedByCurrentThread(op)
        && _Py_atomic_load_uint32_relaxed(&op->ob_ref_local) == 1
        && _Py_atomic_load_ssize_relaxed(&op->ob_ref_shared) == 0;
#else
    return Py_REFCNT(op) == 1;
#endif
}
#ifdef __cplusplus
}
#endif
#endif /* PY_VERSION_HEX < 0x030E0000 */

#endif /* FT_COMPAT_H */
