// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// The cache idiom: the lookup's local is assigned again only in the branch
// right after it that runs when nothing was found (`if (x == NULL)`, no
// else). On that path the local is NULL after the old and the new call
// alike, so the assignment drops no reference. The fix owns the local from
// the call on when that branch
//  - always leaves (return, goto, break, continue): the found path alone
//    goes on, as in tier 2;
//  - or ends with `Py_DECREF(x);` (or Py_XDECREF), reached only by falling
//    through: that release goes, so both paths own the local where they
//    meet, and the rest of the block is tier 2.

#include <Python.h>

PyObject *compute(PyObject *);
int use(PyObject *);

// The missing branch returns its new object.
PyObject *cache_returns(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (r == NULL) {
    r = compute(key);
    if (r == NULL)
      return NULL;
    if (PyDict_SetItem(cache, key, r) < 0) {
      Py_DECREF(r);
      return NULL;
    }
    return r;
  }
  Py_INCREF(r);
  return r;
}
// CHECK-FIXES:      {{^}}  PyObject *r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(cache, key, &r) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (r == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (r == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetItem(cache, key, r) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    return r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// The missing branch releases its reference and falls through; the found
// path's INCREF before the return goes, as in tier 2.
PyObject *cache_falls_through(PyObject *cache, PyObject *key) {
  PyObject *r;
  r = PyDict_GetItemWithError(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (!r) {
    if (PyErr_Occurred())
      return NULL;
    r = compute(key);
    if (!r)
      return NULL;
    if (PyDict_SetItem(cache, key, r) < 0) {
      Py_DECREF(r);
      return NULL;
    }
    Py_DECREF(r);
  }
  Py_INCREF(r);
  return r;
}
// CHECK-FIXES:      {{^}}  PyObject *r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(cache, key, &r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!r) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyErr_Occurred()){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!r){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetItem(cache, key, r) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Falling through to a later use: released on the exits after the branch,
// the value returned through a temporary.
int cache_used(PyObject *cache) {
  PyObject *items = PyDict_GetItemString(cache, "items");
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (items == NULL) {
    items = PyList_New(0);
    if (items == NULL)
      return -1;
    if (PyDict_SetItemString(cache, "items", items) < 0) {
      Py_DECREF(items);
      return -1;
    }
    Py_XDECREF(items);
  }
  if (use(items) < 0)
    return -1;
  return use(items);
}
// CHECK-FIXES:      {{^}}  PyObject *items;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemStringRef(cache, "items", &items) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (items == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    items = PyList_New(0);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (items == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetItemString(cache, "items", items) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(items);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (use(items) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(items); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = use(items);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(items);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// The found path takes its reference in an else: both paths own the local
// where they meet, before the fix and after it. The else goes; the rest,
// which already releases the local, stays as it is.
PyObject *cache_else_incref(PyObject *cache, PyObject *key) {
  PyObject *r, *res;
  r = PyDict_GetItem(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (r == NULL) {
    r = compute(key);
    if (r == NULL)
      goto error;
  }
  else {
    Py_INCREF(r);
  }
  res = compute(r);
  Py_DECREF(r);
  return res;
error:
  return NULL;
}
// CHECK-FIXES:      {{^}}  PyObject *r, *res;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(cache, key, &r) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (r == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (r == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      goto error;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  res = compute(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_DECREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return res;{{$}}
// CHECK-FIXES-NEXT: {{^}}error:{{$}}
// CHECK-FIXES-NEXT: {{^}}  return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// The same with an else on the closing brace's line, unbraced, and
// Py_XINCREF.
PyObject *cache_else_xincref(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItemWithError(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (!r) {
    if (PyErr_Occurred())
      return NULL;
    r = compute(key);
  } else Py_XINCREF(r);
  return r;
}
// CHECK-FIXES:      {{^}}  PyObject *r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(cache, key, &r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!r) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyErr_Occurred()){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}

// One local for successive lookups (a later statement of the block assigns
// it a value that does not use it): each range ends before the next
// assignment, where the release goes; each lookup is fixed on its own, and
// the mentions before a lookup read the old value, in a function where
// control never comes back to them.
int cache_chain(PyObject *settings) {
  PyObject *val;
  val = PyDict_GetItemString(settings, "a");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (!val) {
    val = PyLong_FromLong(1);
    if (!val)
      return -1;
    PyDict_SetItemString(settings, "a", val);
    Py_DECREF(val);
  }
  if (use(val) < 0)
    return -1;
  val = PyDict_GetItemString(settings, "b");
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (!val) {
    val = PyLong_FromLong(2);
    if (!val)
      return -1;
    PyDict_SetItemString(settings, "b", val);
    Py_DECREF(val);
  }
  return use(val);
}
// CHECK-FIXES:      {{^}}  PyObject *val;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemStringRef(settings, "a", &val) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!val) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    val = PyLong_FromLong(1);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!val){{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyDict_SetItemString(settings, "a", val);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (use(val) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(val); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(val);{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemStringRef(settings, "b", &val) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!val) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    val = PyLong_FromLong(2);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!val){{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyDict_SetItemString(settings, "b", val);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = use(val);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(val);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// Assigned again by a statement of the block after a missing branch that
// returns: released right before the assignment.
PyObject *cache_then_default(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItem(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (r == NULL) {
    r = compute(key);
    return r;
  }
  use(r);
  r = Py_None;
  Py_INCREF(r);
  return r;
}
// CHECK-FIXES:      {{^}}  PyObject *r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(cache, key, &r) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (r == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return r;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  use(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  r = Py_None;{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_INCREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}
