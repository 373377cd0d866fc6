// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

// Tests on a stored count that are reported without a fix: moving the read
// into the test would not be the same code. Each finding has a note at the
// read and a note that says why there is no fix.

#include <Python.h>

void use_count(Py_ssize_t n);
PyObject *next_item(PyObject *iterator);
extern PyObject *cache;

static int used_again(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  if (n == 1)
    return 1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: uniqueness test on 'n', a reference count read earlier: on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-4]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-4]]:7: note: no automatic fix: 'n' is also used at line [[@LINE+1]]
  use_count(n);
  return 0;
}

// Two tests of one count: each is reported, neither is fixed.
static int two_tests(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  if (n == 1)
    return 1;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-4]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-4]]:7: note: no automatic fix: 'n' is also used at line [[@LINE+1]]
  if (n > 1)
    return 2;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: uniqueness test on 'n'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
  // CHECK-NOTES: :[[@LINE-9]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-4]]:7: note: no automatic fix: 'n' is also used at line [[@LINE-9]]
  return 0;
}

// The count changes between the read and the test: the test reads the old
// count, the replacement would see the new one.
static int changed_between(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  Py_INCREF(x);
  int unique = n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-4]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:16: note: no automatic fix: the statement at line [[@LINE-4]], between the read and the test, may change the count or the object
  Py_DECREF(x);
  return unique;
}

// A call that runs first in the test's own statement.
static int call_first(PyObject *x, PyObject *flag) {
  Py_ssize_t n = Py_REFCNT(x);
  if (PyObject_IsTrue(flag) && n == 1)
    return 1;
  // CHECK-NOTES: :[[@LINE-2]]:32: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-4]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-4]]:32: note: no automatic fix: code that runs before the test in its statement may change the count or the object
  return 0;
}

// The test is not in a statement of the read's block.
static int nested(PyObject *x, int enabled) {
  Py_ssize_t n = Py_REFCNT(x);
  if (enabled) {
    if (n == 1)
      return 1;
    // CHECK-NOTES: :[[@LINE-2]]:9: warning: uniqueness test on 'n'
    // CHECK-NOTES: :[[@LINE-5]]:18: note: 'n' is set here from 'Py_REFCNT()'
    // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: the test is inside a nested statement, not directly in a statement of the read's block
  }
  return 0;
}

// A statement macro (do { ... } while (0)) nests the test, too.
#define REQUIRE(cond) do { if (!(cond)) return -1; } while (0)
static int in_statement_macro(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  REQUIRE(n == 1);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-3]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:11: note: no automatic fix: the test is inside a nested statement
  return 0;
}

// A loop runs the test again; the count was read once.
static int in_loop(PyObject *x, PyObject *list) {
  Py_ssize_t n = Py_REFCNT(x);
  Py_ssize_t i, changed = 0;
  for (i = 0; i < 3; i++)
    if (n == 1)
      changed += PyList_Append(list, x) == 0;
  // CHECK-NOTES: :[[@LINE-2]]:9: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-6]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-4]]:9: note: no automatic fix: the test runs again in a loop, after a single read
  return (int)changed;
}

// In a case of a switch that comes after the read: followed, not fixed.
static int in_switch(PyObject *x, int kind) {
  Py_ssize_t n = Py_REFCNT(x);
  switch (kind) {
  case 1:
    return n == 1;
    // CHECK-NOTES: :[[@LINE-1]]:12: warning: uniqueness test on 'n'
    // CHECK-NOTES: :[[@LINE-5]]:18: note: 'n' is set here from 'Py_REFCNT()'
    // CHECK-NOTES: :[[@LINE-3]]:12: note: no automatic fix: the test is inside a nested statement
  default:
    return 0;
  }
}

// An int does not hold every count: the test differs for large ones (an
// immortal object's count, stored in 32 bits, is negative: < 2 holds).
static int narrowed(PyObject *x) {
  int n = Py_REFCNT(x);
  return n < 2;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: the count is stored as 'int', narrower than 'Py_ssize_t', so the test does not see the whole count
}

// The store cannot go on its own.
static int declared_together(PyObject *x) {
  Py_ssize_t a = 0, n = Py_REFCNT(x);
  (void)a;
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-4]]:25: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: 'n' is declared together with other variables
}

static int parameter(PyObject *x, Py_ssize_t n) {
  n = Py_REFCNT(x);
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: 'n' is not declared by a statement of a block
}

static int initialized(PyObject *x, PyObject *y) {
  Py_ssize_t n = Py_REFCNT(y);
  n = Py_REFCNT(x);
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: the declaration of 'n' has an initializer that is not a number
}

// The object expression would be evaluated at the test instead.
static int object_with_effects(PyObject *iterator) {
  Py_ssize_t n = Py_REFCNT(next_item(iterator));
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-3]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: the object expression has side effects, which would happen at the test instead of at the read
}

// A declaration between hides the global the read names.
static int hidden(PyObject *other) {
  Py_ssize_t n = Py_REFCNT(cache);
  PyObject *cache = other;
  return n == 1 && cache != NULL;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-4]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: 'cache' is declared again between the read and the test
}

// The read spelled inside the user's macro.
#define COUNT_OF(o) Py_REFCNT(o)
static int read_in_macro(PyObject *x) {
  Py_ssize_t n = COUNT_OF(x);
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
  // CHECK-NOTES: :[[@LINE-5]]:21: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: the read or the test is spelled inside a macro; replace them by hand
}

// Another number: warned, never rewritten, as for Py_REFCNT(x) == 2.
static int other_number(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  return n == 2;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: reference count compared with 2: on the free-threaded build the count is shared with other threads and changes under this one, so the result cannot be relied on [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-3]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: only a test for exactly one reference has a thread-safe replacement (PyUnstable_Object_IsUniquelyReferenced); make the code correct whatever the count is, or hold a lock that every user of the object takes
}
