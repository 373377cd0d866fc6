// RUN: %check_ft_tidy -builds=free-threaded %s freethreading-missing-mod-gil %t

// An unguarded SetGIL call that shares its line with other code: no guard can
// wrap its lines alone, so there is no fix, and the note says what to do.
// (Free-threaded build only, as in freethreading-missing-mod-gil-setgil.c.)

#include <Python.h>

static int declare_gil(PyObject *m)
{
    int rc = 0; PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED); return rc;
    // CHECK-NOTES: :[[@LINE-1]]:17: warning: PyUnstable_Module_SetGIL is declared only on free-threaded builds: this call does not compile on the default build without '#ifdef Py_GIL_DISABLED' [freethreading-missing-mod-gil]
    // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the call is not a statement on lines of its own; put it under '#ifdef Py_GIL_DISABLED'
}
