// RUN: %check_ft_tidy %s freethreading-global-state %t

// In C++ a counter is not made atomic automatically: the repair is
// std::atomic, whose uses differ from a plain integer's.

#include <Python.h>

static long hits;

static PyObject *hit(PyObject *, PyObject *) {
  hits++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'hits' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :8:13: note: 'hits' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic (_Atomic, std::atomic), per thread (_Thread_local, thread_local) if each thread may count on its own, or update it under a PyMutex (3.13+)
  // CHECK-NOTES: :[[@LINE-4]]:3: note: no automatic fix: in C++ the repair is std::atomic, whose uses differ from a plain variable's (printf, memcpy): by hand
  Py_RETURN_NONE;
}
