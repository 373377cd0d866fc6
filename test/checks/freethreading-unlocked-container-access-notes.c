// RUN: %check_ft_tidy %s freethreading-unlocked-container-access %t

// The accesses that get no fix, with the note that says why and what to do,
// and the note on a loop bound read from the same container.

#include <Python.h>

/* Used directly: no local to own it. */
PyObject *first_is_none_direct(PyObject *list) {
  return PyBool_FromLong(PyList_GET_ITEM(list, 0) == Py_None);
  // CHECK-NOTES: :[[@LINE-1]]:26: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:26: note: no automatic fix: the item is not stored in a local 'PyObject *' variable; hold Py_BEGIN_CRITICAL_SECTION(list) around the access and every use of the borrowed item, or use PyList_GetItemRef (3.13) and handle its NULL result
}

/* Owned, but nothing handles NULL: PyList_GetItemRef would return NULL
   with IndexError into code that never expects it. */
PyObject *owned_unchecked(PyObject *list) {
  PyObject *x = Py_NewRef(PyList_GET_ITEM(list, 0));
  // CHECK-NOTES: :[[@LINE-1]]:27: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:27: note: no automatic fix: PyList_GetItemRef returns NULL with IndexError when another thread has shrunk the list, and the item is not followed at once by an 'if (x == NULL)' that returns the function's error value (NULL or -1), and no earlier error exit of the function fits here (a pointer local is assigned, tested, released or stored on the way); hold Py_BEGIN_CRITICAL_SECTION(list) {{.*}}
  return x;
}

/* The NULL branch returns None: with an exception set that would be a
   crash on debug builds, so it is not an error exit. */
PyObject *null_means_none(PyObject *list) {
  PyObject *x = Py_XNewRef(PyList_GET_ITEM(list, 0));
  // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:28: note: no automatic fix: PyList_GetItemRef returns NULL {{.*}}
  if (x == NULL)
    Py_RETURN_NONE;
  return x;
}

/* Py_INCREF without any NULL test. */
PyObject *incref_only(PyObject *list) {
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: PyList_GetItemRef returns NULL {{.*}} that returns the function's error value (NULL or -1), with the item owned at once (Py_NewRef, or Py_INCREF next to that test), and no earlier error exit {{.*}}
  Py_INCREF(x);
  return x;
}

/* A loop bounded by the list's length: the bound is noted. */
Py_ssize_t count_none(PyObject *list) {
  Py_ssize_t i, n = 0;
  for (i = 0; i < PyList_GET_SIZE(list); i++) {
    if (PyList_GET_ITEM(list, i) == Py_None)
      // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
      // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: the item is not stored {{.*}}
      // CHECK-NOTES: :[[@LINE-4]]:19: note: the index is bounded by this length of 'list', which another thread can change before the item is accessed
      n++;
  }
  return n;
}

/* A store into a shared list: no fix. */
void set_first(PyObject *list, PyObject *v) {
  PyList_SET_ITEM(list, 0, Py_NewRef(v));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'PyList_SET_ITEM' stores into 'list' without a critical section on it; on the free-threaded build another thread can resize the list at the same time [freethreading-unlocked-container-access]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: hold Py_BEGIN_CRITICAL_SECTION(list) around the store, or use PyList_SetItem, which locks the list and also releases the item it replaces
}

/* PySequence_Fast of an argument may be the caller's own list. */
PyObject *fast_sum(PyObject *arg) {
  PyObject *seq = PySequence_Fast(arg, "expected a sequence");
  if (seq == NULL)
    return NULL;
  long total = 0;
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
    total += PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
    // CHECK-NOTES: :[[@LINE-1]]:28: warning: 'PySequence_Fast_GET_ITEM' reads an item of 'seq' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:28: note: hold Py_BEGIN_CRITICAL_SECTION(seq) around the access and every use of the borrowed item (PySequence_Fast returns a list argument itself, not a copy)
    // CHECK-NOTES: :[[@LINE-4]]:30: note: the index is bounded by this length of 'seq', {{.*}}
  }
  PyObject **items = PySequence_Fast_ITEMS(seq);
  // CHECK-NOTES: :[[@LINE-1]]:22: warning: 'PySequence_Fast_ITEMS' exposes the item array of 'seq' without a critical section on it; on the free-threaded build another thread can resize the list and free the array [freethreading-unlocked-container-access]
  // CHECK-NOTES: :[[@LINE-2]]:22: note: hold Py_BEGIN_CRITICAL_SECTION(seq) for as long as the array is used (PySequence_Fast returns a list argument itself, not a copy)
  total += items[0] == Py_None;
  Py_DECREF(seq);
  return PyLong_FromLong(total);
}

/* A critical section on another object does not guard this list. */
PyObject *wrong_lock(PyObject *self, PyObject *list) {
  PyObject *x;
  Py_BEGIN_CRITICAL_SECTION(self);
  x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: PyList_GetItemRef returns NULL {{.*}}
  Py_XINCREF(x);
  Py_END_CRITICAL_SECTION();
  return x;
}

/* Spelled through the project's own macro: reported at its use, no fix. */
#define FIRST_ITEM(l) PyList_GET_ITEM(l, 0)
PyObject *via_macro(PyObject *list) {
  PyObject *x = FIRST_ITEM(list);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: the access is spelled inside a macro; {{.*}}
  if (x == NULL)
    return NULL;
  Py_INCREF(x);
  return x;
}

