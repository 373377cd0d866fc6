// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tier 2 (owned local) cases that get no fix: the warning and a note saying
// why. Nothing here is rewritten. The fixed cases are in -tier2.c.

#include <Python.h>

int use(PyObject *);

typedef struct {
  PyObject_HEAD
  PyObject *cache;
} Holder;

// Stored into a struct: the store would keep a released reference.
void store(Holder *h, PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is stored into 'h->cache'; use 'PyDict_GetItemRef' and release 'v' on every path by hand
  h->cache = v;
}

// Returned without an INCREF: a borrowed return, not an owned local.
PyObject *bare(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is returned without a reference of its own (no 'Py_INCREF' right before the 'return'); use 'PyList_GetItemRef' and release 'x' on every path by hand
  return x;
}

// Passed to a stealing API.
void steal(PyObject *t, PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is passed to 'PyTuple_SET_ITEM', which steals a reference; use 'PyList_GetItemRef' and release 'x' on every path by hand
  PyTuple_SET_ITEM(t, 0, x);
}

// A return using the local inside a user macro: not editable.
#define RET_X return x
PyObject *macro_ret(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and a 'return' using 'x' is spelled in a macro; use 'PyList_GetItemRef' and release 'x' on every path by hand
  use(x);
  Py_INCREF(x);
  RET_X;
}

// An exit inside a macro that is not a whole statement of its own.
#define CHECK_OR_FAIL(c) do { if (!(c)) return -1; } while (0)
int macro_exit(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and a 'return' leaving the rest of the block is spelled in a macro or is not a statement the fixer can extend; use 'PyList_GetItemRef' and release 'x' on every path by hand
  CHECK_OR_FAIL(use(x) >= 0);
  return 0;
}

// A goto jumps into the live range past the call.
int jump_in(PyObject *l, int f) {
  if (f) goto inside;
  {
    PyObject *x = PyList_GetItem(l, 0);
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:19: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and control can jump into the rest of the block (a label or a case inside it); use 'PyList_GetItemRef' and release 'x' on every path by hand
    use(x);
  inside:
    return 0;
  }
}

// A later case label: control can enter past the call.
int cases(PyObject *l, int k) {
  PyObject *x = NULL;
  switch (k) {
  case 0:
    x = PyList_GetItem(l, 0);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and the statement is not a statement of a block; use 'PyList_GetItemRef' and release 'x' on every path
    use(x);
  case 1:
    return 1;
  }
  return 0;
}

// Assigned again later on one path only: not a read-only local. (A
// statement of the block that assigns it again ends its range instead:
// freethreading-borrowed-reference-cache.c.)
int reassigned(PyObject *l, int f) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is assigned again; use 'PyList_GetItemRef' and release 'x' on every path by hand
  use(x);
  if (f)
    x = Py_None;
  return use(x);
}

// Used after the block the call is in.
int used_after(PyObject *l, int f) {
  PyObject *x = NULL;
  if (f) {
    x = PyList_GetItem(l, 0);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is also used outside the rest of the block after the call; use 'PyList_GetItemRef' and release 'x' on every path by hand
  }
  return x != NULL;
}

// The address is taken.
int address(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and the address of 'x' is taken; use 'PyList_GetItemRef' and release 'x' on every path by hand
  PyObject **p = &x;
  return use(*p);
}
