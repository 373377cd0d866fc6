// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

// With a GIL a count of 1 does prove exclusive ownership: tests that no
// free-threaded build compiles are not reported.

#include <Python.h>

#ifndef Py_GIL_DISABLED
int reuse_gil(PyObject *x) { return Py_REFCNT(x) == 1; }
#endif

#if PY_VERSION_HEX < 0x030D0000
int reuse_old(PyObject *x) { return Py_REFCNT(x) == 1; }
#endif

int reuse(PyObject *x) { return Py_REFCNT(x) == 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:33: warning: {{.*}} [freethreading-refcount-test]
// CHECK-FIXES: {{^}}int reuse(PyObject *x) { return PyUnstable_Object_IsUniquelyReferenced(x); }{{$}}
