// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// The conditional directives are read from the text of the file, and most
// lines are passed over without lexing them. A line that only looks like a
// directive (inside a comment or a continued line) must not count, and a
// directive that does not start with '#' as the line's first character must.
//
// Each "fake" block below pairs a '#ifdef Py_GIL_DISABLED' and an '#endif'
// that are not directives around a slot array: read as directives, they
// would make the array free-threaded only, and it would not be reported.
// Each real block holds a module that exists on the free-threaded build only:
// missed, its array would be reported on that build alone, and the runner
// requires the same findings on both builds.

#include <Python.h>

static int exec_comment(PyObject *m) { return 0; }
static int exec_define(PyObject *m) { return 0; }
static int exec_midline(PyObject *m) { return 0; }
static int exec_spliced(PyObject *m) { return 0; }

/* A block comment across lines:
#ifdef Py_GIL_DISABLED
*/
static PyModuleDef_Slot comment_slots[] = {
    {Py_mod_exec, exec_comment},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'comment' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_comment},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
/*
#endif
*/
static struct PyModuleDef comment_def = {
    PyModuleDef_HEAD_INIT, "comment", NULL, 0, NULL, comment_slots,
};

// A '#' that starts a continuation line is part of the line before.
#define CONTINUED_BEFORE \
#ifdef Py_GIL_DISABLED
static PyModuleDef_Slot define_slots[] = {
    {Py_mod_exec, exec_define},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'define' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_define},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
#define CONTINUED_AFTER \
#endif
static struct PyModuleDef define_def = {
    PyModuleDef_HEAD_INIT, "define", NULL, 0, NULL, define_slots,
};

// A block comment opened after code, with a '//' and a quote inside.
static int opened_after_code; /* it goes on // "
#ifdef Py_GIL_DISABLED
*/
static PyModuleDef_Slot midline_slots[] = {
    {Py_mod_exec, exec_midline},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'midline' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_midline},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
static int closed_later; /* '
#endif
*/
static struct PyModuleDef midline_def = {
    PyModuleDef_HEAD_INIT, "midline", NULL, 0, NULL, midline_slots,
};

// A string continued by a backslash-newline.
static const char spliced_text[] = "a string \
#ifdef Py_GIL_DISABLED";
static PyModuleDef_Slot spliced_slots[] = {
    {Py_mod_exec, exec_spliced},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'spliced' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_spliced},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
static const char spliced_end[] = "\
#endif";
static struct PyModuleDef spliced_def = {
    PyModuleDef_HEAD_INIT, "spliced", NULL, 0, NULL, spliced_slots,
};

// A line comment continued by a backslash.
static int exec_line_comment(PyObject *m) { return 0; }
// goes on \
#ifdef Py_GIL_DISABLED
static PyModuleDef_Slot line_comment_slots[] = {
    {Py_mod_exec, exec_line_comment},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'line_comment' does not declare whether it needs the GIL
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_line_comment},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}
// goes on \
#endif
static struct PyModuleDef line_comment_def = {
    PyModuleDef_HEAD_INIT, "line_comment", NULL, 0, NULL, line_comment_slots,
};

// Real directives. Fine: each module exists on the free-threaded build only.

// After strings and characters that hold comment openers and quotes.
static const char not_a_comment[] = "/*", quote = '"', not_a_line[] = "//";
#ifdef Py_GIL_DISABLED
static PyModuleDef_Slot string_slots[] = {
    {0, NULL}
};
static struct PyModuleDef string_def = {
    PyModuleDef_HEAD_INIT, "string", NULL, 0, NULL, string_slots,
};
#endif

// After a comment on the directive's own line. (A line of plain code comes
// first, so that the line is read after it, not while lexing another
// directive.)
static int before_noted;
/* a note */ #ifdef Py_GIL_DISABLED
static PyModuleDef_Slot noted_slots[] = {
    {0, NULL}
};
static struct PyModuleDef noted_def = {
    PyModuleDef_HEAD_INIT, "noted", NULL, 0, NULL, noted_slots,
};
#endif

// Spelled with a digraph, and indented, after a line of plain code.
static int before_digraph;
  %:ifdef Py_GIL_DISABLED
static PyModuleDef_Slot digraph_slots[] = {
    {0, NULL}
};
static struct PyModuleDef digraph_def = {
    PyModuleDef_HEAD_INIT, "digraph", NULL, 0, NULL, digraph_slots,
};
  %:endif

// After a block comment that opens at the start of a line and closes on
// the directive's line, and after a division.
static int ratio = 6 / 3;
/* a note
   across lines */ #ifdef Py_GIL_DISABLED
static PyModuleDef_Slot closed_slots[] = {
    {0, NULL}
};
static struct PyModuleDef closed_def = {
    PyModuleDef_HEAD_INIT, "closed", NULL, 0, NULL, closed_slots,
};
#endif
