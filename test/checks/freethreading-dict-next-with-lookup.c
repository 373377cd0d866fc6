// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next,freethreading-borrowed-reference %t

// Both checks' fixes in one loop: the lookup's error exit is the loop's exit
// too. borrowed-reference keeps that exit one statement (it only guards the
// exception call), so unguarded-dict-next's flag-and-break rewrite of its
// 'return' and the release of the held key apply to every path, the
// lookup's -1 included.

#include <Python.h>

PyObject *weighted(PyObject *d, PyObject *weights) {
  Py_ssize_t pos = 0;
  PyObject *key, *value, *total = PyLong_FromLong(0);
  if (total == NULL)
    return NULL;
  while (PyDict_Next(d, &pos, &key, &value)) {
    PyObject *w = PyDict_GetItem(weights, key);
    if (w == NULL) {
      Py_DECREF(total);
      PyErr_SetObject(PyExc_KeyError, key);
      return NULL;
    }
    Py_INCREF(w);
    PyObject *t = PyNumber_Multiply(value, w);
    Py_DECREF(w);
    if (t == NULL) {
      Py_DECREF(total);
      return NULL;
    }
    Py_SETREF(total, PyNumber_Add(total, t));
    Py_DECREF(t);
    if (total == NULL)
      return NULL;
  }
  return total;
}
// CHECK-MESSAGES: :[[@LINE-21]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}} [freethreading-unguarded-dict-next]
// CHECK-MESSAGES: :[[@LINE-21]]:19: warning: 'PyDict_GetItem' returns a borrowed reference that another thread can invalidate; use 'PyDict_GetItemRef' (3.13) [freethreading-borrowed-reference]
// CHECK-FIXES:      int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES-NEXT:     Py_INCREF(key); Py_INCREF(value);
// CHECK-FIXES-NEXT:     PyObject *w;
// CHECK-FIXES-NEXT:     (void)PyDict_GetItemRef(weights, key, &w);
// CHECK-FIXES-NEXT:     if (w == NULL) {
// CHECK-FIXES-NEXT:       Py_DECREF(total);
// CHECK-FIXES-NEXT:       if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
// CHECK-FIXES-NEXT:       Py_XDECREF(key);
// CHECK-FIXES-NEXT:       Py_XDECREF(value);
// CHECK-FIXES-NEXT:       loop_exit = 1;
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     PyObject *t = PyNumber_Multiply(value, w);
// CHECK-FIXES-NEXT:     Py_DECREF(w);
// CHECK-FIXES-NEXT:     if (t == NULL) {
// CHECK-FIXES-NEXT:       Py_DECREF(total);
// CHECK-FIXES-NEXT:       Py_XDECREF(key);
// CHECK-FIXES-NEXT:       Py_XDECREF(value);
// CHECK-FIXES-NEXT:       loop_exit = 1;
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     Py_SETREF(total, PyNumber_Add(total, t));
// CHECK-FIXES-NEXT:     Py_DECREF(t);
// CHECK-FIXES-NEXT:     if (total == NULL)
// CHECK-FIXES-NEXT:       { Py_XDECREF(key); Py_XDECREF(value); loop_exit = 1; break; }
// CHECK-FIXES-NEXT:     Py_XDECREF(key); Py_XDECREF(value);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return NULL; }
// CHECK-FIXES-NEXT:   return total;
