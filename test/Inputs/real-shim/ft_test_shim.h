/*
 * Test-only shim for running the ft-tidy tests against the REAL installed
 * CPython headers older than 3.13 (python3.11-dev).  The runner force-includes
 * it after Python.h:
 *
 *   -I/usr/include/python3.11 -include Python.h -include ft_test_shim.h
 *
 * It declares the 3.13 API that the fix-its introduce and the free-threading
 * vocabulary that the tests use, with the shapes of the 3.13 headers:
 *   - PyList_GetItemRef, PyDict_GetItemRef, PyDict_GetItemStringRef,
 *     PyDict_SetDefaultRef, PyWeakref_GetRef, PyImport_AddModuleRef,
 *     PyDict_ContainsString (PyDict_Contains exists already);
 *   - PyCriticalSection, PyCriticalSection2 and their Begin/End functions;
 *   - Py_BEGIN/END_CRITICAL_SECTION(2): a bare block on the default build,
 *     the PyCriticalSection expansion when Py_GIL_DISABLED is defined;
 *   - Py_mod_gil, Py_MOD_GIL_USED, Py_MOD_GIL_NOT_USED, and (only with
 *     Py_GIL_DISABLED) PyUnstable_Module_SetGIL.
 * Nothing here exists on 3.13+, where the real headers provide it all.
 *
 * Define FT_TEST_SHIM_NO_REF_API to leave out the *Ref / ContainsString
 * declarations (for a test that carries its own project shim of them).
 */
#ifndef FT_TEST_SHIM_H
#define FT_TEST_SHIM_H

#include <Python.h>

#if PY_VERSION_HEX < 0x030D0000

#ifdef __cplusplus
extern "C" {
#endif

#ifndef FT_TEST_SHIM_NO_REF_API
PyObject *PyList_GetItemRef(PyObject *list, Py_ssize_t index);
int PyDict_GetItemRef(PyObject *p, PyObject *key, PyObject **result);
int PyDict_GetItemStringRef(PyObject *p, const char *key, PyObject **result);
int PyDict_SetDefaultRef(PyObject *p, PyObject *key, PyObject *default_value,
                         PyObject **result);
int PyWeakref_GetRef(PyObject *ref, PyObject **pobj);
PyObject *PyImport_AddModuleRef(const char *name);
int PyDict_ContainsString(PyObject *p, const char *key);
#endif

typedef struct PyCriticalSection {
    uintptr_t _cs_prev;
    void *_cs_mutex;
} PyCriticalSection;

typedef struct PyCriticalSection2 {
    PyCriticalSection _cs_base;
    void *_cs_mutex2;
} PyCriticalSection2;

void PyCriticalSection_Begin(PyCriticalSection *c, PyObject *op);
void PyCriticalSection_End(PyCriticalSection *c);
void PyCriticalSection2_Begin(PyCriticalSection2 *c, PyObject *a, PyObject *b);
void PyCriticalSection2_End(PyCriticalSection2 *c);

#ifdef Py_GIL_DISABLED
int PyUnstable_Module_SetGIL(PyObject *module, void *gil);
#endif

#ifdef __cplusplus
}
#endif

#ifdef Py_GIL_DISABLED
#  define Py_BEGIN_CRITICAL_SECTION(op) \
    { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, (PyObject *)(op))
#  define Py_END_CRITICAL_SECTION() \
    PyCriticalSection_End(&_py_cs); }
#  define Py_BEGIN_CRITICAL_SECTION2(a, b) \
    { PyCriticalSection2 _py_cs2; \
      PyCriticalSection2_Begin(&_py_cs2, (PyObject *)(a), (PyObject *)(b))
#  define Py_END_CRITICAL_SECTION2() \
    PyCriticalSection2_End(&_py_cs2); }
#else
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#  define Py_BEGIN_CRITICAL_SECTION2(a, b) {
#  define Py_END_CRITICAL_SECTION2() }
#endif

#define Py_mod_gil 4
#define Py_MOD_GIL_USED ((void *)0)
#define Py_MOD_GIL_NOT_USED ((void *)1)

#endif /* PY_VERSION_HEX < 0x030D0000 */

#endif /* FT_TEST_SHIM_H */
