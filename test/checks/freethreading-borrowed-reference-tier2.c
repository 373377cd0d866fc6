// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Tier 2 (owned local): the result is kept in a local that is only read; the
// call becomes the strong one and the local is released on every path that
// leaves the rest of its block.

#include <Python.h>

int use(PyObject *);
long read_long(PyObject *);

typedef struct {
  PyObject_HEAD
  PyObject *cache;
} Holder;

// Exits: a return without braces (gets them), the end of the block reached
// through a return that does not use the local.
int list_first(PyObject *l) {
  PyObject *x = PyList_GetItem(l, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (x == NULL)
    return -1;
  int r = use(x);
  return r;
}
// CHECK-FIXES: {{^}}  PyObject *x = PyList_GetItemRef(l, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (x == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(x); return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  int r = use(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(x);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return r;{{$}}

// A return in a block, and a return whose value uses the local: the value
// goes into a temporary of the function's return type first.
long dict_value(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (!v) {
    return -1;
  }
  return read_long(v) + 1;
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyDict_GetItemRef(d, k, &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (!v) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  long result = read_long(v) + 1;{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result;{{$}}

// `Py_INCREF(v); return v;` not right after the call (tier 1): the INCREF goes away
// (the strong call's reference is the one returned). WithError keeps the
// NULL-with-exception state of the old call.
PyObject *strict(PyObject *d, PyObject *k) {
  PyObject *v;
  v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == NULL) {
    if (!PyErr_Occurred())
      PyErr_SetObject(PyExc_KeyError, k);
    return NULL;
  }
  use(v);
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES: {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (v == NULL) {{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!PyErr_Occurred()){{$}}
// CHECK-FIXES-NEXT: {{^}}      PyErr_SetObject(PyExc_KeyError, k);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  use(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// continue and break leave the loop body; the end of the body too.
int loop(PyObject *d, Py_ssize_t n) {
  int total = 0;
  for (Py_ssize_t i = 0; i < n; i++) {
    PyObject *v = PyDict_GetItemString(d, "key");
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
    if (v == NULL)
      continue;
    if (use(v) < 0)
      break;
    for (int j = 0; j < 2; j++)
      if (j)
        break; // leaves the inner loop only: no release
    total += use(v);
  }
  return total;
}
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_GetItemStringRef(d, "key", &v) < 0) { PyErr_Clear(); }{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); continue; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (use(v) < 0){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); break; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    for (int j = 0; j < 2; j++){{$}}
// CHECK-FIXES-NEXT: {{^}}      if (j){{$}}
// CHECK-FIXES-NEXT: {{^}}        break; // leaves the inner loop only: no release{{$}}
// CHECK-FIXES-NEXT: {{^}}    total += use(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// goto out of the block, in two spellings; the end of the inner block.
int with_goto(PyObject *d, PyObject *k) {
  int rc = -1;
  {
    PyObject *v = PyDict_SetDefault(d, k, Py_None);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_SetDefault' returns a borrowed reference that another thread can invalidate; use 'PyDict_SetDefaultRef' (3.13) [freethreading-borrowed-reference]
    if (v == NULL)
      goto error;
    if (use(v) < 0) goto error;
    rc = 0;
  }
  return rc;
error:
  return -1;
}
// CHECK-FIXES: {{^}}    PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}    (void)PyDict_SetDefaultRef(d, k, Py_None, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (v == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}      { Py_XDECREF(v); goto error; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (use(v) < 0) { Py_XDECREF(v); goto error; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    rc = 0;{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

// Py_RETURN_NONE is a macro that expands to a whole return statement: the
// release goes before it (with braces under an if).
PyObject *module_flag(void) {
  PyObject *mod = PyImport_AddModule("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyImport_AddModule' returns a borrowed reference that another thread can invalidate; use 'PyImport_AddModuleRef' (3.13) [freethreading-borrowed-reference]
  if (mod == NULL)
    return NULL;
  if (use(mod))
    Py_RETURN_NONE;
  Py_RETURN_NONE;
}
// CHECK-FIXES: {{^}}  PyObject *mod = PyImport_AddModuleRef("x");{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (mod == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(mod); return NULL; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (use(mod)){{$}}
// CHECK-FIXES-NEXT: {{^}}    { Py_XDECREF(mod); Py_RETURN_NONE; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(mod);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_RETURN_NONE;{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

// A parameter named like the temporary, unused in the body: the next free
// name (a local 'result' in the outermost block would redefine it in C).
long param_named_result(PyObject *d, PyObject *k, long result) {
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  return read_long(v);
}
// CHECK-FIXES: {{^}}  PyObject *v;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(d, k, &v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  long result_1 = read_long(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_XDECREF(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return result_1;{{$}}

// `return Py_XNewRef(v)`: the owned reference is returned as is.
PyObject *cell_value(PyObject *c) {
  PyObject *v = PyCell_GET(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
  use(v);
  return Py_XNewRef(v);
}
// CHECK-FIXES: {{^}}  PyObject *v = PyCell_Get(c);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  use(v);{{$}}
// CHECK-FIXES-NEXT: {{^}}  return v;{{$}}

// Cases without a fix are in -tier2-notes.c.
