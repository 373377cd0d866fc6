// RUN: %check_ft_probe %s ftprobe-module-definition %t

// What lib/ModuleDefinition answers about each module of a file: whether its
// slot array declares the GIL slot and where an entry would go, which
// function creates a single-phase module that nothing declares for and where
// the setter call would go, and declarations written without their guard.
// Read from the text: the runner runs this file on both builds.

#include <Python.h>

static int exec_module(PyObject *m) { return 0; }

// ---- Multi-phase ------------------------------------------------------------

static PyModuleDef_Slot plain_slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
static struct PyModuleDef plain_def = {
    PyModuleDef_HEAD_INIT, "plain", NULL, 0, NULL, plain_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'plain': slots 'plain_slots' lack the GIL slot; entry on lines of its own [ftprobe-module-definition]

static PyModuleDef_Slot inline_slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};
static struct PyModuleDef inline_def = {
    PyModuleDef_HEAD_INIT, "inline", NULL, 0, NULL, inline_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'inline': slots 'inline_slots' lack the GIL slot; entry before the terminator [ftprobe-module-definition]

static PyModuleDef_Slot sized_slots[2] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
static struct PyModuleDef sized_def = {
    PyModuleDef_HEAD_INIT, "sized", NULL, 0, NULL, sized_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'sized': slots 'sized_slots' lack the GIL slot; entry declined: the array has an explicit size [ftprobe-module-definition]

// Declared under the guard: the default build does not compile the entry,
// but the text names it.
static PyModuleDef_Slot guarded_slots[] = {
    {Py_mod_exec, exec_module},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};
static struct PyModuleDef guarded_def = {
    PyModuleDef_HEAD_INIT, "guarded", NULL, 0, NULL, guarded_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'guarded': slots 'guarded_slots' need nothing [ftprobe-module-definition]

#ifdef Py_mod_gil
static PyModuleDef_Slot bare_slots[] = {
    {Py_mod_gil, Py_MOD_GIL_USED},
    {0, NULL}
};
#else
static PyModuleDef_Slot bare_slots[] = {
    {0, NULL}
};
#endif
static struct PyModuleDef bare_def = {
    PyModuleDef_HEAD_INIT, "bare", NULL, 0, NULL, bare_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'bare': slots 'bare_slots' need nothing [ftprobe-module-definition]

static PyModuleDef_Slot unguarded_slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: unguarded slot entry (fixable) [ftprobe-module-definition]
    {Py_mod_exec, exec_module}, {Py_mod_gil, Py_MOD_GIL_USED},
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: unguarded slot entry [ftprobe-module-definition]
    {0, NULL}
};
static struct PyModuleDef unguarded_def = {
    PyModuleDef_HEAD_INIT, "unguarded", NULL, 0, NULL, unguarded_slots,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'unguarded': slots 'unguarded_slots' need nothing [ftprobe-module-definition]

static struct PyModuleDef no_slots_def = {
    PyModuleDef_HEAD_INIT, "no_slots", NULL, 0, NULL,
};
// CHECK-MESSAGES: :[[@LINE-3]]:27: warning: module 'no_slots': no slot array [ftprobe-module-definition]

// ---- Single-phase -----------------------------------------------------------

static struct PyModuleDef single_def = {PyModuleDef_HEAD_INIT, "single"};
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: module 'single': no slot array [ftprobe-module-definition]

PyMODINIT_FUNC PyInit_checked(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_checked' creates an undeclared module in 'PyInit_checked'; setter after the check on 'm' [ftprobe-module-definition]
  PyObject *m = PyModule_Create(&single_def);
  if (m == NULL)
    return NULL;
  return m;
}

PyMODINIT_FUNC PyInit_unchecked(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_unchecked' creates an undeclared module in 'PyInit_unchecked'; setter after the creation on 'mod' [ftprobe-module-definition]
  PyObject *mod;
  mod = PyModule_Create(&single_def);
  return mod;
}

PyMODINIT_FUNC PyInit_returned(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_returned' creates an undeclared module in 'PyInit_returned'; setter replace the return on 'm' [ftprobe-module-definition]
  return PyModule_Create(&single_def);
}

PyMODINIT_FUNC PyInit_oneline(void) { return PyModule_Create(&single_def); }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_oneline' creates an undeclared module in 'PyInit_oneline'; setter declined: the return statement shares its line with other code [ftprobe-module-definition]

// A helper creates the module; the init function returns its result.
static PyObject *make_module(void) {
  PyObject *m = PyModule_Create(&single_def);
  if (!m)
    return NULL;
  return m;
}

PyMODINIT_FUNC PyInit_helped(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_helped' creates an undeclared module in 'make_module'; setter after the check on 'm' [ftprobe-module-definition]
  return make_module();
}

// A callee declares for the module, under the guard: nothing to do, on both
// builds.
static int configure(PyObject *m) {
#ifdef Py_GIL_DISABLED
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
  return 0;
}

PyMODINIT_FUNC PyInit_configured(void) {
  PyObject *m = PyModule_Create(&single_def);
  if (m == NULL || configure(m) < 0)
    return NULL;
  return m;
}

// Declared without the guard: it does not compile on the default build, so
// only the free-threaded one sees this function.
#ifdef Py_GIL_DISABLED
PyMODINIT_FUNC PyInit_unguarded(void) {
  PyObject *m = PyModule_Create(&single_def);
  if (m == NULL)
    return NULL;
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
  return m;
}
#endif
