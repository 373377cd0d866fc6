/* The project's own backport of the critical-section macros (before 3.13). */
#ifndef DECLARE_SECTIONS_H
#define DECLARE_SECTIONS_H
#include <Python.h>
#ifndef Py_BEGIN_CRITICAL_SECTION
#define Py_BEGIN_CRITICAL_SECTION(op) {
#define Py_END_CRITICAL_SECTION() }
#endif
#endif
