// RUN: %check_ft_tidy %s freethreading-global-state %t

// Writes that no free-threaded build compiles cannot race: not reported.

#include <Python.h>

static long calls;
static long hits;

#ifndef Py_GIL_DISABLED
// Only builds with a GIL count calls this way.
static PyObject *count_call(PyObject *self, PyObject *unused) {
  calls++;
  Py_RETURN_NONE;
}
#endif

#if PY_VERSION_HEX < 0x030D0000
static PyObject *old_count(PyObject *self, PyObject *unused) {
  calls += 2;
  Py_RETURN_NONE;
}
#endif

// Both builds compile this one.
static PyObject *hit(PyObject *self, PyObject *unused) {
  hits++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'hits' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :8:8: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :8:13: note: 'hits' declared here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: make it atomic (_Atomic, std::atomic), per thread (_Thread_local, thread_local) if each thread may count on its own, or update it under a PyMutex (3.13+)
  Py_RETURN_NONE;
}

// The counter's fix: its declaration made _Atomic.
// CHECK-FIXES: static _Atomic long hits;
