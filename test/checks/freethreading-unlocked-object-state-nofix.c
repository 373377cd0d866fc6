// RUN: %check_ft_tidy -python=3.13 %s freethreading-unlocked-object-state %t

// (3.13 headers pinned: the test uses PyMutex, which the real 3.11 headers
// of the --param headers=real configuration do not have.)

// Where the body cannot simply run in a critical section: the finding, its
// notes, and the reason there is no fix.

#include <Python.h>
#include <setjmp.h>

typedef struct {
  PyObject_HEAD
  Py_ssize_t total;
  char *buf;
} JobObject;

static PyMutex registry_lock;

static PyObject *Job_bump(JobObject *self, PyObject *Py_UNUSED(x)) {
  self->total++;
  PyMutex_Lock(&registry_lock);
  PyMutex_Unlock(&registry_lock);
  Py_RETURN_NONE;
}
// CHECK-NOTES: :[[@LINE-5]]:3: warning: 'Job_bump' writes field 'total' of 'self' outside a critical section on the object; on the free-threaded build other threads can use the object at the same time [freethreading-unlocked-object-state]
// CHECK-NOTES: :[[@LINE-5]]:3: note: no automatic fix: a lock is taken here while the section would be held; a thread holding that lock and waiting for the section would deadlock with this one

static jmp_buf bail;

static PyObject *Job_work(JobObject *self, PyObject *Py_UNUSED(x)) {
  char *b = self->buf;
  if (b == NULL)
    longjmp(bail, 1);
  return PyLong_FromSsize_t(self->total);
}
// CHECK-NOTES: :[[@LINE-5]]:13: warning: 'Job_work' reads field 'buf' of 'self' {{.*}}
// CHECK-NOTES: :[[@LINE+10]]:3: note: field 'buf' is written after the object is created, by 'Job_swap'
// CHECK-NOTES: :[[@LINE-4]]:29: note: also reads field 'total' here
// CHECK-NOTES: :[[@LINE-19]]:3: note: field 'total' is written after the object is created, by 'Job_bump'
// CHECK-NOTES: :[[@LINE-7]]:5: note: no automatic fix: the body can leave by 'longjmp', which would skip the section's end

static PyObject *Job_swap(JobObject *self, PyObject *Py_UNUSED(x)) {
  char *old = self->buf;
  Py_BEGIN_CRITICAL_SECTION(self);
  self->total = 0;
  Py_END_CRITICAL_SECTION();
  self->buf = NULL;
  PyMem_Free(old);
  Py_RETURN_NONE;
}
// CHECK-NOTES: :[[@LINE-8]]:15: warning: 'Job_swap' reads field 'buf' of 'self' {{.*}}
// CHECK-NOTES: :[[@LINE-8]]:3: note: no automatic fix: the function already holds a critical section in part of its body; extend it over the accesses by hand

static PyMethodDef Job_methods[] = {
    {"bump", (PyCFunction)Job_bump, METH_NOARGS, NULL},
    {"work", (PyCFunction)Job_work, METH_NOARGS, NULL},
    {"swap", (PyCFunction)Job_swap, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject JobType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Job",
    .tp_basicsize = sizeof(JobObject),
    .tp_methods = Job_methods,
};
