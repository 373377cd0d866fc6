// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tier 2 cases in C++ that get no fix: the warning and a note saying why.
// Nothing here is rewritten.

#include <Python.h>

int use(PyObject *);

// A lambda capturing the local could run after the release.
int captured(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is captured by a lambda or block; use 'PyList_GetItemRef' and release 'x' on every path by hand
  auto f = [&]() { return use(x); };
  return f();
}

// A throw leaves the live range without a place for the release.
int throws(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and the rest of the block can leave by 'throw'; use 'PyList_GetItemRef' and release 'x' on every path by hand
  if (x == nullptr)
    throw 1;
  return use(x);
}

// A return using the local in a function with a deduced return type: the
// temporary's type cannot be spelled.
auto deduced(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and a 'return' uses 'x' and the function's return type cannot be spelled for a temporary; use 'PyList_GetItemRef' and release 'x' on every path by hand
  return use(x) + 1;
}
