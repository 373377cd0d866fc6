// RUN: %check_ft_tidy %s freethreading-critical-section-exit %t

// The fix moving a final 'return <expr>;' after the END through a result
// variable, and the returns it leaves alone.

#include <Python.h>

int work(PyObject *);

PyObject *lookup(PyObject *d, PyObject *key) {
  Py_BEGIN_CRITICAL_SECTION(d);
  PyObject *v = PyDict_GetItemWithError(d, key);
  Py_XINCREF(v);
  return v;
  Py_END_CRITICAL_SECTION();
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
// CHECK-FIXES:      PyObject *lookup(PyObject *d, PyObject *key) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   PyObject *v = PyDict_GetItemWithError(d, key);
// CHECK-FIXES-NEXT:   Py_XINCREF(v);
// CHECK-FIXES-NEXT:   result = v;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

// 'result' is taken (a parameter): the next free name is used. The dead
// return after the END stays; the new return comes first.
int store(PyObject *d, PyObject *key, PyObject *result) {
  if (key == NULL)
    return -1;
  Py_BEGIN_CRITICAL_SECTION2(d, key);
  if (work(key) > 0)
    work(d);
  return PyDict_SetItem(d, key, result);
  Py_END_CRITICAL_SECTION2();
  return -1;
}
// CHECK-MESSAGES: :[[@LINE-4]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION2 without reaching Py_END_CRITICAL_SECTION2(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
// CHECK-FIXES:          return -1;
// CHECK-FIXES-NEXT:   int cs_result = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION2(d, key);
// CHECK-FIXES-NEXT:   if (work(key) > 0)
// CHECK-FIXES-NEXT:     work(d);
// CHECK-FIXES-NEXT:   cs_result = PyDict_SetItem(d, key, result);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION2();
// CHECK-FIXES-NEXT:   return cs_result;
// CHECK-FIXES-NEXT:   return -1;

// No fix: the return is not the last statement of the section's own block
// (it is inside an 'if'), so the END is also reached without it.
PyObject *conditional(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  if (work(d))
    return Py_NewRef(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
  work(d);
  Py_END_CRITICAL_SECTION();
  Py_RETURN_NONE;
}

// No fix: the return leaves two sections; moving it would need two ENDs.
PyObject *nested(PyObject *a, PyObject *b) {
  Py_BEGIN_CRITICAL_SECTION(a);
  Py_BEGIN_CRITICAL_SECTION(b);
  return Py_NewRef(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
  Py_END_CRITICAL_SECTION();
  Py_END_CRITICAL_SECTION();
}

// No fix: a 'return' without a value, and a return spelled by a macro.
void no_value(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  work(d);
  return;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
  Py_END_CRITICAL_SECTION();
}

PyObject *macro_return(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  work(d);
  Py_RETURN_NONE;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
  Py_END_CRITICAL_SECTION();
}

// No fix: a direct PyCriticalSection_Begin/End pair (not a block).
int direct(PyObject *d) {
  PyCriticalSection cs;
  PyCriticalSection_Begin(&cs, d);
  return work(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of PyCriticalSection_Begin {{.*}}
  PyCriticalSection_End(&cs);
}

// No fix: the return is not the last statement before the END, so the END is
// not reached through it alone.
int not_last(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  return work(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
  work(d);
  Py_END_CRITICAL_SECTION();
  return 0;
}
// CHECK-FIXES:      int not_last(PyObject *d) {
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   return work(d);
