// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tiers 2 (owned local) and 4 (weakref Py_None tests) in C++, one case per
// API of the table: the strong call, a release on every exit of the rest of
// the block, a temporary of the function's return type for a return that
// uses the local. C++ shapes: nullptr tests, `auto`, a member function, a
// lambda, a loop with continue, a label.

#include <Python.h>

int use(PyObject *);

// PyList_GetItem: `auto *` stays (the replacement returns PyObject *).
static long list_value(PyObject *l) {
  auto *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (x == nullptr)
    return -1;
  return use(x);
}
// CHECK-FIXES: {{^}}  auto *x = PyList_GetItemRef(l, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (x == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(x); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  long result = use(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// PyDict_GetItem in a member function on a member dict: the lookup keeps
// swallowing errors, explicitly.
struct Table {
  PyObject *dict;
  int lookup(PyObject *k) {
    PyObject *v = PyDict_GetItem(dict, k);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (!v)
      return 0;
    return use(v);
  }
};
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_GetItemRef(dict, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!v){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    int result = use(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return result;{{$}}

// PyDict_GetItemWithError in a loop body: released before the return and
// the continue that leave the body, and at the end of the body.
static Py_ssize_t count_present(PyObject *d, PyObject *const *keys,
                                Py_ssize_t n) {
  Py_ssize_t found = 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *v = PyDict_GetItemWithError(d, keys[i]);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (v == nullptr) {
      if (PyErr_Occurred())
        return -1;
      continue;
    }
    found += use(v) > 0;
  }
  return found;
}
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyDict_GetItemRef(d, keys[i], &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == nullptr) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      if (PyErr_Occurred()){{$}}
// CHECK-FIXES-NEXT: {{^}}        { Py_XDECREF(v); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}      continue;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    found += use(v) > 0;{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// PyDict_GetItemString in an inner block: the goto leaving the block gets
// its release in braces, and the end of the block one of its own.
static int flag_of(PyObject *d) {
  int r = -1;
  {
    PyObject *v = PyDict_GetItemString(d, "flag");
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    if (v == nullptr)
      goto done;
    r = PyObject_IsTrue(v);
  }
done:
  return r;
}
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_GetItemStringRef(d, "flag", &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); goto done; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    r = PyObject_IsTrue(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// A label inside the rest of the block: control could enter the range past
// the call, so no fix (the tool does not prove that only inner gotos reach
// it).
static int flag_with_label(PyObject *d) {
  int r = -1;
  PyObject *v = PyDict_GetItemString(d, "flag");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (v == nullptr)
    goto done;
  r = PyObject_IsTrue(v);
done:
  return r;
}
// CHECK-FIXES: {{^}}  PyObject *v = PyDict_GetItemString(d, "flag");{{$}}

// PyDict_SetDefault: NULL with the exception set, as before.
static PyObject *setdefault_repr(PyObject *d, PyObject *k, PyObject *def) {
  PyObject *v = PyDict_SetDefault(d, k, def);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_SetDefault' returns a borrowed reference that another thread can invalidate; use 'PyDict_SetDefaultRef' (3.13) [freethreading-borrowed-reference]
  if (v == nullptr)
    return nullptr;
  return PyObject_Repr(v);
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_SetDefaultRef(d, k, def, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(v); return nullptr; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  PyObject *result = PyObject_Repr(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// PyImport_AddModule.
static int module_has_x(const char *name) {
  PyObject *m = PyImport_AddModule(name);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyImport_AddModule' returns a borrowed reference that another thread can invalidate; use 'PyImport_AddModuleRef' (3.13) [freethreading-borrowed-reference]
  if (m == nullptr)
    return -1;
  return PyObject_HasAttrString(m, "x");
}
// CHECK-FIXES: {{^}}  PyObject *m = PyImport_AddModuleRef(name);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (m == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(m); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = PyObject_HasAttrString(m, "x");{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(m);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// PyCell_GET in a lambda: the temporary has the lambda's return type.
static PyObject *cell_truth(PyObject *c) {
  auto check = [c]() -> long {
    PyObject *v = PyCell_GET(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
    if (v == nullptr)
      return 0;
    return PyObject_IsTrue(v);
  };
  return PyLong_FromLong(check());
}
// CHECK-FIXES: {{^}}    PyObject *v = PyCell_Get(c);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    long result = PyObject_IsTrue(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return result;{{$}}

// PyWeakref_GetObject with no Py_None test (tier 2 alone): the local keeps
// an owned None for a dead referent, as the old call gave a borrowed one.
static int weak_use(PyObject *ref) {
  PyObject *o = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  if (o == nullptr)
    return -1;
  return use(o);
}
// CHECK-FIXES: {{^}}  PyObject *o;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &o) == 0) { Py_INCREF(Py_None); o = Py_None; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (o == nullptr){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(o); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = use(o);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(o);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// Tier 4, PyWeakref_GET_OBJECT with `auto *`: the dead test becomes a NULL
// test; the use after the dead exit is known alive.
static int alive_plus_one(PyObject *ref) {
  auto *obj = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  if (obj == Py_None)
    return 0;
  return use(obj) + 1;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyWeakref_GetRef(ref, &obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(obj); return 0; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int result = use(obj) + 1;{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// Tier 4, PyWeakref_GetObject with its error test: the call moves into the
// error test; the return under `!= Py_None` keeps its value in a braced
// temporary; Py_RETURN_NONE (one return statement) gets its release.
static PyObject *deref_repr(PyObject *ref) {
  PyObject *obj = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyWeakref_GetObject' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  if (obj == nullptr)
    return nullptr;
  if (obj != Py_None)
    return PyObject_Repr(obj);
  Py_RETURN_NONE;
}
// CHECK-FIXES: {{^}}  PyObject *obj;{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyWeakref_GetRef(ref, &obj) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}    return nullptr;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (obj != NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { PyObject *result = PyObject_Repr(obj); Py_XDECREF(obj); return result; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(obj);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_RETURN_NONE;{{$}}
