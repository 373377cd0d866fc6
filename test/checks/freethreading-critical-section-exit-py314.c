// RUN: %check_ft_tidy -python=3.14 %s freethreading-critical-section-exit %t

// The 3.14 PyMutex forms open sections like the object forms.

#include <Python.h>

static PyMutex mutex;
static PyMutex other;
int work(void);

int on_mutex(void) {
  Py_BEGIN_CRITICAL_SECTION_MUTEX(&mutex);
  if (work())
    return -1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION_MUTEX without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
  Py_END_CRITICAL_SECTION();
  return 0;
}

int on_two_mutexes(void) {
  Py_BEGIN_CRITICAL_SECTION2_MUTEX(&mutex, &other);
  if (work())
    return -1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION2_MUTEX without reaching Py_END_CRITICAL_SECTION2(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
  Py_END_CRITICAL_SECTION2();
  return 0;
}
