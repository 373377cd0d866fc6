/*
 * Mock of the pythoncapi-compat single header, for the ft-tidy lit tests.
 *
 * Declarations only (the tests parse, they never link).  Like the real
 * header, it backports the 3.13 strong-reference API and the critical-section
 * macros (as a plain block) to Python < 3.13, and adds nothing on 3.13+.
 * Like the real header, it does NOT provide Py_mod_gil, Py_MOD_GIL_*,
 * PyUnstable_Module_SetGIL or PyMutex.
 *
 * The critical-section macros are only defined when nobody defined them
 * before (for example test/Inputs/real-shim/ft_test_shim.h).
 */
#ifndef FT_MOCK_PYTHONCAPI_COMPAT_H
#define FT_MOCK_PYTHONCAPI_COMPAT_H

#include "Python.h"

#if PY_VERSION_HEX < 0x030D0000

#ifdef __cplusplus
extern "C" {
#endif

PyObject *PyList_GetItemRef(PyObject *list, Py_ssize_t index);
int PyDict_GetItemRef(PyObject *p, PyObject *key, PyObject **result);
int PyDict_GetItemStringRef(PyObject *p, const char *key, PyObject **result);
int PyDict_SetDefaultRef(PyObject *p, PyObject *key, PyObject *default_value,
                         PyObject **result);
int PyWeakref_GetRef(PyObject *ref, PyObject **pobj);
PyObject *PyImport_AddModuleRef(const char *name);
int PyDict_ContainsString(PyObject *p, const char *key);

#ifdef __cplusplus
}
#endif

#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#endif
#ifndef Py_BEGIN_CRITICAL_SECTION2
#  define Py_BEGIN_CRITICAL_SECTION2(a, b) {
#  define Py_END_CRITICAL_SECTION2() }
#endif

#endif /* PY_VERSION_HEX < 0x030D0000 */

#endif /* FT_MOCK_PYTHONCAPI_COMPAT_H */
