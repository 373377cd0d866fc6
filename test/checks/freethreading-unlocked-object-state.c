// RUN: %check_ft_tidy -python=3.13 %s freethreading-unlocked-object-state %t

// (3.13 headers pinned: the test uses PyMutex, which the real 3.11 headers
// of the --param headers=real configuration do not have.)

// Functions a static type installs (methods, getters, slots) that use fields
// other such functions write, with no critical section on the object. The
// fix runs the body in Py_BEGIN_CRITICAL_SECTION: in place when the body's
// only exit is its last statement, else through a renamed <name>_impl.

#include <Python.h>

typedef struct {
  PyObject_HEAD
  Py_ssize_t total;
  char *scratch;
  PyObject *last;
  Py_ssize_t size; /* written in tp_new only */
  Py_ssize_t hits; /* atomics only */
  PyMutex mutex;
  Py_ssize_t guarded; /* under the mutex only */
} CounterObject;

static PyObject *Counter_new(PyTypeObject *type, PyObject *args,
                             PyObject *kwds) {
  CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
  if (self == NULL)
    return NULL;
  self->total = 0; // creation: not a shared write
  self->size = 16;
  return (PyObject *)self;
}

static void Counter_dealloc(CounterObject *self) {
  PyMem_Free(self->scratch);
  Py_XDECREF(self->last);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static int Counter_traverse(CounterObject *self, visitproc visit, void *arg) {
  Py_VISIT(self->last);
  return 0;
}

// Early returns: the body moves to Counter_add_impl, unchanged.
static PyObject *Counter_add(CounterObject *self, PyObject *arg) {
  Py_ssize_t n = PyLong_AsSsize_t(arg);
  if (n == -1 && PyErr_Occurred())
    return NULL;
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Counter_add' writes field 'total' of 'self' outside a critical section on the object; on the free-threaded build other threads can use the object at the same time [freethreading-unlocked-object-state]
  self->total += n;
  return PyLong_FromSsize_t(self->total);
}
// CHECK-FIXES:      static PyObject *Counter_add_impl(CounterObject *self, PyObject *arg) {
// CHECK-FIXES-NEXT:   Py_ssize_t n = PyLong_AsSsize_t(arg);
// CHECK-FIXES:        return PyLong_FromSsize_t(self->total);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: static PyObject *Counter_add(CounterObject *self, PyObject *arg) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-NEXT:   result = Counter_add_impl(self, arg);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

// One return, last: in place, through a result variable.
static PyObject *Counter_get_total(CounterObject *self, void *closure) {
  // CHECK-MESSAGES: :[[@LINE+1]]:29: warning: 'Counter_get_total' reads field 'total' of 'self' {{.*}}
  return PyLong_FromSsize_t(self->total);
}
// CHECK-FIXES:      static PyObject *Counter_get_total(CounterObject *self, void *closure) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES:        result = PyLong_FromSsize_t(self->total);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

// A setter: an int result; the function already has a local 'result'.
static int Counter_set_last(CounterObject *self, PyObject *value, void *c) {
  int result = value == NULL ? -1 : 0;
  // CHECK-MESSAGES: :[[@LINE+1]]:14: warning: 'Counter_set_last' writes field 'last' of 'self' {{.*}}
  Py_XSETREF(self->last, Py_XNewRef(value));
  return result;
}
// CHECK-FIXES:      static int Counter_set_last(CounterObject *self, PyObject *value, void *c) {
// CHECK-FIXES-NEXT:   int cs_result = 0;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-NEXT:   int result = value == NULL ? -1 : 0;
// CHECK-FIXES:        Py_XSETREF(self->last, Py_XNewRef(value));
// CHECK-FIXES-NEXT:   cs_result = result;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return cs_result;
// CHECK-FIXES-NEXT: }

static PyObject *Counter_get_last(CounterObject *self, void *closure) {
  // CHECK-MESSAGES: :[[@LINE+1]]:20: warning: 'Counter_get_last' reads field 'last' of 'self' {{.*}}
  return Py_NewRef(self->last);
}
// CHECK-FIXES:        result = Py_NewRef(self->last);

// The object reached through a local alias and a helper; the final return
// names no variable, so the END goes just before it.
static void forget(CounterObject *c) { Py_CLEAR(c->last); }

static PyObject *Counter_reset(PyObject *op, PyObject *Py_UNUSED(ignored)) {
  CounterObject *self = (CounterObject *)op;
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Counter_reset' reaches field 'last' of 'op' through 'forget' outside a critical section on the object; {{.*}}
  forget(self);
  self->total = 0;
  Py_RETURN_NONE;
}
// CHECK-FIXES:      static PyObject *Counter_reset(PyObject *op, PyObject *Py_UNUSED(ignored)) {
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(op);
// CHECK-FIXES-NEXT:   CounterObject *self = (CounterObject *)op;
// CHECK-FIXES:        forget(self);
// CHECK-FIXES-NEXT:   self->total = 0;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   Py_RETURN_NONE;
// CHECK-FIXES-NEXT: }

// A helper given both the object and another of the type: both are locked.
static void merge_into(CounterObject *dst, CounterObject *src) {
  dst->total += src->total;
}

static PyObject *Counter_merge(CounterObject *self, PyObject *other) {
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Counter_merge' reaches field 'total' of 'self' through 'merge_into' {{.*}}
  merge_into(self, (CounterObject *)other);
  Py_RETURN_NONE;
}
// CHECK-FIXES:      static PyObject *Counter_merge(CounterObject *self, PyObject *other) {
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION2(self, other);
// CHECK-FIXES:        merge_into(self, (CounterObject *)other);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION2();
// CHECK-FIXES-NEXT:   Py_RETURN_NONE;
// CHECK-FIXES-NEXT: }

// Left alone: 'size' is written only while the object is created.
static PyObject *Counter_size(CounterObject *self, PyObject *Py_UNUSED(x)) {
  return PyLong_FromSsize_t(self->size);
}

// Left alone: already in a critical section on the object.
static PyObject *Counter_locked(CounterObject *self, PyObject *Py_UNUSED(x)) {
  Py_ssize_t t;
  Py_BEGIN_CRITICAL_SECTION(self);
  t = self->total;
  self->scratch = NULL;
  Py_END_CRITICAL_SECTION();
  return PyLong_FromSsize_t(t);
}

// Left alone: atomics, and a field under the object's own mutex.
static PyObject *Counter_hit(CounterObject *self, PyObject *Py_UNUSED(x)) {
  __atomic_fetch_add(&self->hits, 1, __ATOMIC_RELAXED);
  PyMutex_Lock(&self->mutex);
  self->guarded++;
  PyMutex_Unlock(&self->mutex);
  return PyLong_FromSsize_t(__atomic_load_n(&self->hits, __ATOMIC_RELAXED));
}

// Left alone: a class method gets no instance.
static PyObject *Counter_make(PyObject *cls, PyObject *arg) {
  CounterObject *other = (CounterObject *)arg;
  return PyLong_FromSsize_t(other->total);
}

static PyMethodDef Counter_methods[] = {
    {"add", (PyCFunction)Counter_add, METH_O, NULL},
    {"merge", (PyCFunction)Counter_merge, METH_O, NULL},
    {"size", (PyCFunction)Counter_size, METH_NOARGS, NULL},
    {"reset", Counter_reset, METH_NOARGS, NULL},
    {"locked", (PyCFunction)Counter_locked, METH_NOARGS, NULL},
    {"hit", (PyCFunction)Counter_hit, METH_NOARGS, NULL},
    {"make", Counter_make, METH_O | METH_CLASS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Counter_getset[] = {
    {"total", (getter)Counter_get_total, NULL, NULL, NULL},
    {"last", (getter)Counter_get_last, (setter)Counter_set_last, NULL, NULL},
    {NULL},
};

PyTypeObject CounterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_dealloc = (destructor)Counter_dealloc,
    .tp_traverse = (traverseproc)Counter_traverse,
    .tp_methods = Counter_methods,
    .tp_getset = Counter_getset,
    .tp_new = Counter_new,
};
