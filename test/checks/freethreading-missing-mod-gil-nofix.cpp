// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// C++ modules the check reports but cannot fix safely. Nothing in this file
// changes.

#include <Python.h>

static PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "nofix", nullptr, -1, nullptr,
};

// The helper's return type is deduced: the rewrite through a variable adds
// 'return NULL;' next to 'return m;', which would not deduce one type.
static auto make_deduced()
{
    return PyModule_Create(&def);
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: module 'deduced' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating it in 'make_deduced' (declaring
    // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: the function's return type is deduced, and 'return NULL' would change it; after the module's NULL check add 'PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);' under '#ifdef Py_GIL_DISABLED'
}

PyMODINIT_FUNC PyInit_deduced() { return make_deduced(); }
