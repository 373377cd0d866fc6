// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tier 4 (weakref): the result is kept in a local whose dead referent
// (Py_None) is tested. PyWeakref_GetRef gives NULL for a dead referent, so
// the `== Py_None` tests become NULL tests, plus the releases of tier 2.

#include <Python.h>

int use(PyObject *);

// PyWeakref_GetObject with its error test (NULL for a non-weakref): the
// call moves into that test (-1 is the error), the dead test becomes a NULL
// test, the release goes before the exit of the dead branch and the INCREF
// before the return goes away. The error exit needs no release (NULL).
PyObject *deref(PyObject *ref) {
  PyObject *obj = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  if (obj == NULL)
    return NULL;
  if (obj == Py_None) {
    PyErr_SetString(PyExc_RuntimeError, "dead");
    return NULL;
  }
  Py_INCREF(obj);
  return obj;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &obj) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyErr_SetString(PyExc_RuntimeError, "dead");{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return obj;{{$}}

// The macro cannot fail on a weakref: the -1 result is ignored. The use is
// under `!= Py_None`; the end of the block is reached too.
int alive(PyObject *ref) {
  PyObject *obj = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  int r = 0;
  if (obj != Py_None) {
    r = use(obj);
  }
  return r;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyWeakref_GetRef(ref, &obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  int r = 0;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj != NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = use(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}

// A return using the test: the temporary keeps the rewritten test.
int is_dead(PyObject *ref) {
  PyObject *obj = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  return obj == Py_None;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyWeakref_GetRef(ref, &obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = obj == NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// Used where it may be dead (it would now be NULL, not None): the tests
// keep Py_None and the owned local keeps an owned None for a dead referent
// (the tier-1 statement), which is exact too.
int maybe_dead(PyObject *ref) {
  PyObject *obj = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  use(obj);
  if (obj == Py_None)
    return 0;
  return 1;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &obj) == 0) { Py_INCREF(Py_None); obj = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  use(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj == Py_None){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(obj); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return 1;{{$}}

// PyWeakref_GetObject without an error test: its error (NULL) and a dead
// referent (NULL now) would meet in the tests, so None is kept.
int no_error_test(PyObject *ref) {
  PyObject *obj;
  obj = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  if (obj == Py_None)
    return 0;
  return use(obj);
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &obj) == 0) { Py_INCREF(Py_None); obj = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj == Py_None){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(obj); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = use(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}
