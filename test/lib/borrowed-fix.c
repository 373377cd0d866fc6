// RUN: %check_ft_probe %s ftprobe-borrowed-fix %t -- -- -Wno-deprecated-declarations

// What lib/BorrowedReferenceFix plans for one use of a borrowed API, without
// the check's exemptions and compatibility-header decisions: each tier's
// edits, and the reason when there are none.

#include <Python.h>

int use(PyObject *);
void keep(PyObject *);

// Tier 1: the wrapper goes, the strong call stays.
PyObject *wrapped(PyObject *l) {
  return Py_XNewRef(PyList_GetItem(l, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyList_GetItem': 1 edits introducing 'PyList_GetItemRef' [ftprobe-borrowed-fix]
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(l, 0);{{$}}

// Tier 1: the INCREF right after the call goes; the lookup's swallowed
// error is cleared.
PyObject *incref_after(PyObject *d, PyObject *k) {
  PyObject *v;
  v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem': 2 edits introducing 'PyDict_GetItemRef' [ftprobe-borrowed-fix]
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Tier 2: an owned local, released on the early exit and at the end.
int owned_local(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem': 4 edits introducing 'PyList_GetItemRef' [ftprobe-borrowed-fix]
  if (x == NULL)
    return -1;
  int r = use(x);
  return r;
}
// CHECK-FIXES: {{^}}  PyObject *x = PyList_GetItemRef(l, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (x == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(x); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int r = use(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}

// Tier 3: a NULL test of a lookup that reports errors is a membership test.
int member(PyObject *d, PyObject *k) {
  return PyDict_GetItemWithError(d, k) != NULL;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItemWithError': 1 edits introducing 'PyDict_Contains' [ftprobe-borrowed-fix]
}
// CHECK-FIXES: {{^}}  return PyDict_Contains(d, k) > 0;{{$}}

// Tier 4: the dead-referent test becomes a NULL test and the call moves
// into the error test that followed it.
int alive(PyObject *ref) {
  PyObject *obj = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GetObject': 6 edits introducing 'PyWeakref_GetRef' [ftprobe-borrowed-fix]
  if (obj == NULL)
    return -1;
  if (obj == Py_None)
    return 0;
  use(obj);
  return 1;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &obj) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(obj); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  use(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return 1;{{$}}

// No fix: the reference is stored where the fixer cannot follow it.
typedef struct {
  PyObject_HEAD
  PyObject *cache;
} Holder;

void stored(Holder *h, PyObject *l) {
  h->cache = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'PyList_GetItem': no automatic fix: the reference is stored into 'h->cache'; take ownership explicitly with 'PyList_GetItemRef' and release the old value [ftprobe-borrowed-fix]
}

// No fix: the owned local escapes to a call that steals it.
void stolen(PyObject *t, PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem': no automatic fix: the result is kept in 'x' as a borrowed reference, and 'x' is passed to 'PyTuple_SetItem', which steals a reference; use 'PyList_GetItemRef' and release 'x' on every path by hand [ftprobe-borrowed-fix]
  PyTuple_SetItem(t, 0, x);
}
