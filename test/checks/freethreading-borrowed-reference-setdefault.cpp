// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t -- -- -Wno-deprecated-declarations

// The get-or-insert in C++: nullptr tests, a dictionary default, `== -1`.

#include <Python.h>

static int count_into(PyObject *counts, PyObject *word) {
  PyObject *entry = PyDict_GetItemWithError(counts, word);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (entry == nullptr) {
    if (PyErr_Occurred())
      return -1;
    entry = PyDict_New();
    if (entry == nullptr)
      return -1;
    if (PyDict_SetItem(counts, word, entry) == -1) {
      Py_DECREF(entry);
      return -1;
    }
    Py_DECREF(entry);
  }
  return PyDict_SetItem(entry, word, Py_None);
}
// CHECK-FIXES:      {{^}}  PyObject *entry;{{$}}
// CHECK-FIXES-NEXT: {{^}}  (void)PyDict_GetItemRef(counts, word, &entry);{{$}}
// CHECK-FIXES:      {{^}}    PyObject *stored;{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyDict_SetDefaultRef(counts, word, entry, &stored) < 0) {{{$}}
// CHECK-FIXES-NEXT: {{^}}      Py_DECREF(entry);{{$}}
// CHECK-FIXES-NEXT: {{^}}      return -1;{{$}}
// CHECK-FIXES-NEXT: {{^}}    }{{$}}
// CHECK-FIXES-NEXT: {{^}}    Py_DECREF(entry);{{$}}
// CHECK-FIXES-NEXT: {{^}}    entry = stored;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}

int use_count_into(PyObject *c, PyObject *w) { return count_into(c, w); }

// A reference may name a global, which another thread can change between
// the lookup and the insertion.
static PyObject *shared_key;
static PyObject *by_reference(PyObject *d) {
  PyObject *&k = shared_key;
  PyObject *v = PyDict_GetItemWithError(d, k);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemWithError' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (v == nullptr) {
    if (PyErr_Occurred())
      return nullptr;
    v = PyList_New(0);
    if (v == nullptr)
      return nullptr;
    if (PyDict_SetItem(d, k, v) < 0) {
      Py_DECREF(v);
      return nullptr;
    }
    Py_DECREF(v);
  }
  return PyLong_FromSsize_t(PyList_Size(v));
}
// CHECK-FIXES: {{^}}    if (PyDict_SetItem(d, k, v) < 0) {{{$}}

PyObject *use_by_reference(PyObject *d) { return by_reference(d); }
