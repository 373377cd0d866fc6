// RUN: %check_ft_tidy %s freethreading-critical-section-exit %t

#include <Python.h>

int work(PyObject *);

PyObject *early_return(PyObject *list, PyObject *item) {
  Py_BEGIN_CRITICAL_SECTION(list);
  if (PyList_Append(list, item) < 0) {
    return NULL;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: store the result in a variable and return after Py_END_CRITICAL_SECTION()
  }
  Py_END_CRITICAL_SECTION();
  Py_RETURN_NONE; // after the END: fine
}

int goto_out(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  if (work(d) < 0)
    goto error;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'goto' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-4]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: set a flag, leave the section normally, and act on the flag after Py_END_CRITICAL_SECTION()
  if (work(d) > 0)
    goto done; // the label is inside the section: fine
done:
  work(d);
  Py_END_CRITICAL_SECTION();
  return 0;
error:
  return -1;
}

void loops(PyObject *a, PyObject *items[], int n) {
  for (int i = 0; i < n; i++) {
    Py_BEGIN_CRITICAL_SECTION(a);
    if (work(items[i]) < 0)
      break;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'break' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: critical section begins here
      // CHECK-NOTES: :[[@LINE-3]]:7: note: set a flag, leave the section normally, and act on the flag after Py_END_CRITICAL_SECTION()
    if (work(items[i]) > 0)
      continue;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'continue' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
      // CHECK-NOTES: :[[@LINE-9]]:5: note: critical section begins here
      // CHECK-NOTES: :[[@LINE-3]]:7: note: set a flag, leave the section normally, and act on the flag after Py_END_CRITICAL_SECTION()
    Py_END_CRITICAL_SECTION();
  }

  // The accepted repair: loops and switches inside the section, flag + break.
  int failed = 0;
  Py_BEGIN_CRITICAL_SECTION(a);
  for (int i = 0; i < n; i++) {
    if (work(items[i]) < 0) {
      failed = 1;
      break;
    }
    if (work(items[i]) == 0)
      continue;
    switch (work(items[i])) {
    case 1:
      break;
    default:
      break;
    }
  }
  Py_END_CRITICAL_SECTION();
  if (failed)
    return;

  // A switch around the section: 'break' leaves it.
  switch (n) {
  case 0:
    Py_BEGIN_CRITICAL_SECTION(a);
    if (work(a))
      break;
      // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'break' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
      // CHECK-NOTES: :[[@LINE-4]]:5: note: critical section begins here
      // CHECK-NOTES: :[[@LINE-3]]:7: note: set a flag, leave the section normally, and act on the flag after Py_END_CRITICAL_SECTION()
    Py_END_CRITICAL_SECTION();
    break; // after the END: fine
  default:
    break;
  }
}

// Nested sections: the warning names the outermost one the exit leaves.
PyObject *nested(PyObject *a, PyObject *b, PyObject *c) {
  Py_BEGIN_CRITICAL_SECTION2(a, b);
  Py_BEGIN_CRITICAL_SECTION(c);
  if (work(c))
    return NULL;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION2 without reaching Py_END_CRITICAL_SECTION2(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-5]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:5: note: store the result in a variable and return after Py_END_CRITICAL_SECTION2()
  Py_END_CRITICAL_SECTION();
  Py_END_CRITICAL_SECTION2();
  Py_RETURN_NONE;
}

// Direct calls: the section runs from Begin to End on the same variable.
int direct(PyObject *d) {
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

// An exit written inside a project macro is reported where the macro is used.
#define CHECK_OR_RETURN(x) do { if ((x) < 0) return NULL; } while (0)
PyObject *in_macro(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  CHECK_OR_RETURN(work(d));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
  // CHECK-NOTES: :[[@LINE-5]]:46: note: expanded from macro 'CHECK_OR_RETURN'
  // CHECK-NOTES: :[[@LINE-4]]:3: note: critical section begins here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: store the result in a variable and return after Py_END_CRITICAL_SECTION()
  // CHECK-NOTES: :[[@LINE-8]]:46: note: expanded from macro 'CHECK_OR_RETURN'
  Py_END_CRITICAL_SECTION();
  Py_RETURN_NONE;
}

// No section: nothing to report.
PyObject *plain(PyObject *d) {
  if (work(d))
    return NULL;
  for (;;)
    break;
  Py_RETURN_NONE;
}
