// RUN: %check_ft_tidy -python=3.13 %s freethreading-refcount-test %t

// PyUnstable_Object_IsUniquelyReferenced exists from 3.14. On 3.13 headers
// without the CompatHeader option the fix would call an undeclared function:
// the warning stays, with a note naming the option, and nothing is rewritten.

#include <Python.h>

static int unique(PyObject *x) {
  return Py_REFCNT(x) == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'Py_REFCNT()': on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: 'PyUnstable_Object_IsUniquelyReferenced' is not declared for this build; set the CompatHeader option (for example to 'pythoncapi_compat.h') to get a fix
}
// CHECK-FIXES: {{^}}  return Py_REFCNT(x) == 1;{{$}}

// The same for a count stored first: the note says why, and the store stays.
static int stored(PyObject *x) {
  Py_ssize_t n = Py_REFCNT(x);
  return n == 1;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: uniqueness test on 'n', a reference count read earlier: {{.*}}use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-3]]:18: note: 'n' is set here from 'Py_REFCNT()'
  // CHECK-NOTES: :[[@LINE-3]]:10: note: no automatic fix: 'PyUnstable_Object_IsUniquelyReferenced' is not declared for this build; set the CompatHeader option (for example to 'pythoncapi_compat.h') to get a fix
}
// CHECK-FIXES: {{^}}  Py_ssize_t n = Py_REFCNT(x);{{$}}
