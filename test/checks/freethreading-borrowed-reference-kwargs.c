// RUN: %check_ft_tidy %s freethreading-borrowed-reference,freethreading-unguarded-dict-next %t

// The keyword-arguments dict of the call is private to it (the CPython
// documentation says so): lookups in it and loops over it are not reported,
// however the code tests it for NULL first. In C a pointer used as a
// condition or as an operand of && and || is a truth test, with no
// conversion in the AST; those tests do not make the dict escape.

#include <Python.h>

// Fine: 'keywords' is the third parameter of a METH_KEYWORDS function (by
// position, through a double cast), tested with &&.
static PyObject *by_position(PyObject *self, PyObject *args, PyObject *keywords) {
  if (keywords && PyDict_GetItemString(keywords, "x"))
    return PyLong_FromLong(1);
  Py_RETURN_NONE;
}

// Fine: the conventional name, tested by an if statement in front of the loop.
static PyObject *counted(PyObject *self, PyObject *args, PyObject *kwargs) {
  Py_ssize_t pos = 0;
  PyObject *k, *v;
  long n = 0;
  if (kwargs)
    while (PyDict_Next(kwargs, &pos, &k, &v))
      n++;
  return PyLong_FromLong(n);
}

// Fine: the condition of ?: tests it.
static PyObject *ternary(PyObject *self, PyObject *args, PyObject *kw) {
  PyObject *v = kw ? PyDict_GetItem(kw, Py_None) : NULL;
  return PyBool_FromLong(v != NULL);
}

// Fine: tp_init's keyword dict, with || in the test.
typedef struct {
  PyObject_HEAD
  PyObject *saved;
} Obj;

static int obj_init(Obj *self, PyObject *args, PyObject *options) {
  if (!options || !PyDict_GetItemString(options, "y"))
    return 0;
  return 1;
}

static PyTypeObject ObjType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Obj",
    .tp_basicsize = sizeof(Obj),
    .tp_init = (initproc)obj_init,
};

// Reported: the dict is stored in the object before the lookup, so other
// threads can reach it.
static int keeps_kwargs(Obj *self, PyObject *args, PyObject *kwds) {
  self->saved = kwds;
  return kwds && PyDict_GetItemString(kwds, "z") != NULL;
  // CHECK-NOTES: :[[@LINE-1]]:18: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:18: note: no automatic fix: the membership test is not the whole condition of an 'if' statement in a block; use 'PyDict_ContainsString' and clear or propagate its error (-1)
}

// Reported: a truth test on the other branch of ?: does not make the dict
// private when it is passed on as a value.
PyObject *stash(PyObject *);
static PyObject *passes_on(PyObject *self, PyObject *args, PyObject *kwds) {
  PyObject *kept = stash(kwds ? kwds : Py_None);
  PyObject *v = kwds ? PyDict_GetItemString(kwds, "w") : NULL;
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: no automatic fix: the result is used directly; store the new reference of 'PyDict_GetItemStringRef' in a local and release it when done
  return PyBool_FromLong(kept != NULL && v != NULL);
}

static PyMethodDef methods[] = {
    {"by_position", (PyCFunction)(void (*)(void))by_position, METH_VARARGS | METH_KEYWORDS, NULL},
    {"counted", (PyCFunction)counted, METH_VARARGS | METH_KEYWORDS, NULL},
    {"ternary", (PyCFunction)ternary, METH_KEYWORDS | METH_VARARGS, NULL},
    {"keeps_kwargs", (PyCFunction)keeps_kwargs, METH_VARARGS | METH_KEYWORDS, NULL},
    {"passes_on", (PyCFunction)passes_on, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};
