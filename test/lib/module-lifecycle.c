// RUN: %check_ft_probe %s ftprobe-module-lifecycle %t

// Which functions run only while CPython sets a module up or tears it down
// (lib/ModuleLifecycleFunctions), and for those a phase reaches that may also
// run at any time, the first reason found. Functions no phase reaches are not
// reported. The runner runs this file on both builds.

#include <Python.h>

static PyTypeObject Foo_Type;

// ---- Single-phase: PyInit_single and what only it calls -------------------

static int level3(void) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'level3' runs only during module initialization [ftprobe-module-lifecycle]
static int level2(void) { return level3(); }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'level2' runs only during module initialization [ftprobe-module-lifecycle]
static int level1(void) { return level2() + level2(); }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'level1' runs only during module initialization [ftprobe-module-lifecycle]

// Recursion, direct or mutual, says nothing about other callers.
static int countdown(int n) { return n ? countdown(n - 1) : 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'countdown' runs only during module initialization [ftprobe-module-lifecycle]
static int ping(int n);
static int pong(int n) { return n ? ping(n - 1) : 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'pong' runs only during module initialization [ftprobe-module-lifecycle]
static int ping(int n) { return n ? pong(n - 1) : 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'ping' runs only during module initialization [ftprobe-module-lifecycle]

// Also called by a method: any time, and so is what only it calls.
static void below_shared(void) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'below_shared' reached from module initialization, may run at any time: called from 'shared' at line [[@LINE+3]] [ftprobe-module-lifecycle]
static void shared(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'shared' reached from module initialization, may run at any time: called from 'method' at line [[@LINE+4]] [ftprobe-module-lifecycle]
  below_shared();
}
static PyObject *method(PyObject *self, PyObject *arg) {
  shared();
  Py_RETURN_NONE;
}

// Called by init, and its address taken: whoever holds it may call it.
static void at_exit(void) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'at_exit' reached from module initialization, may run at any time: address taken at line [[@LINE+19]] [ftprobe-module-lifecycle]
// Called by init, and stored in a table.
static PyObject *also_method(PyObject *self, PyObject *arg) { Py_RETURN_NONE; }
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'also_method' reached from module initialization, may run at any time: address taken at line [[@LINE+9]] [ftprobe-module-lifecycle]
// External linkage: another file may call it.
int exported_setup(void) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'exported_setup' reached from module initialization, may run at any time: external linkage [ftprobe-module-lifecycle]
// Only stored by init, never called by it: no phase reaches it.
static PyObject *foo_new(PyTypeObject *t, PyObject *a, PyObject *k) { return NULL; }

static PyMethodDef methods[] = {
  {"method", method, METH_O, NULL},
  {"also_method", also_method, METH_O, NULL},
  {NULL, NULL, 0, NULL},
};
static struct PyModuleDef single_def = {PyModuleDef_HEAD_INIT, "single", NULL, -1, methods};

PyMODINIT_FUNC PyInit_single(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_single' runs only during module initialization [ftprobe-module-lifecycle]
  Py_AtExit(at_exit);
  at_exit();
  shared();
  (void)also_method(NULL, NULL);
  Foo_Type.tp_new = foo_new;
  if (level1() < 0 || countdown(3) || ping(2) || exported_setup() < 0)
    return NULL;
  return PyModule_Create(&single_def);
}

// ---- Multi-phase: Py_mod_create and Py_mod_exec slots, m_clear, m_free ----

static PyObject *create(PyObject *spec, PyModuleDef *def) { return NULL; }
// CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'create' runs only during module initialization [ftprobe-module-lifecycle]
static void reset_globals(void) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'reset_globals' runs only during module initialization and teardown [ftprobe-module-lifecycle]
static int exec_helper(PyObject *m) { reset_globals(); return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'exec_helper' runs only during module initialization [ftprobe-module-lifecycle]
static int exec_a(PyObject *m) { return exec_helper(m); }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'exec_a' runs only during module initialization [ftprobe-module-lifecycle]
int exec_b(PyObject *m) { return 0; } // a root: its linkage does not matter
// CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'exec_b' runs only during module initialization [ftprobe-module-lifecycle]

static void clear_helper(void) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'clear_helper' runs only during module teardown [ftprobe-module-lifecycle]
static int mod_clear(PyObject *m) { clear_helper(); return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'mod_clear' runs only during module teardown [ftprobe-module-lifecycle]
static void mod_free(void *m) { clear_helper(); reset_globals(); }
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'mod_free' runs only during module teardown [ftprobe-module-lifecycle]

// m_traverse is not a phase: the garbage collector runs it at any time.
static void visit_helper(void) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'visit_helper' reached from module initialization, may run at any time: called from 'mod_traverse' at line [[@LINE+2]] [ftprobe-module-lifecycle]
static int mod_traverse(PyObject *m, visitproc visit, void *arg) {
  visit_helper();
  return 0;
}

static PyModuleDef_Slot slots[] = {
  {Py_mod_create, (void *)create},
  {Py_mod_exec, (void *)exec_a},
  {.slot = Py_mod_exec, .value = exec_b},
  {0, NULL},
};
static struct PyModuleDef multi_def = {
  PyModuleDef_HEAD_INIT, "multi", NULL, 0, NULL, slots,
  mod_traverse, mod_clear, (freefunc)mod_free,
};
PyMODINIT_FUNC PyInit_multi(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_multi' runs only during module initialization [ftprobe-module-lifecycle]
  visit_helper();
  return PyModuleDef_Init(&multi_def);
}

// A teardown function that a method also calls runs at any time; designated
// initializers name the teardown functions as well.
static int other_clear(PyObject *m) { return 0; }
// CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'other_clear' reached from module teardown, may run at any time: called from 'reset' at line [[@LINE+2]] [ftprobe-module-lifecycle]
static PyObject *reset(PyObject *self, PyObject *arg) {
  other_clear(self);
  Py_RETURN_NONE;
}
static void other_free(void *m) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'other_free' runs only during module teardown [ftprobe-module-lifecycle]
static PyMethodDef other_methods[] = {
  {"reset", reset, METH_O, NULL},
  {NULL, NULL, 0, NULL},
};
static struct PyModuleDef other_def = {
  PyModuleDef_HEAD_INIT,
  .m_name = "other",
  .m_size = 0,
  .m_methods = other_methods,
  .m_free = other_free,
  .m_clear = (inquiry)other_clear,
};
PyMODINIT_FUNC PyInit_other(void) {
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_other' runs only during module initialization [ftprobe-module-lifecycle]
  return PyModuleDef_Init(&other_def);
}
