// RUN: %check_ft_tidy -check-suffix=COMPAT -python=3.12 %s freethreading-unlocked-object-state %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"
// RUN: %check_ft_tidy -check-suffix=NONE -python=3.12 %s freethreading-unlocked-object-state %t

// Python 3.12 headers do not define the critical-section macros. With the
// option CompatHeader the fix adds the include (once per file); without it
// the function is reported with a note and left alone.

#include <Python.h>
// CHECK-FIXES-COMPAT: #include <Python.h>
// CHECK-FIXES-COMPAT-EMPTY:
// CHECK-FIXES-COMPAT-NEXT: #include "pythoncapi_compat.h"

typedef struct {
  PyObject_HEAD
  long n;
} TickObject;

static PyObject *Tick_next(TickObject *self) {
  return PyLong_FromLong(self->n++);
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-2]]:26: warning: 'Tick_next' writes field 'n' of 'self' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-3]]:26: warning: 'Tick_next' writes field 'n' of 'self' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-4]]:26: note: no automatic fix: Py_BEGIN_CRITICAL_SECTION is not defined in this translation unit (Python before 3.13); set the option CompatHeader (e.g. to pythoncapi_compat.h) to have the fix include it
// CHECK-FIXES-COMPAT:      static PyObject *Tick_next(TickObject *self) {
// CHECK-FIXES-COMPAT-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-COMPAT-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-COMPAT-NEXT:   result = PyLong_FromLong(self->n++);
// CHECK-FIXES-COMPAT-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-COMPAT-NEXT:   return result;
// CHECK-FIXES-COMPAT-NEXT: }

static PyObject *Tick_cmp(PyObject *a, PyObject *b, int op) {
  return PyBool_FromLong(((TickObject *)a)->n == ((TickObject *)b)->n);
}
// CHECK-MESSAGES-COMPAT: :[[@LINE-2]]:26: warning: 'Tick_cmp' reads field 'n' of 'a' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-3]]:26: warning: 'Tick_cmp' reads field 'n' of 'a' {{.*}}
// CHECK-NOTES-NONE: :[[@LINE-18]]:26: note: field 'n' is written after the object is created, by 'Tick_next'
// CHECK-NOTES-NONE: :[[@LINE-5]]:26: note: no automatic fix: Py_BEGIN_CRITICAL_SECTION2 is not defined {{.*}}
// CHECK-FIXES-COMPAT:        Py_BEGIN_CRITICAL_SECTION2(a, b);

PyTypeObject TickType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Tick",
    .tp_basicsize = sizeof(TickObject),
    .tp_richcompare = Tick_cmp,
    .tp_iternext = (iternextfunc)Tick_next,
};
