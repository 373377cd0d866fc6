/* A project's own compatibility header that backports both the 3.14
 * uniqueness test and the 3.13 critical-section macros, as the CompatHeader
 * of freethreading-compat-include-once-shared.c. Declarations only (the lit
 * tests never link). */
#ifndef PROJECT_COMPAT_H
#define PROJECT_COMPAT_H
#include <Python.h>
#if PY_VERSION_HEX < 0x030E0000
int PyUnstable_Object_IsUniquelyReferenced(PyObject *op);
#endif
#ifndef Py_BEGIN_CRITICAL_SECTION
#  define Py_BEGIN_CRITICAL_SECTION(op) {
#  define Py_END_CRITICAL_SECTION() }
#endif
#endif
