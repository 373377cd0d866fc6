// RUN: %check_ft_tidy -python=3.12 %s freethreading-refcount-test %t -- \
// RUN:   -config='{CheckOptions: {freethreading-refcount-test.CompatHeader: unique_ref_shim.h}}'

// 3.12 headers: Py_REFCNT is a macro over the ob_refcnt field, and
// PyWeakref_GET_OBJECT a macro that compares Py_REFCNT(...) with 0. The
// project's own shim (unique_ref_shim.h, next to this test) declares the 3.14
// function for older Pythons; the fix adds its include once, after Python.h.

#include <Python.h>
// CHECK-FIXES: #include <Python.h>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include "unique_ref_shim.h"

static int unique(PyObject *x) {
  return Py_REFCNT(x) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'Py_REFCNT()'
  // CHECK-FIXES: return PyUnstable_Object_IsUniquelyReferenced(x);
}

static int shared(PyObject *x) {
  return x->ob_refcnt != 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: uniqueness test on 'ob_refcnt'
  // CHECK-FIXES: return !PyUnstable_Object_IsUniquelyReferenced(x);
}

// A stored count (Py_REFCNT is a macro over the field here): the same fix,
// and the include is still added once.
static int stored(PyObject *x) {
  Py_ssize_t n;
  n = Py_REFCNT(x);
  return n <= 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'n', a reference count read earlier
}
// CHECK-FIXES: static int stored(PyObject *x) {
// CHECK-FIXES-NEXT: return PyUnstable_Object_IsUniquelyReferenced(x);

// Not flagged: the count compared inside the headers' own macro.
static PyObject *referent(PyObject *ref) {
  return PyWeakref_GET_OBJECT(ref);
}
