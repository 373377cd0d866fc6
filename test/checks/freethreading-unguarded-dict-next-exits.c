// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next %t

// The flag-and-break fix: a loop whose body leaves by 'return' or 'goto' is
// wrapped, each exit sets a flag and breaks out of the loop, and the exit is
// taken after Py_END_CRITICAL_SECTION().

#include <Python.h>

int keep(PyObject *);

// A computed return value is stored where the 'return' was, inside the
// section, and returned after it. (The note on returning the borrowed key
// after the section is checked in the C++ test.)
PyObject *first_none_key(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    if (value == Py_None)
      return key;
  }
  return NULL;
}
// CHECK-MESSAGES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; on the free-threaded build another thread can change the dict and invalidate the borrowed keys and values [freethreading-unguarded-dict-next]
// CHECK-FIXES:      PyObject *key, *value;
// CHECK-FIXES-NEXT:   PyObject *loop_result = NULL;
// CHECK-FIXES-NEXT:   int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES-NEXT:     if (value == Py_None)
// CHECK-FIXES-NEXT:       { loop_result = key; loop_exit = 1; break; }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return loop_result; }
// CHECK-FIXES-NEXT:   return NULL;

// A goto to the function's error label; the strong key is not noted.
int goto_out(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  for (; PyDict_Next(d, &pos, &key, NULL);) {
    Py_INCREF(key);
    int rc = keep(key);
    Py_DECREF(key);
    if (rc < 0)
      goto error;
  }
  return 0;
error:
  return -1;
}
// CHECK-MESSAGES: :[[@LINE-11]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:      PyObject *key;
// CHECK-FIXES-NEXT:   int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   for (; PyDict_Next(d, &pos, &key, NULL);) {
// CHECK-FIXES:          if (rc < 0)
// CHECK-FIXES-NEXT:       { loop_exit = 1; break; }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { goto error; }
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: error:

// Several exits: the same statement shares one flag value, a statement of a
// block becomes two lines at its indentation, Py_RETURN_NONE (whose value
// reads no variable) is moved as written. 'value' is passed to keep(), which
// can run Python code: it is held for the iteration, and every way out of
// the iteration releases it.
PyObject *mixed(PyObject *d, PyObject *l) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    if (value == NULL) {
      PyErr_SetString(PyExc_KeyError, "missing");
      return NULL;
    }
    if (value == Py_True)
      Py_RETURN_NONE;
    if (keep(value) < 0)
      goto error;
    if (value == Py_False) {
      Py_DECREF(l);
      return NULL;
    }
  }
  return l;
error:
  Py_DECREF(l);
  return NULL;
}
// CHECK-MESSAGES: :[[@LINE-19]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:      PyObject *key, *value;
// CHECK-FIXES-NEXT:   int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES-NEXT:     Py_INCREF(value);
// CHECK-FIXES-NEXT:     if (value == NULL) {
// CHECK-FIXES-NEXT:       PyErr_SetString(PyExc_KeyError, "missing");
// CHECK-FIXES-NEXT:       Py_XDECREF(value);
// CHECK-FIXES-NEXT:       loop_exit = 1;
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     if (value == Py_True)
// CHECK-FIXES-NEXT:       { Py_XDECREF(value); loop_exit = 2; break; }
// CHECK-FIXES-NEXT:     if (keep(value) < 0)
// CHECK-FIXES-NEXT:       { Py_XDECREF(value); loop_exit = 3; break; }
// CHECK-FIXES-NEXT:     if (value == Py_False) {
// CHECK-FIXES-NEXT:       Py_DECREF(l);
// CHECK-FIXES-NEXT:       Py_XDECREF(value);
// CHECK-FIXES-NEXT:       loop_exit = 1;
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     Py_XDECREF(value);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit == 1) { return NULL; }
// CHECK-FIXES-NEXT:   if (loop_exit == 2) { Py_RETURN_NONE; }
// CHECK-FIXES-NEXT:   if (loop_exit == 3) { goto error; }
// CHECK-FIXES-NEXT:   return l;

// A void function; a 'do' loop; an integer result computed in the body.
void clear_on_none(PyObject *d, PyObject *other) {
  Py_ssize_t pos = 0;
  PyObject *value = NULL;
  do {
    if (value == Py_None) {
      PyDict_Clear(other);
      return;
    }
  } while (PyDict_Next(d, &pos, NULL, &value));
}
// CHECK-MESSAGES: :[[@LINE-2]]:12: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:      int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   do {
// CHECK-FIXES-NEXT:     if (value == Py_None) {
// CHECK-FIXES-NEXT:       PyDict_Clear(other);
// CHECK-FIXES-NEXT:       loop_exit = 1;
// CHECK-FIXES-NEXT:       break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:   } while (PyDict_Next(d, &pos, NULL, &value));
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return; }
// CHECK-FIXES-NEXT: }

Py_ssize_t index_of(PyObject *d, PyObject *target) {
  Py_ssize_t pos = 0, n = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    if (value == target) return n + 1;
    n++;
  }
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:      PyObject *value;
// CHECK-FIXES-NEXT:   Py_ssize_t loop_result = 0;
// CHECK-FIXES-NEXT:   int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, NULL, &value)) {
// CHECK-FIXES-NEXT:     if (value == target) { loop_result = n + 1; loop_exit = 1; break; }
// CHECK-FIXES-NEXT:     n++;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return loop_result; }

// Two loops in one block, and a name the function already uses: every flag
// is a new name.
int two_loops(PyObject *a, PyObject *b) {
  int loop_exit = 0;
  Py_ssize_t pos = 0;
  PyObject *key;
  while (PyDict_Next(a, &pos, &key, NULL)) {
    if (keep(key) < 0)
      return -1;
  }
  pos = 0;
  while (PyDict_Next(b, &pos, &key, NULL)) {
    if (keep(key) < 0)
      return -1;
  }
  return loop_exit;
}
// CHECK-MESSAGES: :[[@LINE-11]]:10: warning: PyDict_Next iterates over 'a' outside a critical section on it; {{.*}}
// CHECK-MESSAGES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'b' outside a critical section on it; {{.*}}
// CHECK-FIXES:      PyObject *key;
// CHECK-FIXES-NEXT:   int loop_exit_1 = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(a);
// CHECK-FIXES-NEXT:   while (PyDict_Next(a, &pos, &key, NULL)) {
// CHECK-FIXES-NEXT:     Py_INCREF(key);
// CHECK-FIXES-NEXT:     if (keep(key) < 0)
// CHECK-FIXES-NEXT:       { Py_XDECREF(key); loop_exit_1 = 1; break; }
// CHECK-FIXES-NEXT:     Py_XDECREF(key);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit_1) { return -1; }
// CHECK-FIXES-NEXT:   pos = 0;
// CHECK-FIXES-NEXT:   int loop_exit_2 = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(b);
// CHECK-FIXES:          if (loop_exit_2) { return -1; }
// CHECK-FIXES-NEXT:   return loop_exit;

// A comma expression as the value is assigned in parentheses; a local
// constant is not moved as written (it does not exist after the loop).
int comma_and_local(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    const int bad = -2;
    if (value == NULL)
      return (void)PyErr_NoMemory(), -1;
    if (value == Py_None)
      return bad;
  }
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-9]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:          if (value == NULL)
// CHECK-FIXES-NEXT:       { loop_result = ((void)PyErr_NoMemory(), -1); loop_exit = 1; break; }
// CHECK-FIXES-NEXT:     if (value == Py_None)
// CHECK-FIXES-NEXT:       { loop_result = bad; loop_exit = 1; break; }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return loop_result; }
