// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next %t

// C++: the flag-and-break fix (the result variable starts as nullptr), the
// note on a borrowed key returned after the section, and the refusals: a
// 'throw', and jumps that would skip the new flag's initialization.

#include <Python.h>

int keep(PyObject *);

PyObject *first_none_key(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    if (value == Py_None)
      return key;
  }
  return nullptr;
}
// CHECK-NOTES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; on the free-threaded build another thread can change the dict and invalidate the borrowed keys and values [freethreading-unguarded-dict-next]
// CHECK-NOTES: :[[@LINE-7]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-6]]:7: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-6]]:4: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE-8]]:7: note: the value returned here uses 'key', borrowed from the dict, after the critical section has ended; return a strong reference (Py_NewRef(key)) and check the callers' ownership
// CHECK-FIXES:      PyObject *key, *value;
// CHECK-FIXES-NEXT:   PyObject *loop_result = nullptr;
// CHECK-FIXES-NEXT:   int loop_exit = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES-NEXT:     if (value == Py_None)
// CHECK-FIXES-NEXT:       { loop_result = key; loop_exit = 1; break; }
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   if (loop_exit) { return loop_result; }
// CHECK-FIXES-NEXT:   return nullptr;

struct Failed {};

int throws(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (value == nullptr)
      throw Failed();
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-5]]:7: note: no automatic fix: 'throw' at line 44 leaves the loop, {{.*}} (not done automatically: the 'throw' at line 44 cannot be moved after the section (only a 'return' or a 'goto' to a label can))

// A goto from before the loop to a label after it would jump over the
// initialized flag: ill-formed in C++.
int skipped(PyObject *d, int fast) {
  Py_ssize_t pos = 0;
  PyObject *value;
  if (fast)
    goto done;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (value == nullptr)
      return -1;
  }
done:
  return 0;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-9]]:5: note: no automatic fix: 'return' at line 60 leaves the loop, {{.*}} (not done automatically: in C++ the jump at line 57 would skip the initialization of the flag declared before the section)

// A later case label of a switch around the loop: the same.
int in_case(PyObject *d, int kind) {
  Py_ssize_t pos = 0;
  PyObject *value;
  switch (kind) {
  case 0:
    pos = 0;
    while (PyDict_Next(d, &pos, nullptr, &value)) {
      if (value == nullptr)
        return -1;
    }
    break;
  default:
    return 1;
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-10]]:12: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-14]]:3: note: no automatic fix: 'return' at line 77 leaves the loop, {{.*}} (not done automatically: in C++ a case label of the switch at line 72 would skip the initialization of the flag declared before the section)

// A template: each instantiation could need another result type.
template <typename R> R count_until_none(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  R n = 0;
  while (PyDict_Next(d, &pos, nullptr, &value)) {
    if (value == Py_None)
      return n;
    n++;
  }
  return -1;
}
int use_count(PyObject *d) { return count_until_none<int>(d); }
// CHECK-NOTES: :[[@LINE-8]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-9]]:3: note: no automatic fix: 'return' at line {{[0-9]+}} leaves the loop, {{.*}} (not done automatically: the loop is in a template, whose instantiations may need different rewrites)
