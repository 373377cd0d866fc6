// RUN: %check_ft_tidy -python=3.12 -builds=default %s freethreading-missing-mod-gil %t
// RUN: %check_ft_tidy -python=3.15 %s freethreading-missing-mod-gil %t

// Older and newer headers. With 3.12 headers Py_mod_gil and the SetGIL
// declaration do not exist: the fixed file still compiles (the runner compiles
// it against 3.12 and 3.13), because the fixes are guarded. With 3.15 headers
// Py_mod_gil is an expression, not the literal 4: declarations are recognised
// by the macro's name.
//
// 3.12 runs the default build only: no free-threaded 3.12 exists (only the
// pyconfig.h of 3.13+ defines Py_GIL_DISABLED), and the guard the SPEC gives
// for PyUnstable_Module_SetGIL is '#ifdef Py_GIL_DISABLED' alone.

#include <Python.h>

static int exec_module(PyObject *m) { return 0; }

static PyModuleDef_Slot missing_slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'missing' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
static struct PyModuleDef missing_def = {
    PyModuleDef_HEAD_INIT, "missing", NULL, 0, NULL, missing_slots,
};

// Fine: declared (skipped entirely by the preprocessor on 3.12).
static PyModuleDef_Slot declared_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};
static struct PyModuleDef declared_def = {
    PyModuleDef_HEAD_INIT, "declared", NULL, 0, NULL, declared_slots,
};

static struct PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, NULL,
};

PyMODINIT_FUNC PyInit_single(void)
{
    PyObject *m = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: module 'single' does not declare
    if (m == NULL)
        return NULL;
    return m;
}
// CHECK-FIXES:      {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
