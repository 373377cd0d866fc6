// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

// Stored counts in C++: auto and const locals, templates (reported once, at
// the template), and the C++ ways a local can change or be read later.

#include <Python.h>

struct Box {
  PyObject_HEAD
  PyObject *items;
};

static bool unique(PyObject *x) {
  auto n = Py_REFCNT(x);
  return n == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'n', a reference count read earlier: on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
}
// CHECK-FIXES: static bool unique(PyObject *x) {
// CHECK-FIXES-NEXT: return PyUnstable_Object_IsUniquelyReferenced(x);

static bool shared(Box *self) {
  const Py_ssize_t refs = self->ob_base.ob_refcnt;
  return refs >= 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'refs'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
}
// CHECK-FIXES: static bool shared(Box *self) {
// CHECK-FIXES-NEXT: return !PyUnstable_Object_IsUniquelyReferenced(&self->ob_base);

// In a template the object's type is not known: the cast is kept. The
// instantiation below is not reported a second time.
template <typename T> static bool generic_unique(T *obj) {
  Py_ssize_t n = Py_REFCNT(obj);
  return n == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
}
// CHECK-FIXES: template <typename T> static bool generic_unique(T *obj) {
// CHECK-FIXES-NEXT: return PyUnstable_Object_IsUniquelyReferenced((PyObject *)obj);

// Reported, not fixed: the local is read again by a lambda.
static bool read_by_lambda(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  auto print = [n] { return n > 0; };
  return n == 1 && print();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'n'
}
// CHECK-FIXES: static bool read_by_lambda(PyObject *x) {
// CHECK-FIXES-NEXT: Py_ssize_t n = Py_REFCNT(x);

// Not flagged: a test inside a lambda may run any time later; a reference
// bound to the local may change it; the count stored by an if's own
// initializer is not followed (see the check's documentation).
static bool lambda_test(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  auto is_unique = [&] { return n == 1; };
  return is_unique();
}

static bool through_reference(PyObject *x, void (*reset)(Py_ssize_t &)) {
  Py_ssize_t n = Py_REFCNT(x);
  Py_ssize_t &alias = n;
  reset(alias);
  return n == 1;
}

static bool if_initializer(PyObject *x) {
  if (Py_ssize_t n = Py_REFCNT(x); n == 1)
    return true;
  return false;
}

static bool use_all(PyObject *x, Box *b) {
  return unique(x) && shared(b) && generic_unique(b) && read_by_lambda(x) &&
         lambda_test(x) && through_reference(x, nullptr) && if_initializer(x);
}
