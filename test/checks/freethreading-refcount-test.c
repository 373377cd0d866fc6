// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

#include <Python.h>
#include <stdio.h>

typedef struct {
  PyObject_HEAD
  PyObject *items;
} Box;

// The six spellings of "only one reference" and of its negation.
static int spellings(PyObject *x) {
  int n = 0;
  if (Py_REFCNT(x) == 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()': on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
    // CHECK-FIXES: if (PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  if (Py_REFCNT(x) <= 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()'
    // CHECK-FIXES: if (PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  if (Py_REFCNT(x) < 2)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()'
    // CHECK-FIXES: if (PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  if (Py_REFCNT(x) > 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()': on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use '!PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
    // CHECK-FIXES: if (!PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  if (Py_REFCNT(x) != 1)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
    // CHECK-FIXES: if (!PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  if (Py_REFCNT(x) >= 2)
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: uniqueness test on 'Py_REFCNT()'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
    // CHECK-FIXES: if (!PyUnstable_Object_IsUniquelyReferenced(x))
    n++;
  return n;
}

// The number on the left: 1 == count is count == 1, 1 < count is count > 1.
static int number_first(PyObject *x) {
  if (1 == Py_REFCNT(x))
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: uniqueness test on 'Py_REFCNT()'{{.*}}use 'PyUnstable_Object_IsUniquelyReferenced()'
    // CHECK-FIXES: if (PyUnstable_Object_IsUniquelyReferenced(x))
    return 1;
  return 1 < Py_REFCNT(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: uniqueness test on 'Py_REFCNT()'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
  // CHECK-FIXES: return !PyUnstable_Object_IsUniquelyReferenced(x);
}

// An object that is not a PyObject * gets the cast Py_REFCNT did for it;
// an expression in its own right gets parentheses; spacing is kept.
static int casts(Box *self, PyObject **slots) {
  int unique = Py_REFCNT(self) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: int unique = PyUnstable_Object_IsUniquelyReferenced((PyObject *)self);
  unique += Py_REFCNT(self->items) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: unique += PyUnstable_Object_IsUniquelyReferenced(self->items);
  unique += Py_REFCNT( slots[1] )==1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: unique += PyUnstable_Object_IsUniquelyReferenced(slots[1]);
  unique += Py_REFCNT((PyObject *)self) > 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: unique += !PyUnstable_Object_IsUniquelyReferenced((PyObject *)self);
  return unique;
}

// The field itself, in a uniqueness test: one finding, fixed as a whole.
static int fields(PyObject *x, Box *self) {
  int n = x->ob_refcnt == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: uniqueness test on 'ob_refcnt': on the free-threaded build
  // CHECK-FIXES: int n = PyUnstable_Object_IsUniquelyReferenced(x);
  n += ((PyObject *)self)->ob_refcnt > 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: uniqueness test on 'ob_refcnt'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
  // CHECK-FIXES: n += !PyUnstable_Object_IsUniquelyReferenced((PyObject *)self);
  n += self->ob_base.ob_refcnt <= 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: uniqueness test on 'ob_refcnt'
  // CHECK-FIXES: n += PyUnstable_Object_IsUniquelyReferenced(&self->ob_base);
  return n;
}

// Other numbers: warned, never rewritten (no thread-safe equivalent). The
// field is still replaced by Py_REFCNT(), which exists on both builds.
static int other_numbers(PyObject *x) {
  int n = Py_REFCNT(x) == 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: reference count compared with 2: on the free-threaded build the count is shared with other threads and changes under this one, so the result cannot be relied on [freethreading-refcount-test]
  // CHECK-FIXES: int n = Py_REFCNT(x) == 2;
  n += Py_REFCNT(x) > 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: reference count compared with 3
  n += 0 < Py_REFCNT(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: reference count compared with 0
  n += x->ob_refcnt == 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: direct read of 'ob_refcnt': the free-threaded build has no such field (the count is split into ob_ref_local and ob_ref_shared); use 'Py_REFCNT()' [freethreading-refcount-test]
  // CHECK-MESSAGES: :[[@LINE-2]]:11: warning: reference count compared with 2
  // CHECK-FIXES: n += Py_REFCNT(x) == 2;
  return n;
}

// Other reads of the field: replaced by Py_REFCNT(). Writes: warned only.
static Py_ssize_t field_reads(PyObject *x, Box *self) {
  printf("%zd\n", x->ob_refcnt);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: direct read of 'ob_refcnt'
  // CHECK-FIXES: printf("%zd\n", Py_REFCNT(x));
  Py_ssize_t n = self->ob_base.ob_refcnt;
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: direct read of 'ob_refcnt'
  // CHECK-FIXES: Py_ssize_t n = Py_REFCNT(&self->ob_base);
  x->ob_refcnt = 5;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt': the free-threaded build has no such field (the count is split into ob_ref_local and ob_ref_shared) [freethreading-refcount-test]
  // CHECK-FIXES: x->ob_refcnt = 5;
  x->ob_refcnt++;
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt'
  return n + ((PyObject *)self)->ob_refcnt;
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: direct read of 'ob_refcnt'
  // CHECK-FIXES: return n + Py_REFCNT((PyObject *)self);
}

// A test inside the argument of the user's macro is in the user's file: fixed.
#define REQUIRE(cond) do { if (!(cond)) return -1; } while (0)
static int in_macro_argument(PyObject *x) {
  REQUIRE(Py_REFCNT(x) == 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: REQUIRE(PyUnstable_Object_IsUniquelyReferenced(x));
  return 0;
}

// A test spelled in the user's macro definition: reported there, not fixed.
#define IS_SHARED(o) (Py_REFCNT(o) > 1)
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: uniqueness test on 'Py_REFCNT()'
// CHECK-FIXES: #define IS_SHARED(o) (Py_REFCNT(o) > 1)
static int in_macro_body(PyObject *x) {
  return IS_SHARED(x);
}

// Not flagged: reading the count to print, return or store it is harmless
// debugging output; comparing two counts is not a test against a number.
static Py_ssize_t harmless(PyObject *x, PyObject *y) {
  printf("refcnt %zd\n", Py_REFCNT(x));
  PySys_WriteStdout("refcnt %zd\n", Py_REFCNT(y));
  Py_ssize_t before = Py_REFCNT(x);
  if (Py_REFCNT(x) == Py_REFCNT(y))
    return before;
  return Py_REFCNT(x);
}

// Not flagged: the headers' own use of the count (PyWeakref_GET_OBJECT is a
// macro over Py_REFCNT(...) > 0 in 3.12 headers, a function here).
static PyObject *header_use(PyObject *ref) {
  return PyWeakref_GET_OBJECT(ref);
}
