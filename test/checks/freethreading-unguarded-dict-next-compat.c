// RUN: %check_ft_tidy -python=3.12 %s freethreading-unguarded-dict-next %t

// Python 3.12 with the macros from pythoncapi_compat.h: sections written
// with them guard the dict, and the wrap fix needs no new include.

#include <Python.h>
#include "pythoncapi_compat.h"

void guarded(PyObject *d, PyObject *other) {
  Py_ssize_t pos = 0;
  Py_BEGIN_CRITICAL_SECTION2(other, d);
  while (PyDict_Next(d, &pos, NULL, NULL)) {
  }
  Py_END_CRITICAL_SECTION2();
}

Py_ssize_t count(PyObject *d) {
  Py_ssize_t pos = 0, n = 0;
  while (PyDict_Next(d, &pos, NULL, NULL))
    ++n;
  return n;
}
// CHECK-MESSAGES: :[[@LINE-4]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-FIXES:      Py_ssize_t pos = 0, n = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, NULL, NULL))
// CHECK-FIXES-NEXT:     ++n;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return n;
