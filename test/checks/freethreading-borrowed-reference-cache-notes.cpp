// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Reading a local's old value before a lookup is left alone only when
// control cannot come back there after the lookup: in C++ a range-for and
// a lambda called again both can.

#include <Python.h>

int use(PyObject *);

int chain_in_range_for(PyObject *d, PyObject *const (&keys)[2]) {
  PyObject *v = nullptr;
  for (PyObject *k : keys) {
    if (v != nullptr && use(v) < 0)
      return -1;
    v = PyDict_GetItem(d, k);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemRef' and release 'v' on every path by hand
    if (v == nullptr)
      return 0;
  }
  return 0;
}

int captured_before(PyObject *d, PyObject *k, PyObject *other) {
  PyObject *v = nullptr;
  auto set = [&](PyObject *o) { v = o; };
  v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemRef' and release 'v' on every path by hand
  if (v == nullptr)
    return 0;
  set(other);
  return use(v);
}
