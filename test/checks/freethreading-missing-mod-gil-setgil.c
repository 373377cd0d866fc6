// RUN: %check_ft_tidy -builds=free-threaded %s freethreading-missing-mod-gil %t

// PyUnstable_Module_SetGIL without '#ifdef Py_GIL_DISABLED'. Only the
// free-threaded build is run: on the default build this input does not
// compile (the function is not declared there), which is the defect
// reported. The fixed file is compiled on the free-threaded build by the
// runner; the guard it adds is what makes it compile on the default build,
// as the C test's fixed modules show.

#include <Python.h>

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, NULL,
};

PyMODINIT_FUNC PyInit_bare(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: PyUnstable_Module_SetGIL is declared only on free-threaded builds: this call does not compile on the default build without '#ifdef Py_GIL_DISABLED' [freethreading-missing-mod-gil]
    return m;
}
// CHECK-FIXES:      {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

// '(void)' cast, arguments over two lines, Py_MOD_GIL_USED kept.
PyMODINIT_FUNC PyInit_void_cast(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    (void)PyUnstable_Module_SetGIL(m,
                                   Py_MOD_GIL_USED);
    // CHECK-MESSAGES: :[[@LINE-2]]:11: warning: PyUnstable_Module_SetGIL is declared only on free-threaded builds
    return m;
}
// CHECK-FIXES:      {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyUnstable_Module_SetGIL(m,{{$}}
// CHECK-FIXES-NEXT: {{^}}                                   Py_MOD_GIL_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

// An 'if' testing the result: the whole statement goes under the guard.
PyMODINIT_FUNC PyInit_checked(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) < 0) {
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: PyUnstable_Module_SetGIL is declared only
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
// CHECK-FIXES:      {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) < 0) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}        //{{$}}
// CHECK-FIXES-NEXT: {{^}}        Py_DECREF(m);{{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

// A version guard is not enough: 3.13's default build has no SetGIL.
PyMODINIT_FUNC PyInit_version_only(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
#if PY_VERSION_HEX >= 0x030D0000
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: PyUnstable_Module_SetGIL is declared only
#endif
    return m;
}
// CHECK-FIXES:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

// An 'else' follows: no fix (the note is checked in -nofix tests' style,
// here only the warning).
PyMODINIT_FUNC PyInit_with_else(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) < 0)
        // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: PyUnstable_Module_SetGIL is declared only
        m = NULL;
    else
        Py_INCREF(m);
    return m;
}

// Fine: guarded.
PyMODINIT_FUNC PyInit_guarded(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}
