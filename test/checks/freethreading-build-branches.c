// RUN: %check_ft_tidy %s freethreading-borrowed-reference,freethreading-unguarded-dict-next,freethreading-critical-section-exit,freethreading-unlocked-container-access,freethreading-object-malloc-buffer %t

// Code one build compiles and the other skips (SPEC section 3). Findings are
// the same whether the file is analysed with or without Py_GIL_DISABLED (the
// runner checks both):
// * a critical section written only for the free-threaded build counts as
//   held on the default build too, so no second section is proposed;
// * code no free-threaded build compiles (#ifndef Py_GIL_DISABLED, a
//   PY_VERSION_HEX below 3.13, the #else of #ifdef Py_GIL_DISABLED) cannot
//   race and is not reported.

#include <Python.h>

int work(PyObject *);

// The section exists on the free-threaded build only: the loop is guarded
// there, and it is a plain block elsewhere. Not reported.
int count(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *k, *v;
  int n = 0;
#ifdef Py_GIL_DISABLED
  Py_BEGIN_CRITICAL_SECTION(d);
#endif
  while (PyDict_Next(d, &pos, &k, &v))
    n++;
#ifdef Py_GIL_DISABLED
  Py_END_CRITICAL_SECTION();
#endif
  return n;
}

// A return out of such a section is reported on both builds, with no fix:
// moving it after the END would put it inside the #ifdef.
int first_negative(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *k, *v;
  int found = 0;
#if defined(Py_GIL_DISABLED)
  Py_BEGIN_CRITICAL_SECTION(d);
#endif
  while (PyDict_Next(d, &pos, &k, &v)) {
    if (work(v) < 0)
      return -1;
    // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    // CHECK-NOTES: :[[@LINE-6]]:3: note: critical section begins here
    // CHECK-NOTES: :[[@LINE-3]]:7: note: store the result in a variable and return after Py_END_CRITICAL_SECTION()
    found++;
  }
#if defined(Py_GIL_DISABLED)
  Py_END_CRITICAL_SECTION();
#endif
  return found;
}

// The section's last statement is a return, the shape whose fix moves the
// return after the END; in a section of one build that fix is withheld.
PyObject *lookup(PyObject *d, PyObject *key) {
#ifdef Py_GIL_DISABLED
  Py_BEGIN_CRITICAL_SECTION(d);
#endif
  return Py_XNewRef(PyDict_GetItemWithError(d, key));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}} [freethreading-critical-section-exit]
  // CHECK-NOTES: :[[@LINE-4]]:3: note: critical section begins here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: store the result in a variable and return after Py_END_CRITICAL_SECTION()
#ifdef Py_GIL_DISABLED
  Py_END_CRITICAL_SECTION();
#endif
}
// CHECK-FIXES: {{^}}  return Py_XNewRef(PyDict_GetItemWithError(d, key));{{$}}

// Only builds with a GIL compile these: not reported.
#ifndef Py_GIL_DISABLED
PyObject *legacy_lookup(PyObject *d, PyObject *k) {
  return Py_XNewRef(PyDict_GetItem(d, k));
}

int legacy_count(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *k, *v;
  int n = 0;
  while (PyDict_Next(d, &pos, &k, &v))
    n++;
  return n;
}
#endif

#if PY_VERSION_HEX < 0x030D0000
PyObject *old_first(PyObject *list) {
  PyObject *item = PyList_GET_ITEM(list, 0);
  Py_INCREF(item);
  return item;
}

char *old_buffer(void) {
  char *buf = (char *)PyObject_Malloc(16);
  PyObject_Free(buf);
  return NULL;
}
#endif

#ifdef Py_GIL_DISABLED
#else
PyObject *else_branch(PyObject *d, PyObject *k) {
  return Py_XNewRef(PyDict_GetItem(d, k));
}
#endif

// Code both builds compile is reported as usual.
PyObject *shared_lookup(PyObject *d, PyObject *k) {
  return Py_XNewRef(PyDict_GetItem(d, k));
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: the owned result is returned directly, and 'PyDict_GetItemRef' returns an int; store its result in a local with 'PyDict_GetItemRef(..., &x)', handle -1, and return the local
}
