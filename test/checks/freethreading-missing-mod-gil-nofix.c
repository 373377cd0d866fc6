// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// Modules the check reports but cannot fix safely: each warning carries a
// note saying why and what to write by hand. Nothing in this file changes.

#include <Python.h>

static int exec_module(PyObject *m) { return 0; }

// An explicit size: one more entry could overflow it.
static PyModuleDef_Slot sized_slots[3] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
// CHECK-NOTES: :[[@LINE-4]]:25: warning: module 'sized' does not declare whether it needs the GIL
// CHECK-NOTES: :[[@LINE-5]]:25: note: no automatic fix: the array has an explicit size; add '{Py_mod_gil, Py_MOD_GIL_NOT_USED},' before the terminator, under '#if PY_VERSION_HEX >= 0x030D0000'
static struct PyModuleDef sized_def = {
    PyModuleDef_HEAD_INIT, "sized", NULL, 0, NULL, sized_slots,
};

// No terminator to insert before.
static PyModuleDef_Slot unterminated_slots[] = {
    {Py_mod_exec, exec_module},
};
// CHECK-NOTES: :[[@LINE-3]]:25: warning: module 'unterminated' does not declare
// CHECK-NOTES: :[[@LINE-4]]:25: note: no automatic fix: the array does not end with a '{0, NULL}' terminator;
static struct PyModuleDef unterminated_def = {
    PyModuleDef_HEAD_INIT, "unterminated", NULL, 0, NULL, unterminated_slots,
};

// The terminator comes from a macro.
#define SLOTS_END {0, NULL}
static PyModuleDef_Slot macro_end_slots[] = {
    {Py_mod_exec, exec_module},
    SLOTS_END
};
// CHECK-NOTES: :[[@LINE-4]]:25: warning: module 'macro_end' does not declare
// CHECK-NOTES: :[[@LINE-5]]:25: note: no automatic fix: the terminator is written by a macro;
static struct PyModuleDef macro_end_def = {
    PyModuleDef_HEAD_INIT, "macro_end", NULL, 0, NULL, macro_end_slots,
};

// An unguarded slot sharing its line with the terminator.
static PyModuleDef_Slot crowded_slots[] = {{Py_mod_gil, Py_MOD_GIL_NOT_USED}, {0, NULL}};
// CHECK-NOTES: :[[@LINE-1]]:45: warning: the Py_mod_gil slot is not under '#if PY_VERSION_HEX >= 0x030D0000' (or '#ifdef Py_GIL_DISABLED'): it does not compile before Python 3.13
// CHECK-NOTES: :[[@LINE-2]]:45: note: no automatic fix: the slot shares its lines with other code; put it on lines of its own under '#if PY_VERSION_HEX >= 0x030D0000'
static struct PyModuleDef crowded_def = {
    PyModuleDef_HEAD_INIT, "crowded", NULL, 0, NULL, crowded_slots,
};

// The slot array is in another file: reported at the PyModuleDef.
#include "Inputs/missing-mod-gil-slots.h"
static struct PyModuleDef header_def = {
// CHECK-NOTES: :[[@LINE-1]]:27: warning: module 'from_header' does not declare
// CHECK-NOTES: :[[@LINE-2]]:27: note: no automatic fix: the slot array is defined in another file;
    PyModuleDef_HEAD_INIT, "from_header", NULL, 0, NULL, header_slots,
};

static struct PyModuleDef def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, NULL,
};
PyObject *configure(PyObject *m);

// Two modules created in one init function.
PyMODINIT_FUNC PyInit_two(int flag)
{
    if (flag)
        return PyModule_Create(&def);
    // CHECK-NOTES: :[[@LINE-1]]:16: warning: module 'two' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating it
    // CHECK-NOTES: :[[@LINE-2]]:16: note: no automatic fix: the function creates more than one module; after the module's NULL check add 'PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);' under '#ifdef Py_GIL_DISABLED'
    return PyModule_Create(&def);
}

// The new module goes straight into another call.
PyMODINIT_FUNC PyInit_passed_on(void)
{
    return configure(PyModule_Create(&def));
    // CHECK-NOTES: :[[@LINE-1]]:22: warning: module 'passed_on' does not declare
    // CHECK-NOTES: :[[@LINE-2]]:22: note: no automatic fix: the module is not stored in a variable by a statement of its own;
}

// The return shares its line with the braces.
PyMODINIT_FUNC PyInit_one_line(void) { return PyModule_Create(&def); }
// CHECK-NOTES: :[[@LINE-1]]:47: warning: module 'one_line' does not declare
// CHECK-NOTES: :[[@LINE-2]]:47: note: no automatic fix: the return statement shares its line with other code;

// A label after the return: a jump to it would cross the new variable.
PyMODINIT_FUNC PyInit_label_after(int flag)
{
    if (flag)
        goto fail;
    return PyModule_Create(&def);
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: module 'label_after' does not declare
    // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: a label follows the return statement,
fail:
    return NULL;
}

// Other code after the NULL check on its line.
PyMODINIT_FUNC PyInit_crowded_check(void)
{
    PyObject *m = PyModule_Create(&def);
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: module 'crowded_check' does not declare
    // CHECK-NOTES: :[[@LINE-2]]:19: note: no automatic fix: other code follows the NULL check on its line;
    if (m == NULL) return NULL; m = configure(m);
    return m;
}

// In a helper PyInit_ returns: 'return PyModule_Create(...)' shares its line.
static PyObject *make_oneline(void) { return PyModule_Create(&def); }
// CHECK-NOTES: :[[@LINE-1]]:46: warning: module 'oneline_helper' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating it in 'make_oneline' (declaring
// CHECK-NOTES: :[[@LINE-2]]:46: note: no automatic fix: the return statement shares its line with other code; after the module's NULL check add 'PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);' under '#ifdef Py_GIL_DISABLED'

PyMODINIT_FUNC PyInit_oneline_helper(void) { return make_oneline(); }
