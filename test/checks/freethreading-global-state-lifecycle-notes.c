// RUN: %check_ft_tidy %s freethreading-global-state %t

// When module initialization or teardown calls the function that writes, a
// note says why it still counts as running at any time: the first other
// caller, the place its address is taken, or its external linkage (the last
// is in freethreading-global-state-notes.c).

#include <Python.h>

static PyObject *registry;
static long generation;
static PyObject *saved;

static void reset_registry(void) {
  Py_CLEAR(registry);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: write to static 'registry' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :10:18: note: 'registry' declared here
  // CHECK-NOTES: :[[@LINE+17]]:3: note: 'reset_registry' runs during module initialization and teardown, but 'reload' also calls it here, and 'reload' may run at any time
  // CHECK-NOTES: :[[@LINE-4]]:12: note: initialize it eagerly in module initialization, move it into module state, make it per thread (_Thread_local, thread_local) or atomic, or write it under a PyMutex (3.13+)
}

static int module_clear(PyObject *m) {
  generation++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'generation' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :11:8: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :11:13: note: 'generation' declared here
  // CHECK-NOTES: :[[@LINE+7]]:3: note: 'module_clear' runs during module teardown, but 'reload' also calls it here, and 'reload' may run at any time
  // CHECK-NOTES: :[[@LINE-5]]:3: note: make it atomic (_Atomic, std::atomic), per thread (_Thread_local, thread_local) if each thread may count on its own, or update it under a PyMutex (3.13+)
  reset_registry();
  return 0;
}

static PyObject *reload(PyObject *self, PyObject *unused) {
  module_clear(self);
  reset_registry();
  Py_RETURN_NONE;
}

static void save_state(void) {
  saved = PyDict_New();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'saved' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :12:18: note: 'saved' declared here
  // CHECK-NOTES: :[[@LINE+12]]:17: note: 'save_state' runs during module initialization, but its address is taken here: whoever holds it may call it at any time
  // CHECK-NOTES: :[[@LINE-4]]:3: note: initialize it eagerly in module initialization, move it into module state, make it per thread (_Thread_local, thread_local) or atomic, or write it under a PyMutex (3.13+)
}

static PyMethodDef methods[] = {
  {"reload", reload, METH_NOARGS, NULL},
  {NULL, NULL, 0, NULL},
};

static int module_exec(PyObject *m) {
  reset_registry();
  save_state();
  if (Py_AtExit(save_state) < 0)
    return -1;
  return 0;
}

static PyModuleDef_Slot slots[] = {
  {Py_mod_exec, (void *)module_exec},
  {0, NULL},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "notes", NULL, 0, methods, slots,
  NULL, module_clear, NULL,
};

PyMODINIT_FUNC PyInit_notes(void) { return PyModuleDef_Init(&moduledef); }

// The counter's fix: its declaration made _Atomic.
// CHECK-FIXES: static _Atomic long generation;
