// RUN: %check_ft_tidy %s freethreading-borrowed-reference %t

// The swallowing lookups (PyDict_GetItem, PyDict_GetItemString) followed by
// the function's own error exit for a missing key: the strong call's -1 (a
// raising __hash__ or __eq__) leaves x NULL with the exception set and takes
// that exit, whose exception call is guarded with PyErr_Occurred(), so the
// lookup's error is passed on instead of cleared.

#include <Python.h>

int use(PyObject *);

// Tier 1, the __getitem__ idiom.
PyObject *getitem(PyObject *d, PyObject *key) {
  PyObject *r;
  r = PyDict_GetItem(d, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
  if (r == NULL) {
    PyErr_SetObject(PyExc_KeyError, key);
    return NULL;
  }
  Py_INCREF(r);
  return r;
}
// CHECK-FIXES:      PyObject *r;
// CHECK-FIXES-NEXT:   (void)PyDict_GetItemRef(d, key, &r);
// CHECK-FIXES:        if (r == NULL) {
// CHECK-FIXES-NEXT:     if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
// CHECK-FIXES-NEXT:     return NULL;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   return r;

// The releases of the branch stay; an int function's error value is -1.
int store_option(PyObject *d, PyObject *target) {
  PyObject *tmp = PyTuple_New(0);
  if (tmp == NULL)
    return -1;
  PyObject *v = PyDict_GetItemString(d, "option");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemString' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemStringRef' (3.13) [freethreading-borrowed-reference]
  if (!v) {
    Py_DECREF(tmp);
    PyErr_SetString(PyExc_KeyError, "option");
    return -1;
  }
  Py_INCREF(v);
  int rc = PyList_Append(target, v);
  Py_DECREF(v);
  Py_DECREF(tmp);
  return rc;
}
// CHECK-FIXES:      PyObject *v;
// CHECK-FIXES-NEXT:   (void)PyDict_GetItemStringRef(d, "option", &v);
// CHECK-FIXES:        if (!v) {
// CHECK-FIXES-NEXT:     Py_DECREF(tmp);
// CHECK-FIXES-NEXT:     if (!PyErr_Occurred()) PyErr_SetString(PyExc_KeyError, "option");
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   int rc = PyList_Append(target, v);

// A goto to the function's error label; an owned local (tier 2) in an
// inner block.
PyObject *describe(PyObject *d, PyObject *key) {
  PyObject *r;
  {
    PyObject *v = PyDict_GetItem(d, key);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
    if (v == NULL) {
      PyErr_Format(PyExc_KeyError, "no %S", key);
      goto error;
    }
    r = PyObject_Repr(v);
  }
  return r;
error:
  return NULL;
}
// CHECK-FIXES:        PyObject *v;
// CHECK-FIXES-NEXT:     (void)PyDict_GetItemRef(d, key, &v);
// CHECK-FIXES:          if (v == NULL) {
// CHECK-FIXES-NEXT:       if (!PyErr_Occurred()) PyErr_Format(PyExc_KeyError, "no %S", key);
// CHECK-FIXES:            goto error;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     r = PyObject_Repr(v);
// CHECK-FIXES-NEXT:     Py_XDECREF(v);
// CHECK-FIXES-NEXT:   }

// No exception set in the branch: NULL is not (known to be) an error here,
// so the lookup's error is cleared as before.
PyObject *maybe(PyObject *d, PyObject *key) {
  PyObject *v = PyDict_GetItem(d, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference {{.*}}
  if (v == NULL)
    return NULL;
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES:      PyObject *v;
// CHECK-FIXES-NEXT:   if (PyDict_GetItemRef(d, key, &v) < 0) { PyErr_Clear(); }
// CHECK-FIXES:        if (v == NULL)

// The branch returns a value that is not the error value: cleared.
PyObject *or_none(PyObject *d, PyObject *key) {
  PyObject *v = PyDict_GetItem(d, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference {{.*}}
  if (v == NULL) {
    PyErr_SetString(PyExc_KeyError, "k");
    return Py_None;
  }
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES:      PyObject *v;
// CHECK-FIXES-NEXT:   if (PyDict_GetItemRef(d, key, &v) < 0) { PyErr_Clear(); }

// 0 from an int function is not its error value: cleared.
int has_flag(PyObject *d) {
  PyObject *v = PyDict_GetItemString(d, "flag");
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItemString' returns a borrowed reference {{.*}}
  if (v == NULL) {
    PyErr_SetString(PyExc_KeyError, "flag");
    return 0;
  }
  return use(v);
}
// CHECK-FIXES:      PyObject *v;
// CHECK-FIXES-NEXT:   if (PyDict_GetItemStringRef(d, "flag", &v) < 0) { PyErr_Clear(); }

// The exception's argument is computed (a call): dropping it would change
// more than the exception. Cleared.
PyObject *computed_message(PyObject *d, PyObject *key) {
  PyObject *v = PyDict_GetItem(d, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' returns a borrowed reference {{.*}}
  if (v == NULL) {
    PyErr_SetObject(PyExc_KeyError, PyTuple_Pack(1, key));
    return NULL;
  }
  Py_INCREF(v);
  return v;
}
// CHECK-FIXES:      PyObject *v;
// CHECK-FIXES-NEXT:   if (PyDict_GetItemRef(d, key, &v) < 0) { PyErr_Clear(); }
