// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tier 2 in C++: the same rewrites; `auto` is spelled out for the
// int-returning replacements, and a function with labels gets its return
// temporaries in braces (a goto must not jump over an initialized local).

#include <Python.h>

int use(PyObject *);

static long value_of(PyObject *d, PyObject *k) {
  auto v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == nullptr)
    return -1;
  return PyLong_AsLong(v);
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(v); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  long result = PyLong_AsLong(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

static int with_labels(PyObject *l, int n) {
  int total = 0;
  for (int i = 0; i < n; i++) {
    PyObject *x = PyList_GetItem(l, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (x == nullptr)
      goto fail;
    if (use(x) > 1) {
      return use(x) + total;
    }
    total += use(x);
  }
  return total;
fail:
  return -1;
}
// CHECK-FIXES: {{^}}    PyObject *x = PyList_GetItemRef(l, i);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (x == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(x); goto fail; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (use(x) > 1) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      { int result = use(x) + total; Py_XDECREF(x); return result; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    total += use(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// In a member function the temporary does not take a member's name.
struct Cache {
  long result;
  long lookup(PyObject *d, PyObject *k) {
    PyObject *v = PyDict_GetItemWithError(d, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (v == nullptr)
      return result;
    return PyLong_AsLong(v) + result;
  }
};
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); return result; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    long result_1 = PyLong_AsLong(v) + result;{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return result_1;{{$}}

// A lambda that captures the local could outlive it: a note, no fix.
static int captured(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  auto f = [&]() { return use(x); };
  return f();
}
// CHECK-FIXES: {{^}}  PyObject *x = PyList_GetItem(l, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  auto f = [&]() { return use(x); };{{$}}

// A throw leaving the live range: no fix.
static int throws(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (x == nullptr)
    throw 1;
  return use(x);
}
// CHECK-FIXES: {{^}}  PyObject *x = PyList_GetItem(l, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (x == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    throw 1;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return use(x);{{$}}

int all(PyObject *d, PyObject *k, PyObject *l) {
  return (int)value_of(d, k) + with_labels(l, 2) + captured(l) + throws(l);
}

// Inside a lambda the return temporary has the lambda's return type, not the
// enclosing function's.
static int lambda_lookup(PyObject *d, PyObject *k) {
  auto repr_of = [&]() -> PyObject * {
    PyObject *v = PyDict_GetItemWithError(d, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (v == nullptr)
      return nullptr;
    return PyObject_Repr(v);
  };
  PyObject *r = repr_of();
  int ok = r != nullptr;
  Py_XDECREF(r);
  return ok;
}
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); return nullptr; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyObject *result = PyObject_Repr(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return result;{{$}}
