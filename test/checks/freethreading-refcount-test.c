// RUN: %check_ft_tidy %s freethreading-refcount-test %t

// freethreading-refcount-test is not implemented yet: it is registered, runs on this
// file without error and reports nothing. Replace this file with the real
// positive and negative cases when the check is implemented.

#include <Python.h>

static PyObject *sample(PyObject *self, PyObject *args) {
  Py_RETURN_NONE;
}
