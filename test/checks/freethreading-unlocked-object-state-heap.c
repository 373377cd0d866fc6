// RUN: %check_ft_tidy %s freethreading-unlocked-object-state %t

// A heap type (PyType_Slot array and PyType_Spec): slots, a number slot
// using two objects, an iterator, a void buffer slot and tp_init.

#include <Python.h>

typedef struct {
  PyObject_HEAD
  Py_ssize_t pos;
  Py_ssize_t value;
  Py_ssize_t exports;
} VecObject;

// tp_init is checked: __init__ can be called again on a shared object.
static int Vec_init(VecObject *self, PyObject *args, PyObject *kwds) {
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Vec_init' writes field 'value' of 'self' {{.*}}
  self->value = 0;
  self->pos = 0;
  return 0;
}
// The final return names no variable: it stays, after the END.
// CHECK-FIXES:      static int Vec_init(VecObject *self, PyObject *args, PyObject *kwds) {
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES:        self->value = 0;
// CHECK-FIXES-NEXT:   self->pos = 0;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return 0;
// CHECK-FIXES-NEXT: }

// Two objects of the type: both sections at once.
static PyObject *Vec_add(PyObject *a, PyObject *b) {
  // CHECK-MESSAGES: :[[@LINE+1]]:29: warning: 'Vec_add' reads field 'value' of 'a' {{.*}}
  return PyLong_FromSsize_t(((VecObject *)a)->value + ((VecObject *)b)->value);
}
// CHECK-FIXES:      static PyObject *Vec_add(PyObject *a, PyObject *b) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION2(a, b);
// CHECK-FIXES:        result = PyLong_FromSsize_t(((VecObject *)a)->value + ((VecObject *)b)->value);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION2();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

// An iterator's position: early return, so the wrapper.
static PyObject *Vec_next(VecObject *self) {
  if (self->pos >= 3)
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'Vec_next' reads field 'pos' of 'self' {{.*}}
    return NULL;
  return PyLong_FromSsize_t(self->pos++);
}
// CHECK-FIXES:      static PyObject *Vec_next_impl(VecObject *self) {
// CHECK-FIXES:      static PyObject *Vec_next(VecObject *self) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-NEXT:   result = Vec_next_impl(self);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

// A void slot: the END before the closing brace.
static void Vec_release(VecObject *self, Py_buffer *view) {
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Vec_release' writes field 'exports' of 'self' {{.*}}
  self->exports--;
}
// CHECK-FIXES:      static void Vec_release(VecObject *self, Py_buffer *view) {
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES:        self->exports--;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT: }

static void Vec_dealloc(VecObject *self) {
  self->exports = 0; // destruction: not reported
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyType_Slot Vec_slots[] = {
    {Py_tp_init, Vec_init},
    {Py_nb_add, Vec_add},
    {Py_tp_iternext, Vec_next},
    {Py_bf_releasebuffer, Vec_release},
    {Py_tp_dealloc, Vec_dealloc},
    {0, NULL},
};

PyType_Spec Vec_spec = {
    "m.Vec", sizeof(VecObject), 0, Py_TPFLAGS_DEFAULT, Vec_slots,
};
