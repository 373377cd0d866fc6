// RUN: %check_ft_tidy %s freethreading-critical-section-exit %t

// Only direct PyCriticalSection_Begin/End calls, and no section macro
// anywhere in the file: the sections are still found (the tracker skips its
// walk over the translation unit only when no Begin can be called at all).

#include <Python.h>

int work(PyObject *);

int direct_only(PyObject *d) {
  PyCriticalSection cs;
  PyCriticalSection_Begin(&cs, d);
  if (work(d))
    return -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of PyCriticalSection_Begin without reaching PyCriticalSection_End(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: store the result in a variable and return after PyCriticalSection_End()
  PyCriticalSection_End(&cs);
  return 0;
}

// Declared again inside the function (C allows a block-scope declaration of
// a function): the call still refers to the same function.
int block_scope_declaration(PyObject *d) {
  void PyCriticalSection_Begin(PyCriticalSection *, PyObject *);
  PyCriticalSection cs;
  PyCriticalSection_Begin(&cs, d);
  for (int i = 0; i < 3; i++) {
    if (work(d))
      break; // Fine: leaves the loop, not the section.
  }
  if (work(d))
    goto out;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'goto' leaves the critical section of PyCriticalSection_Begin without reaching PyCriticalSection_End(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-8]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: set a flag, leave the section normally, and act on the flag after PyCriticalSection_End()
  PyCriticalSection_End(&cs);
out:
  return 0;
}
