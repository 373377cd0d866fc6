// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// C++: helpers in an anonymous namespace are followed; nullptr checks; a
// helper with a deduced return type is reported without a fix.

#include <Python.h>

namespace {

PyModuleDef anon_def = {
    PyModuleDef_HEAD_INIT, "anon", nullptr, -1, nullptr,
};

PyObject *make_anon()
{
    auto *m = PyModule_Create(&anon_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: module 'anon' does not declare whether it needs the GIL, {{.*}} after creating it in 'make_anon' (declaring
    if (nullptr == m) {
        return nullptr;
    }
    return m;
}
// CHECK-FIXES:      {{^}}    if (nullptr == m) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}        return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

PyModuleDef deduced_def = {
    PyModuleDef_HEAD_INIT, "deduced", nullptr, -1, nullptr,
};

// 'return NULL;' next to 'return m;' would not deduce one return type: no
// fix (the note is checked in freethreading-missing-mod-gil-nofix.cpp).
auto make_deduced()
{
    return PyModule_Create(&deduced_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: module 'deduced' does not declare whether it needs the GIL, {{.*}} after creating it in 'make_deduced' (declaring
}
// CHECK-FIXES: {{^}}auto make_deduced(){{$}}
// CHECK-FIXES-NEXT: {{^}}{{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    return PyModule_Create(&deduced_def);{{$}}

PyModuleDef quiet_def = {
    PyModuleDef_HEAD_INIT, "quiet", nullptr, -1, nullptr,
};

// Fine (not followed): instantiations of a template. A template's body is
// shared by its instantiations, which may create different modules.
template <int N> PyObject *make_templated()
{
    PyObject *m = PyModule_Create(&quiet_def);
    if (m == nullptr)
        return nullptr;
    return m;
}

} // namespace

extern "C" {
PyMODINIT_FUNC PyInit_anon() { return make_anon(); }
PyMODINIT_FUNC PyInit_deduced() { return make_deduced(); }
PyMODINIT_FUNC PyInit_templated() { return make_templated<1>(); }

// A lambda defined in PyInit_ is part of its body: reported as PyInit_'s own
// creation, fixed inside the lambda.
PyMODINIT_FUNC PyInit_lambda()
{
    auto make = []() -> PyObject * {
        PyObject *m = PyModule_Create(&quiet_def);
        // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: module 'lambda' does not declare whether it needs the GIL, {{.*}} after creating it (declaring
        if (m == nullptr)
            return nullptr;
        return m;
    };
    return make();
}
}
// CHECK-FIXES:      {{^}}        if (m == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}            return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}        return m;{{$}}
