// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Fix-its of tiers 1 (owned at once) and 3 (membership test) on the 3.13
// headers, every API of SPEC section 4 (PyDict_Next excepted), default and
// free-threaded builds. Cases without a fix are in -notes.c.

#include <Python.h>

int use(PyObject *);

// Tier 1: Py_XNewRef around a new-reference API is exactly the strong call.
PyObject *list_item(PyObject *list, Py_ssize_t i) {
  return Py_XNewRef(PyList_GetItem(list, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(list, i);{{$}}

// Py_NewRef(NULL) crashed before; the strong call returns NULL with the
// exception instead (documented decision: offered).
PyObject *module_ref(const char *name) {
  PyObject *m = Py_NewRef(PyImport_AddModule(name));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyImport_AddModule' returns a borrowed reference that another thread can invalidate; use 'PyImport_AddModuleRef' (3.13) [freethreading-borrowed-reference]
  return m;
}
// CHECK-FIXES: {{^}}  PyObject *m = PyImport_AddModuleRef(name);{{$}}

PyObject *cell_value(PyObject *cell) {
  return Py_XNewRef((PyObject *)PyCell_GET(cell));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyCell_Get(cell);{{$}}

// Tier 1, dict lookup then Py_XINCREF: PyDict_GetItem swallowed errors, so
// the error of PyDict_GetItemRef is cleared.
PyObject *dict_get(PyObject *d, PyObject *k) {
  PyObject *v;
  v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// PyDict_GetItemWithError: NULL + exception becomes -1 with v = NULL and the
// exception set, the very state the existing check below handles.
PyObject *dict_get_strict(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL)
    return NULL;
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

PyObject *dict_get_string(PyObject *d) {
  PyObject *v = PyDict_GetItemString(d, "key");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (v)
    Py_INCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemStringRef(d, "key", &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

PyObject *dict_setdefault(PyObject *d, PyObject *k, PyObject *dflt) {
  PyObject *v;
  v = Py_XNewRef(PyDict_SetDefault(d, k, dflt));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyDict_SetDefault' returns a borrowed reference that another thread can invalidate; use 'PyDict_SetDefaultRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES: {{^}}  (void)PyDict_SetDefaultRef(d, k, dflt, &v);{{$}}

// The old calls gave a borrowed Py_None for a dead referent: the fix keeps
// handing out a new reference to None in that case.
PyObject *referent(PyObject *ref) {
  PyObject *o = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  Py_INCREF(o);
  return o;
}
// CHECK-FIXES: {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return o;{{$}}

PyObject *referent_x(PyObject *ref) {
  PyObject *o;
  o = Py_XNewRef(PyWeakref_GetObject(ref));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  return o;
}
// CHECK-FIXES: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}

// An early exit on NULL between the lookup and the INCREF owns nothing in
// either version.
PyObject *first(PyObject *list) {
  PyObject *item = PyList_GetItem(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (item == NULL) {
    return NULL;
  }
  Py_INCREF(item);
  return item;
}
// CHECK-FIXES: {{^}}  PyObject *item = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (item == NULL) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  return item;{{$}}

PyObject *cell_then_incref(PyObject *cell) {
  PyObject *v = PyCell_GET(cell);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  PyObject *v = PyCell_Get(cell);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Tier 3: membership tests. The swallowing lookups clear the error of
// PyDict_Contains first; 'found' is taken, so the new local is 'found_1'.
int has_key(PyObject *d, PyObject *k) {
  int found = 0;
  if (PyDict_GetItem(d, k) != NULL) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    found = 1;
  }
  return found;
}
// CHECK-FIXES: {{^}}  int found = 0;{{$}}
// CHECK-FIXES-NEXT: {{^}}  int found_1 = PyDict_Contains(d, k);{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found_1 < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found_1 > 0) {{[{]}}{{$}}

int lacks_option(PyObject *d) {
  if (!PyDict_GetItemString(d, "option"))
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    return 1;
  return 0;
}
// CHECK-FIXES: {{^}}  int found = PyDict_ContainsString(d, "option");{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (found <= 0){{$}}

// PyDict_GetItemWithError: -1 keeps the exception set and tests false, as
// NULL did, so the test is rewritten in place, in any boolean context.
int has_key_strict(PyObject *d, PyObject *k, int flag) {
  if (flag && PyDict_GetItemWithError(d, k))
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    return 1;
  return NULL == PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  if (flag && PyDict_Contains(d, k) > 0){{$}}
// CHECK-FIXES: {{^}}  return PyDict_Contains(d, k) <= 0;{{$}}
