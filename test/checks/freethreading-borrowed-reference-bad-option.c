// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- \
// RUN:   -config="{CheckOptions: {freethreading-borrowed-reference.StrictMode: maybe}}"

// A bad StrictMode value is a configuration error, reported once, and the
// check goes on with the default (false).

#include <Python.h>

int use(PyObject *);

int fresh(PyObject *k, PyObject *v) {
  PyObject *d = PyDict_New();
  int r;
  if (d == NULL || PyDict_SetItem(d, k, v) < 0)
    return -1;
  r = use(PyDict_GetItem(d, k)); // private: not reported with the default
  Py_DECREF(d);
  return r;
}
// CHECK-MESSAGES: warning: invalid value 'maybe' for freethreading-borrowed-reference.StrictMode; expected 'true' or 'false'; using 'false' [clang-tidy-config]
