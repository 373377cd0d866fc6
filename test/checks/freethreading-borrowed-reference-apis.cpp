// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Every API of the borrowed-reference table in C++, with the tier 1 fixes
// (Py_NewRef/Py_XNewRef around the call; an INCREF as the next statement)
// and the tier 3 fix (membership test) for the dict lookups, in C++ shapes:
// nullptr, auto, references, member functions, lambdas, templates.
// Expectations follow docs/checks/freethreading-borrowed-reference.md.

#include <Python.h>

/* ---- PyList_GetItem (new reference: PyList_GetItemRef) ------------------ */

// Tier 1, wrapper: the whole Py_NewRef(...) becomes the strong call.
PyObject *list_newref(PyObject *list, Py_ssize_t i) {
  return Py_NewRef(PyList_GetItem(list, i));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(list, i);{{$}}

// Tier 1, wrapper, initializing an 'auto *' local.
PyObject *list_xnewref_auto(PyObject *list) {
  auto *item = Py_XNewRef(PyList_GetItem(list, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyList_GetItem' returns a borrowed reference
  return item;
}
// CHECK-FIXES: {{^}}  auto *item = PyList_GetItemRef(list, 0);{{$}}

// Tier 1, wrapper, assigned through a reference parameter: anywhere in an
// expression for the new-reference replacements.
void list_into_reference(PyObject *list, PyObject *&out) {
  out = Py_XNewRef(PyList_GetItem(list, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference
}
// CHECK-FIXES: {{^}}  out = PyList_GetItemRef(list, 1);{{$}}

// Tier 1, INCREF after an early exit on NULL (nullptr spelling): the callee
// is renamed and the INCREF goes away.
PyObject *list_incref(PyObject *list, Py_ssize_t i) {
  PyObject *item = PyList_GetItem(list, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference
  if (item == nullptr)
    return nullptr;
  Py_INCREF(item);
  return item;
}
// CHECK-FIXES:      {{^}}  PyObject *item = PyList_GetItemRef(list, i);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (item == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return item;{{$}}

// A template instantiated twice: one call in the source, one finding, one
// fix.
template <typename Index>
PyObject *item_at(PyObject *list, Index i) {
  return Py_NewRef(PyList_GetItem(list, static_cast<Py_ssize_t>(i)));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference
}
// CHECK-FIXES: {{^}}  return PyList_GetItemRef(list, static_cast<Py_ssize_t>(i));{{$}}

PyObject *first_two(PyObject *list) {
  PyObject *a = item_at(list, 0);
  PyObject *b = item_at(list, 1L);
  Py_XDECREF(b);
  return a;
}

/* ---- PyImport_AddModule (new reference: PyImport_AddModuleRef) ---------- */

PyObject *module_newref(const char *name) {
  PyObject *m = Py_NewRef(PyImport_AddModule(name));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyImport_AddModule' returns a borrowed reference that another thread can invalidate; use 'PyImport_AddModuleRef' (3.13) [freethreading-borrowed-reference]
  return m;
}
// CHECK-FIXES: {{^}}  PyObject *m = PyImport_AddModuleRef(name);{{$}}

// Tier 1, INCREF, in a member function: assignment, then Py_XINCREF.
struct Loader {
  PyObject *load(const char *name) {
    PyObject *m;
    m = PyImport_AddModule(name);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyImport_AddModule' returns a borrowed reference
    Py_XINCREF(m);
    return m;
  }
};
// CHECK-FIXES:      {{^}}    m = PyImport_AddModuleRef(name);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

/* ---- PyCell_GET (new reference: PyCell_Get, every version) -------------- */

PyObject *cell_newref(PyObject *cell) {
  return Py_XNewRef(PyCell_GET(cell));
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}  return PyCell_Get(cell);{{$}}

// Tier 1, 'if (v) Py_INCREF(v);': the whole if goes away.
PyObject *cell_incref(PyObject *cell) {
  PyObject *v = PyCell_GET(cell);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyCell_GET' returns a borrowed reference
  if (v)
    Py_INCREF(v);
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v = PyCell_Get(cell);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

/* ---- PyDict_GetItem (int: PyDict_GetItemRef; swallowed errors) ---------- */

// Tier 1, wrapper, assignment: the statement is replaced; the old call
// swallowed lookup errors, so the new one clears them.
PyObject *dict_newref(PyObject *d, PyObject *k) {
  PyObject *v;
  v = Py_XNewRef(PyDict_GetItem(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Tier 1, INCREF, 'auto *' declaration: the type is spelled out.
PyObject *dict_incref_auto(PyObject *d, PyObject *k) {
  auto *v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyDict_GetItem' returns a borrowed reference
  Py_XINCREF(v);
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// No fix: stored through a reference, which is not a local 'PyObject *'
// (tier 1 for the int APIs needs one); the text stays as it is.
void dict_into_reference(PyObject *d, PyObject *k, PyObject *&out) {
  out = Py_XNewRef(PyDict_GetItem(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyDict_GetItem' returns a borrowed reference
}
// CHECK-FIXES: {{^}}  out = Py_XNewRef(PyDict_GetItem(d, k));{{$}}

// Tier 3 in a member function (implicit 'this->dict'): a statement before
// the if clears the error PyDict_Contains reports.
struct Registry {
  PyObject *dict;
  bool missing(PyObject *k) const {
    if (PyDict_GetItem(dict, k) == nullptr) {
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyDict_GetItem' returns a borrowed reference
      return true;
    }
    return false;
  }
};
// CHECK-FIXES:      {{^}}    int found = PyDict_Contains(dict, k);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (found < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (found <= 0) {{[{]}}{{$}}

/* ---- PyDict_GetItemWithError (int: PyDict_GetItemRef; reports errors) --- */

PyObject *dict_error_newref(PyObject *d, PyObject *k) {
  PyObject *v = Py_NewRef(PyDict_GetItemWithError(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Tier 1, INCREF after an early exit on NULL, 'auto *'.
PyObject *dict_error_incref(PyObject *d, PyObject *k) {
  auto *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyDict_GetItemWithError' returns a borrowed reference
  if (v == nullptr)
    return nullptr;
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Tier 3 in place, initializing a bool.
bool dict_error_present(PyObject *d, PyObject *k) {
  bool present = PyDict_GetItemWithError(d, k) != nullptr;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyDict_GetItemWithError' returns a borrowed reference
  return present;
}
// CHECK-FIXES: {{^}}  bool present = PyDict_Contains(d, k) > 0;{{$}}

// Tier 3 in place, in a template instantiated twice: one finding.
template <int Flag>
int lookup_flag(PyObject *d, PyObject *k) {
  if (Flag && PyDict_GetItemWithError(d, k))
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'PyDict_GetItemWithError' returns a borrowed reference
    return 1;
  return 0;
}
// CHECK-FIXES: {{^}}  if (Flag && PyDict_Contains(d, k) > 0){{$}}

int both_flags(PyObject *d, PyObject *k) {
  return lookup_flag<1>(d, k) + lookup_flag<2>(d, k);
}

/* ---- PyDict_GetItemString (int: PyDict_GetItemStringRef) ---------------- */

PyObject *dict_string_newref(PyObject *d) {
  PyObject *v = Py_XNewRef(PyDict_GetItemString(d, "key"));
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemStringRef(d, "key", &v) < 0) { PyErr_Clear(); }{{$}}

// Tier 1, INCREF in braces, in a member function on a member dict.
class Config {
public:
  PyObject *option(const char *name) {
    PyObject *v = nullptr;
    v = PyDict_GetItemString(dict_, name);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'PyDict_GetItemString' returns a borrowed reference
    if (v) {
      Py_INCREF(v);
    }
    return v;
  }

private:
  PyObject *dict_ = nullptr;
};
// CHECK-FIXES:      {{^}}    PyObject *v = nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_GetItemStringRef(dict_, name, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    return v;{{$}}

// Tier 3 in a lambda: the new local goes into the lambda's body.
bool has_key_lambda(PyObject *d) {
  auto check = [d]() {
    if (!PyDict_GetItemString(d, "key"))
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItemString' returns a borrowed reference
      return false;
    return true;
  };
  return check();
}
// CHECK-FIXES:      {{^}}  auto check = [d]() {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    int found = PyDict_ContainsString(d, "key");{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (found < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (found <= 0){{$}}

/* ---- PyDict_SetDefault (int: PyDict_SetDefaultRef) ---------------------- */

PyObject *setdefault_newref(PyObject *d, PyObject *k, PyObject *dflt) {
  PyObject *v = Py_NewRef(PyDict_SetDefault(d, k, dflt));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyDict_SetDefault' returns a borrowed reference that another thread can invalidate; use 'PyDict_SetDefaultRef' (3.13) [freethreading-borrowed-reference]
  return v;
}
// CHECK-FIXES:      {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_SetDefaultRef(d, k, dflt, &v);{{$}}

// Tier 1, INCREF, in a lambda with an explicit return type.
PyObject *setdefault_lambda(PyObject *d, PyObject *k, PyObject *dflt) {
  auto get = [d, k, dflt]() -> PyObject * {
    PyObject *v = PyDict_SetDefault(d, k, dflt);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_SetDefault' returns a borrowed reference
    Py_XINCREF(v);
    return v;
  };
  return get();
}
// CHECK-FIXES:      {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyDict_SetDefaultRef(d, k, dflt, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    return v;{{$}}

/* ---- PyWeakref_GetObject (int: PyWeakref_GetRef; dead gives None) ------- */

PyObject *weakref_newref(PyObject *ref) {
  PyObject *o = Py_NewRef(PyWeakref_GetObject(ref));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  return o;
}
// CHECK-FIXES:      {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}

PyObject *weakref_incref(PyObject *ref) {
  auto *o = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyWeakref_GetObject' returns a borrowed reference
  Py_INCREF(o);
  return o;
}
// CHECK-FIXES:      {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return o;{{$}}

/* ---- PyWeakref_GET_OBJECT (macro; int: PyWeakref_GetRef) ---------------- */

PyObject *weakref_macro_newref(PyObject *ref) {
  PyObject *o;
  o = Py_XNewRef(PyWeakref_GET_OBJECT(ref));
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  return o;
}
// CHECK-FIXES:      {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return o;{{$}}

// Tier 1, 'if (o != nullptr) { Py_INCREF(o); }' after an assignment.
PyObject *weakref_macro_incref(PyObject *ref) {
  PyObject *o = nullptr;
  o = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference
  if (o != nullptr) {
    Py_INCREF(o);
  }
  return o;
}
// CHECK-FIXES:      {{^}}  PyObject *o = nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  return o;{{$}}
