// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// The get-or-insert: a lookup whose missing branch makes a default with a
// plain constructor, inserts it under the same key with PyDict_SetItem and
// releases it. Without the GIL two threads can both miss and both insert:
// the second overwrites the first's value, and what the first added to it
// is lost. The insertion becomes PyDict_SetDefaultRef, which keeps the
// value another thread inserted first and gives it back; on one thread
// nothing between the lookup and the insertion can put the key in the
// dictionary, so it inserts the default exactly as PyDict_SetItem did.

#include <Python.h>

// PyDict_GetItemWithError, a list default, `< 0`.
PyObject *group_add(PyObject *groups, PyObject *key, PyObject *item) {
  PyObject *members = PyDict_GetItemWithError(groups, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (members == NULL) {
    if (PyErr_Occurred())
      return NULL;
    members = PyList_New(0);
    if (members == NULL)
      return NULL;
    if (PyDict_SetItem(groups, key, members) < 0) {
      Py_DECREF(members);
      return NULL;
    }
    Py_DECREF(members);
  }
  if (PyList_Append(members, item) < 0)
    return NULL;
  Py_RETURN_NONE;
}
// CHECK-FIXES:      {{^}}  PyObject *members;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(groups, key, &members);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (members == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyErr_Occurred()){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    members = PyList_New(0);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (members == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyObject *stored;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetDefaultRef(groups, key, members, &stored) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(members);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_DECREF(members);{{$}}
// CHECK-FIXES-NEXT: {{^}}    members = stored;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyList_Append(members, item) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(members); return NULL; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(members);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_RETURN_NONE;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// A dictionary in a field, a set default, a bare failure test, Py_XDECREF,
// and a name 'stored' already taken.
typedef struct {
  PyObject_HEAD
  PyObject *index;
} IndexObject;

int index_add(IndexObject *self, PyObject *word, PyObject *where) {
  int stored = 0;
  PyObject *set = PyDict_GetItem(self->index, word);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (!set) {
    set = PySet_New(NULL);
    if (!set)
      return -1;
    if (PyDict_SetItem(self->index, word, set)) {
      Py_DECREF(set);
      return -1;
    }
    Py_XDECREF(set);
  }
  return PySet_Add(set, where) < 0 ? -1 : stored;
}
// CHECK-FIXES:      {{^}}  PyObject *set;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(self->index, word, &set) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES:      {{^}}    PyObject *stored_1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetDefaultRef(self->index, word, set, &stored_1) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(set);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(set);{{$}}
// CHECK-FIXES-NEXT: {{^}}    set = stored_1;{{$}}

// --- Left as PyDict_SetItem (the lookup still becomes PyDict_GetItemRef) ----

PyObject *compute(PyObject *);
static PyObject *shared_key;

// The default is computed by arbitrary code, which could insert the key
// itself: PyDict_SetItem would overwrite that value, PyDict_SetDefaultRef
// would keep it.
PyObject *memo(PyObject *cache, PyObject *key) {
  PyObject *r = PyDict_GetItemWithError(cache, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (r == NULL) {
    if (PyErr_Occurred())
      return NULL;
    r = compute(key);
    if (r == NULL)
      return NULL;
    if (PyDict_SetItem(cache, key, r) < 0) {
      Py_DECREF(r);
      return NULL;
    }
    Py_DECREF(r);
  }
  return Py_NewRef(r);
}
// CHECK-FIXES:      {{^}}    r = compute(key);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (r == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetItem(cache, key, r) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(r);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// Inserted under another key than the one looked up.
PyObject *other_key(PyObject *d, PyObject *k, PyObject *k2) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(0);
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, k2, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k2, v) < 0) {{{$}}

// A key in a global: another thread can change it between the lookup and
// the insertion.
PyObject *global_key(PyObject *d) {
  PyObject *v = PyDict_GetItemWithError(d, shared_key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyDict_New();
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, shared_key, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyDict_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, shared_key, v) < 0) {{{$}}

// The new list is filled before it is published: with another thread's
// list the fill would go elsewhere.
PyObject *filled_first(PyObject *d, PyObject *k, PyObject *x) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(0);
    if (v == NULL)
      return NULL;
    if (PyList_Append(v, x) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    if (PyDict_SetItem(d, k, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k, v) < 0) {{{$}}

// A success test (`== 0`) around the insertion.
PyObject *success_test(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(0);
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, k, v) == 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k, v) == 0) {{{$}}

// A set made from an iterable runs the iterable's Python code.
PyObject *set_from_iterable(PyObject *d, PyObject *k, PyObject *seed) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PySet_New(seed);
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, k, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PySet_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k, v) < 0) {{{$}}

// The insertion written through a macro: its arguments are not in the file.
#define CACHE_PUT(v) PyDict_SetItem(d, k, (v))
PyObject *macro_insert(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(0);
    if (v == NULL)
      return NULL;
    if (CACHE_PUT(v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    if (CACHE_PUT(v) < 0) {{{$}}

// A constructor argument that runs code (sizeof of a variable-length array
// is evaluated): it could insert the key.
int touch(PyObject *d, PyObject *k);
PyObject *sized_by_call(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (PyErr_Occurred())
      return NULL;
    v = PyList_New(sizeof(char[touch(d, k)]));
    if (v == NULL)
      return NULL;
    if (PyDict_SetItem(d, k, v) < 0) {
      Py_DECREF(v);
      return NULL;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    v = PyList_New(sizeof(char[touch(d, k)]));{{$}}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k, v) < 0) {{{$}}
