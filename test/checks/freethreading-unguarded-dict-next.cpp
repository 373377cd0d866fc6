// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next %t

// C++: the wrap fix, a 'return' inside a lambda in the body (it does not
// leave the loop), and the note about borrowed values used across a call
// that can run Python code.

#include <Python.h>

int keep(PyObject *);

Py_ssize_t count_true(PyObject *d) {
  Py_ssize_t pos = 0, n = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    auto truthy = [](PyObject *v) -> bool { return v != Py_False; };
    if (truthy(value))
      n++;
  }
  return n;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; on the free-threaded build another thread can change the dict and invalidate the borrowed keys and values [freethreading-unguarded-dict-next]
// CHECK-NOTES: :[[@LINE-8]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-5]]:4: note: FIX-IT applied suggested code changes
// CHECK-FIXES:      PyObject *key, *value;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES:          n++;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return n;

// The value is passed to PyObject_Str, which runs its __str__: the section
// can be suspended while 'value' is borrowed, so it is held for the
// iteration (released before 'continue', each 'break' and at the end of the
// body). The key is only used before.
int stringify(PyObject *d, PyObject *out) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    if (key == Py_None)
      continue;
    PyObject *s = PyObject_Str(value);
    if (s == nullptr)
      break;
    int r = PyList_Append(out, s);
    Py_DECREF(s);
    if (r < 0)
      break;
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-13]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-14]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-14]]:1: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-14]]:7: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-15]]:16: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-13]]:7: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-14]]:13: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-11]]:7: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-12]]:13: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-12]]:1: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-13]]:4: note: FIX-IT applied suggested code changes
// CHECK-FIXES:      Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES-NEXT:     Py_INCREF(value);
// CHECK-FIXES-NEXT:     if (key == Py_None)
// CHECK-FIXES-NEXT:       { Py_XDECREF(value); continue; }
// CHECK-FIXES-NEXT:     PyObject *s = PyObject_Str(value);
// CHECK-FIXES-NEXT:     if (s == nullptr)
// CHECK-FIXES-NEXT:       { Py_XDECREF(value); break; }
// CHECK-FIXES-NEXT:     int r = PyList_Append(out, s);
// CHECK-FIXES-NEXT:     Py_DECREF(s);
// CHECK-FIXES-NEXT:     if (r < 0)
// CHECK-FIXES-NEXT:       { Py_XDECREF(value); break; }
// CHECK-FIXES-NEXT:     Py_XDECREF(value);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return 0;

// Already strong before the call: no note. Py_DECREF of the value's own
// reference comes after every use.
int owned(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  int bad = 0;
  while (PyDict_Next(d, &pos, &key, &value)) {
    Py_INCREF(value);
    if (PyObject_IsTrue(value) < 0)
      bad = 1;
    Py_DECREF(value);
  }
  return bad;
}
// CHECK-NOTES: :[[@LINE-8]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-9]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-5]]:4: note: FIX-IT applied suggested code changes
// CHECK-FIXES:      Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES:          Py_DECREF(value);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();

// A 'throw' out of the loop would leave the section locked: no fix.
struct Failure {};
void must_be_ints(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (!PyLong_Check(value))
      throw Failure();
  }
}
// CHECK-NOTES: :[[@LINE-5]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-4]]:7: note: no automatic fix: 'throw' at line 110 leaves the loop, {{.*}}

// No strong reference when the body assigns the borrowed variable (the
// release would not release what was taken): the wrap, and the note.
int reassigned(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (keep(value) < 0)
      value = Py_None;
    keep(value);
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-8]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-5]]:4: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-9]]:9: note: 'value' is borrowed from the dict and used after this call to keep began, {{.*}}

// Nor with a label in the body: a jump to it would skip the increment.
int labelled(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    int tries = 0;
  again:
    if (keep(value) < 0 && ++tries < 3)
      goto again;
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-8]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-9]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-5]]:4: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-8]]:9: note: 'value' is borrowed from the dict and used after this call to keep began, {{.*}}

// Nor when the function keeps another way to the variable (a pointer or a
// reference to it): the release could release something else.
int aliased(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  PyObject *&alias = value;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (keep(value) < 0)
      alias = Py_None;
    keep(value);
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-8]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-5]]:4: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-9]]:9: note: 'value' is borrowed from the dict and used after this call to keep began, {{.*}}
