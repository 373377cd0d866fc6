// RUN: %check_ft_tidy -check-suffix=COMPAT -python=3.12 %s freethreading-unguarded-dict-next %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"
// RUN: %check_ft_tidy -check-suffix=NONE -python=3.12 %s freethreading-unguarded-dict-next %t

// Python 3.12 headers do not define Py_BEGIN_CRITICAL_SECTION. With the
// option CompatHeader the wrap fix adds the include (once per file); without
// it the loop is reported with a note and left alone, because the fixed file
// would not compile.

#include <Python.h>
// CHECK-FIXES-COMPAT: #include <Python.h>
// CHECK-FIXES-COMPAT-EMPTY:
// CHECK-FIXES-COMPAT-NEXT: #include "pythoncapi_compat.h"

Py_ssize_t count(PyObject *d) {
  Py_ssize_t pos = 0, n = 0;
  while (PyDict_Next(d, &pos, NULL, NULL)) {
    n++;
  }
  return n;
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-5]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-7]]:3: note: no automatic fix: Py_BEGIN_CRITICAL_SECTION is not defined in this translation unit (Python before 3.13); set the option CompatHeader (e.g. to pythoncapi_compat.h) to have the fix include it
// CHECK-FIXES-COMPAT:      Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-COMPAT-NEXT:   while (PyDict_Next(d, &pos, NULL, NULL)) {
// CHECK-FIXES-COMPAT-NEXT:     n++;
// CHECK-FIXES-COMPAT-NEXT:   }
// CHECK-FIXES-COMPAT-NEXT:   Py_END_CRITICAL_SECTION();

Py_ssize_t count_again(PyObject *d) {
  Py_ssize_t pos = 0, n = 0;
  for (; PyDict_Next(d, &pos, NULL, NULL); n++) {
  }
  return n;
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-4]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-5]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-6]]:3: note: no automatic fix: Py_BEGIN_CRITICAL_SECTION is not defined {{.*}}
// CHECK-FIXES-COMPAT:      Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-COMPAT-NEXT:   for (; PyDict_Next(d, &pos, NULL, NULL); n++) {
// CHECK-FIXES-COMPAT-NEXT:   }
// CHECK-FIXES-COMPAT-NEXT:   Py_END_CRITICAL_SECTION();
