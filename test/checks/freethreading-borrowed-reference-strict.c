// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.StrictMode: true}}"

// StrictMode reports the safe cases too (audits); NOLINT, being clang-tidy's
// own, still applies.

#include <Python.h>

int use(PyObject *);

int guarded(PyObject *list) {
  int r;
  Py_BEGIN_CRITICAL_SECTION(list);
  r = use(PyList_GetItem(list, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'PyList_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyList_GetItemRef' (3.13) [freethreading-borrowed-reference]
  Py_END_CRITICAL_SECTION();
  return r;
}

int fresh(PyObject *k, PyObject *v) {
  PyObject *d = PyDict_New();
  int r;
  if (d == NULL || PyDict_SetItem(d, k, v) < 0)
    return -1;
  r = use(PyDict_GetItem(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  Py_DECREF(d);
  return r;
}

static PyObject *with_kwargs(PyObject *self, PyObject *args, PyObject *kwds) {
  return use(PyDict_GetItemString(kwds, "x")) ? Py_NewRef(Py_True) : Py_NewRef(Py_False);
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
}

static PyMethodDef methods[] = {
    {"with_kwargs", (PyCFunction)(void (*)(void))with_kwargs,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

int marked(PyObject *d, PyObject *k) {
  int r = use(PyDict_GetItem(d, k)); // noqa: borrowed-ref OK
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  r += use(PyDict_GetItem(d, k)); // NOLINT(freethreading-borrowed-reference)
  return r + (methods[0].ml_name != NULL);
}

// Tuples are never reported, even in StrictMode: they cannot change.
int tuple_item(PyObject *t) { return use(PyTuple_GetItem(t, 0)); }
