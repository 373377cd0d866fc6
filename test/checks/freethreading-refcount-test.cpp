// RUN: %check_ft_tidy -python=3.14 %s freethreading-refcount-test %t

#include <Python.h>
#include <cstdio>

struct Box {
  PyObject_HEAD
  PyObject *items;
};

static bool unique(PyObject *x) {
  return Py_REFCNT(x) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'Py_REFCNT()': on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
  // CHECK-FIXES: return PyUnstable_Object_IsUniquelyReferenced(x);
}

static bool shared(Box *self) {
  return 2 <= Py_REFCNT(self);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: uniqueness test on 'Py_REFCNT()'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
  // CHECK-FIXES: return !PyUnstable_Object_IsUniquelyReferenced((PyObject *)self);
}

// In a template the object's type is not known: the cast is kept. The
// instantiation below is not reported a second time.
template <typename T> static bool generic_unique(T *obj) {
  return Py_REFCNT(obj) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: return PyUnstable_Object_IsUniquelyReferenced((PyObject *)obj);
}

static Py_ssize_t fields(PyObject *x, Box *self) {
  bool u = self->ob_base.ob_refcnt == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:26: warning: uniqueness test on 'ob_refcnt'
  // CHECK-FIXES: bool u = PyUnstable_Object_IsUniquelyReferenced(&self->ob_base);
  std::printf("%zd %d\n", x->ob_refcnt, u);
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: direct read of 'ob_refcnt'
  // CHECK-FIXES: std::printf("%zd %d\n", Py_REFCNT(x), u);
  return Py_REFCNT(x) > 2 ? 1 : 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: reference count compared with 2
}

// Not flagged: printing, returning or storing the count.
static Py_ssize_t harmless(PyObject *x) {
  std::printf("%zd\n", Py_REFCNT(x));
  auto n = Py_REFCNT(x);
  return n;
}

static bool use_all(PyObject *x, Box *b) {
  return unique(x) && shared(b) && generic_unique(b) && fields(x, b) &&
         harmless(x);
}
