// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// Uses without an automatic fix (each with the note that says why and what
// to do), the safe cases that are never reported, the noqa markers and
// NOLINT. Nothing here is rewritten.

#include <Python.h>

int use(PyObject *);

typedef struct {
  PyObject_HEAD
  PyObject *cache;
  PyObject *dict;
} Holder;

// Kept in a local and returned without a reference of its own: the owned
// local of tier 2 would be released before the return.
PyObject *length_of(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the result is kept in 'v' as a borrowed reference, and 'v' is returned without a reference of its own (no 'Py_INCREF' right before the 'return'); use 'PyDict_GetItemRef' and release 'v' on every path by hand
  if (v == NULL)
    return NULL;
  return v;
}

void store(Holder *self, PyObject *list) {
  self->cache = PyList_GetItem(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the reference is stored into 'self->cache'; take ownership explicitly with 'PyList_GetItemRef' and release the old value
}

PyObject *borrowed_getter(PyObject *d) {
  return PyDict_GetItemString(d, "name");
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the result is returned as a borrowed reference; return the new reference of 'PyDict_GetItemStringRef' and check the callers' ownership
}

void steal(PyObject *tuple, PyObject *list) {
  PyTuple_SET_ITEM(tuple, 0, PyList_GetItem(list, 0));
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:30: note: no automatic fix: the result is passed to 'PyTuple_SET_ITEM', which steals a reference; pass the new reference of 'PyList_GetItemRef' instead
}

int pass_on(PyObject *cell) {
  return use(PyCell_GET(cell));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyCell_GET' returns a borrowed reference that another thread can invalidate; use 'PyCell_Get' (all versions) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: no automatic fix: the result is passed directly to 'use'; store the new reference of 'PyCell_Get' in a local and release it after the call
}

int dead(PyObject *ref) {
  return PyWeakref_GET_OBJECT(ref) == Py_None;
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyWeakref_GET_OBJECT' returns a borrowed reference that another thread can invalidate; use 'PyWeakref_GetRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the result is compared directly; store it in a local with 'PyWeakref_GetRef' (0 means dead, where the old call gave Py_None) and release it
}

// A swallowing membership test in a 'while' condition would need its
// clearing statement repeated: no fix.
void drain(PyObject *d, PyObject *k) {
  while (PyDict_GetItem(d, k) != NULL)
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    // CHECK-NOTES: :[[@LINE-2]]:10: note: no automatic fix: the membership test is not the whole condition of an 'if' statement in a block; use 'PyDict_Contains' and clear or propagate its error (-1)
    PyDict_DelItem(d, k);
}

// Through a user macro: reported at each use of the macro, with clang's
// "expanded from macro" trail to where the API is spelled; not rewritten.
#define LOOKUP(d, k) PyDict_GetItem(d, k)
// For the use in via_macro_again below (output is in source order):
// CHECK-NOTES: :[[@LINE-2]]:22: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
// CHECK-NOTES: :[[@LINE-3]]:22: note: no automatic fix: the call is spelled inside a macro; rewrite the macro by hand with 'PyDict_GetItemRef'
PyObject *via_macro(PyObject *d, PyObject *k) {
  PyObject *v = LOOKUP(d, k);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-7]]:22: note: expanded from macro 'LOOKUP'
  // CHECK-NOTES: :[[@LINE-3]]:17: note: no automatic fix: the call is spelled inside a macro; rewrite the macro by hand with 'PyDict_GetItemRef'
  // CHECK-NOTES: :[[@LINE-9]]:22: note: expanded from macro 'LOOKUP'
  Py_XINCREF(v);
  return v;
}
// The macro's use is itself an argument of a macro (Py_XNewRef in these
// headers): clang then shows the warning where the API is spelled.
PyObject *via_macro_again(PyObject *d) {
  return Py_XNewRef(LOOKUP(d, Py_None));
}


// A critical section on a different object does not guard the list.
int other_section(Holder *self, PyObject *list) {
  int r;
  Py_BEGIN_CRITICAL_SECTION(self->dict);
  r = use(PyList_GetItem(list, 0));
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:11: note: no automatic fix: the result is passed directly to 'use'; store the new reference of 'PyList_GetItemRef' in a local and release it after the call
  Py_END_CRITICAL_SECTION();
  return r;
}

// A fresh dict that has escaped (stored in the holder) is shared.
int escaped(Holder *self, PyObject *k) {
  PyObject *d = PyDict_New();
  self->dict = d;
  return use(PyDict_GetItem(d, k));
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:14: note: no automatic fix: the result is passed directly to 'use'; store the new reference of 'PyDict_GetItemRef' in a local and release it after the call
}

// Known debt: reported, with the note, and not rewritten.
PyObject *debt(PyObject *d, PyObject *k) {
  PyObject *v = PyDict_GetItem(d, k); // noqa: borrowed-ref - manual fix needed
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:17: note: tracked as known debt ('noqa: borrowed-ref - manual fix needed')
  Py_XINCREF(v);
  return v;
}

//===--- Never reported ---------------------------------------------------===//

// Tuples are immutable.
int tuple_items(PyObject *t) {
  return use(PyTuple_GetItem(t, 0)) + use(PyTuple_GET_ITEM(t, 1));
}

// Inside a critical section on the same container, in either spelling.
int guarded(Holder *self, PyObject *list) {
  int r;
  Py_BEGIN_CRITICAL_SECTION(list);
  r = use(PyList_GetItem(list, 0));
  Py_END_CRITICAL_SECTION();
  Py_BEGIN_CRITICAL_SECTION(self->dict);
  r += use(PyDict_GetItem((PyObject *)(self->dict), list));
  Py_END_CRITICAL_SECTION();
  return r;
}

// A container made here and not shared yet.
int fresh(PyObject *k, PyObject *v) {
  PyObject *d = PyDict_New();
  PyObject *l = PyList_New(0);
  int r;
  if (d == NULL || l == NULL || PyDict_SetItem(d, k, v) < 0 ||
      PyList_Append(l, v) < 0)
    return -1;
  r = use(PyDict_GetItem(d, k)) + use(PyList_GetItem(l, 0));
  Py_DECREF(d);
  Py_DECREF(l);
  return r;
}

// The keyword-arguments dict of a METH_KEYWORDS function.
static PyObject *with_kwargs(PyObject *self, PyObject *args, PyObject *kwds) {
  if (kwds != NULL && PyDict_GetItemString(kwds, "strict") != NULL)
    Py_RETURN_TRUE;
  Py_RETURN_FALSE;
}

static PyMethodDef methods[] = {
    {"with_kwargs", (PyCFunction)(void (*)(void))with_kwargs,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

// The markers.
int marked(PyObject *d, PyObject *k) {
  int r = use(PyDict_GetItem(d, k)); // noqa: borrowed-ref OK
  r += use(PyDict_GetItem(d, k)); // NOLINT(freethreading-borrowed-reference)
  // NOLINTNEXTLINE(freethreading-borrowed-reference)
  r += use(PyDict_GetItem(d, k));
  return r;
}

// PyDict_Next belongs to freethreading-unguarded-dict-next.
int iterate(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  int n = 0;
  while (PyDict_Next(d, &pos, &key, &value))
    n++;
  return n + (methods[0].ml_name != NULL);
}
