// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t
// RUN: %check_ft_tidy -std=c++20 -check-suffix=CXX20 %s freethreading-missing-mod-gil %t

// C++ extensions: extern "C" init functions, nullptr checks, and (C++20)
// designated initializers for m_slots.

#include <Python.h>

namespace {
int exec_module(PyObject *) { return 0; }
}

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, reinterpret_cast<void *>(exec_module)},
    {0, nullptr}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'multi' does not declare whether it needs the GIL
// CHECK-MESSAGES-CXX20: :[[@LINE-5]]:25: warning: module 'multi' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, nullptr}{{$}}
// CHECK-FIXES-CXX20:      {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}    {0, nullptr}{{$}}

#if __cplusplus >= 202002L
static PyModuleDef multi_def = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "multi",
    .m_size = 0,
    .m_slots = slots,
};
#else
static PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "multi", nullptr, 0, nullptr, slots,
};
#endif

PyMODINIT_FUNC PyInit_multi() { return PyModuleDef_Init(&multi_def); }

static PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "single", nullptr, -1, nullptr,
};

PyMODINIT_FUNC PyInit_single()
{
    auto *m = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: module 'single' does not declare
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:15: warning: module 'single' does not declare
    if (m == nullptr) {
        return nullptr;
    }
    return m;
}
// CHECK-FIXES:      {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}
// CHECK-FIXES-CXX20:      {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}    return m;{{$}}

extern "C" {
PyMODINIT_FUNC PyInit_returned()
{
    return PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: module 'returned' does not declare
    // CHECK-MESSAGES-CXX20: :[[@LINE-2]]:12: warning: module 'returned' does not declare
}
}
// CHECK-FIXES:      {{^}}    PyObject *m = PyModule_Create(&single_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}
// CHECK-FIXES-CXX20:      {{^}}    PyObject *m = PyModule_Create(&single_def);{{$}}
// CHECK-FIXES-CXX20-NEXT: {{^}}    if (m == NULL){{$}}

// Fine: declared under the guard; absent from the default build's AST.
PyMODINIT_FUNC PyInit_declared()
{
    PyObject *m = PyModule_Create(&single_def);
    if (!m)
        return nullptr;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}
