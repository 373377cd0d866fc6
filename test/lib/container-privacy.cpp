// RUN: %check_ft_probe %s ftprobe-container-privacy %t

// C++: a container captured by a closure is shared with it; casts are seen
// through.

#include <Python.h>

void ft_probe(PyObject *);

void captured(void) {
  PyObject *l = PyList_New(0);
  auto f = [&]() { return PyList_Size(l); };
  ft_probe(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
  (void)f;
}

void cast_spellings(void) {
  PyObject *d = static_cast<PyObject *>(PyDict_New());
  PyDict_SetItemString(d, "k", Py_None);
  ft_probe(reinterpret_cast<PyObject *>(d));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'reinterpret_cast < PyObject * > ( d )' fresh from PyDict_New [ftprobe-container-privacy]
  Py_DECREF(d);
}
