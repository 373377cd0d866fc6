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
