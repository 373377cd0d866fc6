// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.CompatHeader: pythoncapi_compat.h}}" \
// RUN:   -- -I%S/../Inputs

// A fix may only call a replacement that is declared before the call, and
// never from inside the replacement's own definition. The vendored compat
// header's backports (its PyImport_AddModuleRef calls PyImport_AddModule) are
// not reported: the file is not the project's, and only old Pythons compile it.

#include <Python.h>
#include <vendored-compat/pythoncapi_compat.h>

// The project's own backport, under a version guard: only Pythons before
// 3.13 compile it, and no free-threaded build is one of them, so it cannot
// race: not reported.
#if PY_VERSION_HEX < 0x030D0000
static PyObject *PyList_GetItemRef(PyObject *list, Py_ssize_t i) {
  return Py_XNewRef(PyList_GetItem(list, i));
}
#endif
// CHECK-FIXES: {{^}}  return Py_XNewRef(PyList_GetItem(list, i));{{$}}

// A backport under a guard the check does not read as a version guard (only
// PY_VERSION_HEX comparisons are): rewriting its body to
// PyDict_GetItemStringRef would make it call itself.
#if PY_MINOR_VERSION < 13
static int PyDict_GetItemStringRef(PyObject *d, const char *k, PyObject **out) {
  PyObject *v = Py_XNewRef(PyDict_GetItemString(d, k));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:28: note: no automatic fix: the call is inside the definition of 'PyDict_GetItemStringRef' itself; rewriting it would make 'PyDict_GetItemStringRef' call itself
  *out = v;
  return v != NULL;
}
#endif
// CHECK-FIXES: {{^}}  PyObject *v = Py_XNewRef(PyDict_GetItemString(d, k));{{$}}

// After the backport, PyList_GetItemRef is declared: the fix applies.
PyObject *first_item(PyObject *list) {
  return Py_NewRef(PyList_GetItem(list, 0));
  // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: FIX-IT applied suggested code changes
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(list, 0);{{$}}

// The file defines PyDict_GetItemRef only further down: no fix here.
PyObject *early_lookup(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: 'PyDict_GetItemRef' is declared in this translation unit only after this use; declare it before the use to get a fix
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v = PyDict_GetItem(d, k);{{$}}

// The compat header is included but too old to declare PyWeakref_GetRef.
PyObject *referent(PyObject *ref) {
  PyObject *o = PyWeakref_GetObject(ref);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: 'PyWeakref_GetRef' is not declared before this use although 'pythoncapi_compat.h' is included; include a version of it that provides 'PyWeakref_GetRef' before this point to get a fix
  Py_XINCREF(o);
  return o;
}
// CHECK-FIXES: {{^}}  PyObject *o = PyWeakref_GetObject(ref);{{$}}

// An int-returning replacement cannot be returned directly.
PyObject *referent_returned(PyObject *ref) {
  return Py_XNewRef(PyWeakref_GetObject(ref));
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: the owned result is returned directly, and 'PyWeakref_GetRef' returns an int; store its result in a local with 'PyWeakref_GetRef(..., &x)', handle -1, and return the local
}

static int my_get_item_ref(PyObject *d, PyObject *k, PyObject **out) {
  PyObject *v = PyDict_GetItemWithError(d, k);  // NOLINT(freethreading-borrowed-reference): the shim itself
  *out = Py_XNewRef(v);
  return v != NULL ? 1 : (PyErr_Occurred() ? -1 : 0);
}
#define PyDict_GetItemRef my_get_item_ref

// After the definition the fix applies, and no include is added.
PyObject *late_lookup(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: FIX-IT applied suggested code changes
  // The INCREF's removal starts at the end of the line before it:
  // CHECK-NOTES: :[[@LINE+0]]:5: note: FIX-IT applied suggested code changes
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
