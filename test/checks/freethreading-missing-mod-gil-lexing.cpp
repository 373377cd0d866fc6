// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// C++ spellings that change where comments and literals end (see
// freethreading-missing-mod-gil-lexing.c): a raw string may span lines, and
// a quote between digits separates them rather than starting a character
// literal. The fake blocks would hide the arrays; the real one would be
// reported on the free-threaded build alone if its directive were missed.

#include <Python.h>

static int exec_raw(PyObject *m) { return 0; }
static int exec_separated(PyObject *m) { return 0; }

static const char *raw_text = R"(a raw string
#ifdef Py_GIL_DISABLED
)";
static PyModuleDef_Slot raw_slots[] = {
    {Py_mod_exec, reinterpret_cast<void *>(exec_raw)},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'raw' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, reinterpret_cast<void *>(exec_raw)},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
static const char *raw_end = R"x(
#endif
)x";
static PyModuleDef raw_def = {
    PyModuleDef_HEAD_INIT, "raw", NULL, 0, NULL, raw_slots,
};

// '1'000' is one number: the comment after it opens.
static const int thousand = 1'000; /* ' a comment
#ifdef Py_GIL_DISABLED
*/
static PyModuleDef_Slot separated_slots[] = {
    {Py_mod_exec, reinterpret_cast<void *>(exec_separated)},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'separated' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, reinterpret_cast<void *>(exec_separated)},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
static const int million = 1'000'000; /* '
#endif
*/
static PyModuleDef separated_def = {
    PyModuleDef_HEAD_INIT, "separated", NULL, 0, NULL, separated_slots,
};

// Fine: a real directive after a raw string that holds a comment opener and
// a quote, closed on its own line.
static const char *raw_opener = R"(/* ")";
#ifdef Py_GIL_DISABLED
static PyModuleDef_Slot after_raw_slots[] = {
    {0, NULL}
};
static PyModuleDef after_raw_def = {
    PyModuleDef_HEAD_INIT, "after_raw", NULL, 0, NULL, after_raw_slots,
};
#endif
