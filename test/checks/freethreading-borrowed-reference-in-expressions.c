// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Borrowed calls used in place inside an expression: compared with another
// object, or an operand of a comma. Each is reported with the note that says
// why there is no automatic fix, and nothing is rewritten. (These shapes
// once sent the fixer into unbounded recursion: clang-tidy crashed and the
// whole translation unit lost its findings.)

#include <Python.h>

int use(PyObject *);

int is_tag(PyObject *d, PyObject *k, PyObject *tag) {
  return PyDict_GetItem(d, k) == tag;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the result is compared with another object; store the new reference of 'PyDict_GetItemRef' in a local, compare, and release it
}

int is_not_first(PyObject *l, PyObject *x) {
  if (x != PyList_GetItem(l, 0))
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:12: note: no automatic fix: the result is compared with another object; store the new reference of 'PyList_GetItemRef' in a local, compare, and release it
    return 1;
  return 0;
}

int comma_then_value(PyObject *d, PyObject *k) {
  return (use(d), PyDict_GetItem(d, k) == NULL);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:19: note: no automatic fix: the membership test is not the whole condition of an 'if' statement in a block; use 'PyDict_Contains' and clear or propagate its error (-1)
}

int comma_discarded(PyObject *d, PyObject *k) {
  return (PyDict_GetItem(d, k), 1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:11: note: no automatic fix: the result is used inside an expression; store the new reference of 'PyDict_GetItemRef' in a local and release it when done
}

int comma_assigned(PyObject *d, PyObject *k) {
  PyObject *v;
  return (v = PyDict_GetItem(d, k), v != NULL);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and the statement is not a statement of a block; use 'PyDict_GetItemRef' and release 'v' on every path
}

// Owned at once, then compared: tier 1 applies (the comparison is on the
// owned local, not on the call).
int wrapped_compared(PyObject *d, PyObject *k, PyObject *tag) {
  PyObject *v = Py_NewRef(PyDict_GetItem(d, k));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: FIX-IT applied suggested code changes
  int same = v == tag;
  Py_DECREF(v);
  return same;
}
// CHECK-FIXES: {{^}}int wrapped_compared(PyObject *d, PyObject *k, PyObject *tag) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  int same = v == tag;{{$}}
