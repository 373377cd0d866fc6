// RUN: %check_ft_tidy -builds=free-threaded %s freethreading-missing-mod-gil %t

// The only call of the SetGIL function has its '(void)' cast on the line
// before, nothing earlier in the file spells the function's name, and no
// module init function has had its tokens read: the tokens read for the call
// must still reach back to the cast, so that the guard goes around the whole
// statement. (Free-threaded build only, as in
// freethreading-missing-mod-gil-setgil.c.)

#include <Python.h>

static void declare_gil(PyObject *m)
{
    (void)
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: PyUnstable_Module_SetGIL is declared only on free-threaded builds: this call does not compile on the default build without '#ifdef Py_GIL_DISABLED' [freethreading-missing-mod-gil]
}
// CHECK-FIXES:      {{^}}{{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void){{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
