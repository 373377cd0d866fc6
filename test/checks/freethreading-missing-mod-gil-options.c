// RUN: %check_ft_tidy -check-suffix=USED %s freethreading-missing-mod-gil %t \
// RUN:   -- -config="{CheckOptions: {freethreading-missing-mod-gil.GilValue: Py_MOD_GIL_USED}}"
// RUN: %check_ft_tidy -check-suffix=BAD %s freethreading-missing-mod-gil %t \
// RUN:   -- -config="{CheckOptions: {freethreading-missing-mod-gil.GilValue: Py_MOD_GIL_MAYBE}}"

// GilValue selects the inserted value; a value that is neither
// Py_MOD_GIL_NOT_USED nor Py_MOD_GIL_USED is reported and the default is used.
// CHECK-MESSAGES-BAD: warning: invalid value 'Py_MOD_GIL_MAYBE' for option 'freethreading-missing-mod-gil.GilValue': expected 'Py_MOD_GIL_NOT_USED' or 'Py_MOD_GIL_USED'; using 'Py_MOD_GIL_NOT_USED' [clang-tidy-config]

#include <Python.h>

static int exec_module(PyObject *m) { return 0; }

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
// CHECK-MESSAGES-USED: :[[@LINE-4]]:25: warning: module 'multi' does not declare whether it needs the GIL
// CHECK-MESSAGES-BAD: :[[@LINE-5]]:25: warning: module 'multi' does not declare whether it needs the GIL
// CHECK-FIXES-USED:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-USED-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_USED},{{$}}
// CHECK-FIXES-USED-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-BAD:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-BAD-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-BAD-NEXT: {{^}}#endif{{$}}

static struct PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "multi", NULL, 0, NULL, slots,
};

static struct PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, NULL,
};

PyMODINIT_FUNC PyInit_single(void)
{
    return PyModule_Create(&single_def);
    // CHECK-MESSAGES-USED: :[[@LINE-1]]:12: warning: module 'single' does not declare
    // CHECK-MESSAGES-BAD: :[[@LINE-2]]:12: warning: module 'single' does not declare
}
// CHECK-FIXES-USED:      {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED);{{$}}
// CHECK-FIXES-BAD:      {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
