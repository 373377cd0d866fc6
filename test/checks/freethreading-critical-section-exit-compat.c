// RUN: %check_ft_tidy -python=3.12 %s freethreading-critical-section-exit %t

// Python 3.12: the section macros come from pythoncapi_compat.h (a plain
// block, as on the default build) and are tracked the same way.

#include <Python.h>
#include "pythoncapi_compat.h"

int work(PyObject *);

int early(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  if (work(d) < 0)
    return -1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
  Py_END_CRITICAL_SECTION();
  return 0;
}

void loop(PyObject *a, PyObject *b, int n) {
  for (int i = 0; i < n; i++) {
    Py_BEGIN_CRITICAL_SECTION2(a, b);
    if (work(a))
      continue;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'continue' leaves the critical section of Py_BEGIN_CRITICAL_SECTION2 without reaching Py_END_CRITICAL_SECTION2(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    while (work(b))
      break; // its loop is inside the section: fine
    Py_END_CRITICAL_SECTION2();
  }
}

int last(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  work(d);
  return work(d);
  Py_END_CRITICAL_SECTION();
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
// CHECK-FIXES:      int result = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   work(d);
// CHECK-FIXES-NEXT:   result = work(d);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
