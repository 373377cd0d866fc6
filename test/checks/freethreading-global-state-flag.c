// RUN: %check_ft_tidy %s freethreading-global-state %t

// A flag or setting (a static integer assigned by one function, read by
// others) is made _Atomic as a counter is; a function that reads it and
// writes it back, or a pointer or struct, is left with the repairs.

#include <Python.h>

static int default_mode = 1;
static int verbose;
static PyObject *last_arg;

static PyObject *set_mode(PyObject *self, PyObject *arg) {
  long m = PyLong_AsLong(arg);
  if (m == -1 && PyErr_Occurred())
    return NULL;
  default_mode = (int)m;
  Py_RETURN_NONE;
}

static PyObject *get_mode(PyObject *self, PyObject *unused) {
  return PyLong_FromLong(default_mode);
}

static PyObject *toggle(PyObject *self, PyObject *unused) {
  verbose = !verbose;
  Py_RETURN_NONE;
}

static PyObject *remember(PyObject *self, PyObject *arg) {
  last_arg = arg;
  Py_RETURN_NONE;
}

// CHECK-NOTES: :17:3: warning: write to static 'default_mode' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
// CHECK-NOTES: :9:8: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :9:12: note: 'default_mode' declared here
// CHECK-NOTES: :17:3: note: initialize it eagerly in module initialization, move it into module state, make it per thread (_Thread_local, thread_local) or atomic, or write it under a PyMutex (3.13+)
// CHECK-NOTES: :26:3: warning: write to static 'verbose' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
// CHECK-NOTES: :10:12: note: 'verbose' declared here
// CHECK-NOTES: :26:3: note: initialize it eagerly
// CHECK-NOTES: :26:14: note: no automatic fix: 'toggle' uses it twice (also here), not only to update it: each use would be atomic, but not the two together, as they were under the GIL; make the function's uses one operation, or take a PyMutex (3.13+) around them
// CHECK-NOTES: :31:3: warning: write to static 'last_arg' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
// CHECK-NOTES: :11:18: note: 'last_arg' declared here
// CHECK-NOTES: :31:3: note: initialize it eagerly

// CHECK-FIXES: static _Atomic int default_mode = 1;
// CHECK-FIXES: static int verbose;
// CHECK-FIXES: static PyObject *last_arg;
