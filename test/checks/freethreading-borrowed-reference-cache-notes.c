// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// The cache idiom where the fix cannot be proven: no fix, and the note of
// tier 2 ("assigned again").

#include <Python.h>

PyObject *compute(PyObject *);

// The missing branch falls through holding a borrowed value: the paths
// would meet with different ownership.
PyObject *borrowed_fallback(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = Py_None;
  }
  Py_INCREF(r);
  return r;
}

// The release is not the branch's last statement.
PyObject *release_not_last(PyObject *cache, PyObject *key, int *hits) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = compute(key);
    if (r == NULL)
      return NULL;
    PyDict_SetItem(cache, key, r);
    Py_DECREF(r);
    (*hits)--;
  }
  Py_INCREF(r);
  return r;
}

// A label inside the missing branch: a way into it from elsewhere.
PyObject *label_inside(PyObject *cache, PyObject *key, int again) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
  retry:
    r = compute(key);
    if (r == NULL)
      return NULL;
    PyDict_SetItem(cache, key, r);
    Py_DECREF(r);
  }
  if (again--)
    goto retry;
  Py_INCREF(r);
  return r;
}

// Assigned again after the branch too, on one path.
PyObject *assigned_after(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = compute(key);
    return r;
  }
  if (r == key)
    r = Py_None;
  Py_INCREF(r);
  return r;
}

// The branch tests something else than the local being NULL.
PyObject *other_test(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r != NULL) {
    r = compute(r);
    return r;
  }
  return NULL;
}

// The else does more than take the found path's reference.
PyObject *else_does_more(PyObject *cache, PyObject *key, PyObject *dflt) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = compute(key);
  } else {
    if (r == Py_None)
      r = dflt;
    Py_INCREF(r);
  }
  return r;
}

// The else takes a reference to something else.
PyObject *else_other_incref(PyObject *cache, PyObject *key, PyObject *o) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = compute(key);
  } else {
    Py_INCREF(o);
  }
  return r;
}

// The found path is the then branch: not the shape (its INCREF would leave
// an empty branch).
PyObject *then_incref(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r != NULL) {
    Py_INCREF(r);
  } else {
    r = compute(key);
  }
  return r;
}

// A jump from the missing branch into the rest of the block, where the
// found path's ownership is expected.
PyObject *jump_into_rest(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'r' as a borrowed reference, and 'r' is assigned again; use 'PyDict_GetItemRef' and release 'r' on every path by hand
  if (r == NULL) {
    r = Py_None;
    goto done;
  }
  Py_INCREF(r);
  return r;
done:
  return r;
}

int use(PyObject *);

// The second lookup of a chain inside a loop: the next iteration reads the
// local before the lookup, after its release.
int chain_in_loop(PyObject *d, int n) {
  PyObject *v = NULL;
  while (n--) {
    if (v != NULL && use(v) < 0)
      return -1;
    v = PyDict_GetItemString(d, "k");
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemStringRef' and release 'v' on every path by hand
    if (v == NULL) {
      v = PyLong_FromLong(0);
      if (v == NULL)
        return -1;
      PyDict_SetItemString(d, "k", v);
      Py_DECREF(v);
    }
  }
  return 0;
}

// A label before the lookup: a jump back reads the released local.
int chain_label_before(PyObject *d, int again) {
  PyObject *v = NULL;
retry:
  if (v != NULL && use(v) < 0)
    return -1;
  v = PyDict_GetItemString(d, "k");
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemStringRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  if (again--)
    goto retry;
  return use(v);
}

// The address of the local is taken before the lookup.
int address_before(PyObject *d, PyObject **slot) {
  PyObject *v = NULL;
  *slot = (PyObject *)&v;
  v = PyDict_GetItemString(d, "k");
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemStringRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  return use(v);
}

// The reference count is read after the call: the owned reference would
// add one to it and change the answer.
int refcount_macro(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and the reference count of 'v' is read (the owned reference adds one to it); use 'PyDict_GetItemRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  return Py_REFCNT(v) <= 1;
}

int refcount_field(PyObject *d, PyObject *k) {
  PyObject *v;
  v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and the reference count of 'v' is read (the owned reference adds one to it); use 'PyDict_GetItemRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  if (v->ob_refcnt <= 1 && PyType_Check(v))
    return 1;
  v = PyLong_FromLong(0);
  if (v == NULL)
    return -1;
  Py_DECREF(v);
  return 0;
}

int PyUnstable_Object_IsUniquelyReferenced(PyObject *op);

// The uniqueness test is a reference-count read too.
int uniqueness(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and the reference count of 'v' is read (the owned reference adds one to it); use 'PyDict_GetItemRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  return PyUnstable_Object_IsUniquelyReferenced(v);
}

// The address taken before the lookup, in parentheses: a later write
// through it would replace the owned value.
int address_in_parens(PyObject *d, PyObject *fallback) {
  PyObject *v = NULL, **slot = &(v);
  v = PyDict_GetItemString(d, "k");
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is also used outside the rest of the block after the call; use 'PyDict_GetItemStringRef' and release 'v' on every path by hand
  if (v == NULL)
    return 0;
  *slot = fallback;
  return use(v);
}

// The address taken in the missing branch.
int address_in_branch(PyObject *d, PyObject **out) {
  PyObject *v = PyDict_GetItemString(d, "k");
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and the address of 'v' is taken, or it is used in a lambda or block; use 'PyDict_GetItemStringRef' and release 'v' on every path by hand
  if (v == NULL) {
    v = PyLong_FromLong(0);
    *out = (PyObject *)&v;
    return -1;
  }
  return use(v);
}

// A jump from before the reassignment to after it: that path reads the
// old value there, which the fix would have released.
PyObject *jump_past_reassignment(PyObject *d, PyObject *k, PyObject *k2) {
  PyObject *x = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is assigned again; use 'PyDict_GetItemRef' and release 'x' on every path by hand
  if (x == NULL)
    return NULL;
  if (PyObject_IsTrue(x))
    goto done;
  x = PyDict_GetItem(d, k2);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: the result is kept in 'x' as a borrowed reference, and control can jump into the rest of the block (a label or a case inside it); use 'PyDict_GetItemRef' and release 'x' on every path by hand
  if (x == NULL)
    return NULL;
done:
  return Py_NewRef(x);
}
