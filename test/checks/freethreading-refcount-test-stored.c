// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

// A reference count stored in a local first and tested later is the same
// uniqueness test as Py_REFCNT(x) == 1. Where the local is read by that test
// alone, and nothing between the read and the test can change the count or
// the object, the fix moves the read into the test: the test becomes
// PyUnstable_Object_IsUniquelyReferenced(x) and the store goes (with the
// local's declaration when the count was assigned to it).

#include <Python.h>
#include <stdio.h>

typedef struct {
  PyObject_HEAD
  PyObject *items;
} Box;

// Declared with the count, tested in the next statement.
static int declared(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  if (n == 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'n', a reference count read earlier: on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
    return 1;
  return 0;
}
// CHECK-FIXES: static int declared(PyObject *x) {
// CHECK-FIXES-NEXT: if (PyUnstable_Object_IsUniquelyReferenced(x))

// Assigned to a local declared earlier (C89 style): both lines go.
static int assigned(PyObject *x) {
  Py_ssize_t refcnt;
  int shared = 0;
  refcnt = Py_REFCNT(x);
  if (refcnt > 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'refcnt', a reference count read earlier: {{.*}}use '!PyUnstable_Object_IsUniquelyReferenced()' (3.14+)
    shared = 1;
  return shared;
}
// CHECK-FIXES: static int assigned(PyObject *x) {
// CHECK-FIXES-NEXT: int shared = 0;
// CHECK-FIXES-NEXT: if (!PyUnstable_Object_IsUniquelyReferenced(x))

// The field, stored: one finding (the read goes with the store, so it is not
// reported apart), and the fixed file compiles on the free-threaded layout.
static int field(Box *self) {
  Py_ssize_t refs = self->ob_base.ob_refcnt;
  return refs < 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'refs', a reference count read earlier
}
// CHECK-FIXES: static int field(Box *self) {
// CHECK-FIXES-NEXT: return PyUnstable_Object_IsUniquelyReferenced(&self->ob_base);

static int field_assigned(PyObject *x) {
  Py_ssize_t refs;
  refs = ((PyObject *)x)->ob_refcnt;
  return 2 <= refs;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: uniqueness test on 'refs', a reference count read earlier{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
}
// CHECK-FIXES: static int field_assigned(PyObject *x) {
// CHECK-FIXES-NEXT: return !PyUnstable_Object_IsUniquelyReferenced((PyObject *)x);

// The object is written as it was at the read, with the cast Py_REFCNT did.
static int object_forms(Box *self, PyObject **slots) {
  Py_ssize_t a = Py_REFCNT(self);
  int unique = a == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: uniqueness test on 'a'
  Py_ssize_t b = Py_REFCNT(slots[1]);
  unique += 1 == b;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: uniqueness test on 'b'
  return unique;
}
// CHECK-FIXES: static int object_forms(Box *self, PyObject **slots) {
// CHECK-FIXES-NEXT: int unique = PyUnstable_Object_IsUniquelyReferenced((PyObject *)self);
// CHECK-FIXES: unique += PyUnstable_Object_IsUniquelyReferenced(slots[1]);

// Statements between that change nothing, and parts of the test's statement
// that run first without side effects, do not stand in the way.
static int inert_between(PyObject *x, int enabled) {
  Py_ssize_t n = Py_REFCNT(x);
  int limit = 4;
  ;
  if (enabled && limit > 2 && n == 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: uniqueness test on 'n'
    return 1;
  return 0;
}
// CHECK-FIXES: static int inert_between(PyObject *x, int enabled) {
// CHECK-FIXES-NEXT: int limit = 4;
// CHECK-FIXES: if (enabled && limit > 2 && PyUnstable_Object_IsUniquelyReferenced(x))

// The test inside the argument of the user's macro is in the user's file.
#define LIKELY(cond) __builtin_expect(!!(cond), 1)
static int in_macro_argument(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  if (LIKELY(n == 1))
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: uniqueness test on 'n'
    return 1;
  return 0;
}
// CHECK-FIXES: static int in_macro_argument(PyObject *x) {
// CHECK-FIXES-NEXT: if (LIKELY(PyUnstable_Object_IsUniquelyReferenced(x)))

// A test that runs after the store only when it comes first in its && is
// still the same test: what runs after it cannot matter.
static int then_call(PyObject *x, PyObject *other) {
  Py_ssize_t n = Py_REFCNT(x);
  return n == 1 && PyObject_IsTrue(other);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
}
// CHECK-FIXES: static int then_call(PyObject *x, PyObject *other) {
// CHECK-FIXES-NEXT: return PyUnstable_Object_IsUniquelyReferenced(x) && PyObject_IsTrue(other);

// Not flagged: a stored count that is printed, returned or compared with
// another count; a local that no longer holds the count when it is tested;
// a count read by a statement that is not a plain store.
static Py_ssize_t harmless(PyObject *x, PyObject *y) {
  Py_ssize_t before = Py_REFCNT(x);
  Py_ssize_t after;
  printf("%zd\n", before);
  after = Py_REFCNT(y);
  if (after == before)
    return after;
  return before;
}

static int overwritten(PyObject *x, PyObject *list) {
  Py_ssize_t n = Py_REFCNT(x);
  n = PyList_GET_SIZE(list); // a length from here on
  return n == 1;
}

static int written_in_branch(PyObject *x, int reset) {
  Py_ssize_t n = Py_REFCNT(x);
  if (reset)
    n = 0; // may hold 0, not the count
  return n == 1;
}

static int conditional_store(PyObject *x, PyObject *y, int which) {
  Py_ssize_t n;
  if (which)
    n = Py_REFCNT(x); // not a store on every path
  else
    n = Py_REFCNT(y);
  return n == 1;
}

static int arithmetic(PyObject *x) {
  Py_ssize_t others = Py_REFCNT(x) - 1; // not the count itself
  return others == 0;
}

static int address_taken(PyObject *x, void (*update)(Py_ssize_t *)) {
  Py_ssize_t n = Py_REFCNT(x);
  update(&n); // may write it
  return n == 1;
}

static int label_between(PyObject *x, int skip) {
  Py_ssize_t n = 0;
  if (skip)
    goto test;
  n = Py_REFCNT(x);
test: // reached without the store
  return n == 1;
}
