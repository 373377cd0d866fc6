// RUN: %check_ft_tidy -python=3.13 %s freethreading-unlocked-object-state %t

// (3.13 headers pinned: the test uses PyMutex, which the real 3.11 headers
// of the --param headers=real configuration do not have.)

// Shapes where a naive wrap would be wrong: an exit in an #ifdef, a
// recursive call, a setter whose value can be NULL; and shapes that are not
// shared writes or unlocked accesses at all.

#include <Python.h>

typedef struct {
  PyObject_HEAD
  Py_ssize_t total;
  Py_ssize_t *items;
  Py_ssize_t size;
  PyObject *parent;
  PyMutex mutex;
  Py_ssize_t locked; /* under the mutex, taken only where there is no GIL */
} NodeObject;

// A return compiled by one build only: the body is not edited (wrapper).
static PyObject *Node_add(NodeObject *self, PyObject *arg) {
#ifdef Py_GIL_DISABLED
  if (arg == Py_None)
    return NULL;
#endif
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Node_add' writes field 'total' of 'self' {{.*}}
  self->total += 1;
  return PyLong_FromSsize_t(self->total);
}
// CHECK-FIXES:      static PyObject *Node_add_impl(NodeObject *self, PyObject *arg) {
// CHECK-FIXES-NEXT: #ifdef Py_GIL_DISABLED
// CHECK-FIXES:      static PyObject *Node_add(NodeObject *self, PyObject *arg) {
// CHECK-FIXES-NEXT:   PyObject *result = NULL;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-NEXT:   result = Node_add_impl(self, arg);

// Parameters that differ between builds: the wrapper could not call the
// renamed copy with both lists; no fix.
static PyObject *Node_pick(NodeObject *self,
#if PY_VERSION_HEX >= 0x030C0000
                           PyObject *arg
#else
                           PyObject *const *args, Py_ssize_t nargs
#endif
) {
  if (self->total < 0)
    return NULL;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'Node_pick' reads field 'total' of 'self' {{.*}}
  return PyLong_FromSsize_t(self->total);
}
// CHECK-FIXES:      static PyObject *Node_pick(NodeObject *self,
// CHECK-FIXES:      ) {
// CHECK-FIXES-NEXT:   if (self->total < 0)

// Recursive: a renamed copy would call the wrapper before its declaration.
static PyObject *Node_depth(NodeObject *self, PyObject *Py_UNUSED(x)) {
  if (self->parent == NULL)
    return PyLong_FromLong(0);
  return Node_depth((NodeObject *)self->parent, NULL);
}
// CHECK-MESSAGES: :[[@LINE-4]]:7: warning: 'Node_depth' reads field 'parent' of 'self' {{.*}}
// Left as it is (the note says why):
// CHECK-FIXES:      static PyObject *Node_depth(NodeObject *self, PyObject *Py_UNUSED(x)) {
// CHECK-FIXES-NEXT:   if (self->parent == NULL)

// The value of a setter is NULL on deletion: no section on it.
static int Node_set_parent(NodeObject *self, PyObject *value, void *c) {
  if (value != NULL && ((NodeObject *)value)->total < 0)
    return -1;
  Py_XSETREF(self->parent, Py_XNewRef(value));
  return 0;
}
// CHECK-MESSAGES: :[[@LINE-5]]:24: warning: 'Node_set_parent' reads field 'total' of 'value' {{.*}}
// CHECK-FIXES:      static int Node_set_parent(NodeObject *self, PyObject *value, void *c) {
// CHECK-FIXES-NEXT:   if (value != NULL && ((NodeObject *)value)->total < 0)

// Locked on the free-threaded build only: held there, so not reported on
// either build.
static PyObject *Node_bump(NodeObject *self, PyObject *Py_UNUSED(x)) {
#ifdef Py_GIL_DISABLED
  PyMutex_Lock(&self->mutex);
#endif
  self->locked++;
#ifdef Py_GIL_DISABLED
  PyMutex_Unlock(&self->mutex);
#endif
  Py_RETURN_NONE;
}

// A lock macro written as do { } while (0) holds the lock.
#define LOCK(o) do { PyMutex_Lock(&(o)->mutex); } while (0)
#define UNLOCK(o) do { PyMutex_Unlock(&(o)->mutex); } while (0)
static PyObject *Node_bump2(NodeObject *self, PyObject *Py_UNUSED(x)) {
  LOCK(self);
  self->locked++;
  UNLOCK(self);
  Py_RETURN_NONE;
}

// An unlock on an error exit does not end the lock for the code after it.
static PyObject *Node_bump3(NodeObject *self, PyObject *arg) {
  PyMutex_Lock(&self->mutex);
  if (arg == NULL) {
    PyMutex_Unlock(&self->mutex);
    return NULL;
  }
  self->locked++;
  PyMutex_Unlock(&self->mutex);
  Py_RETURN_NONE;
}

// Not writes of 'items': the address of an element, and a helper filling a
// copy the method made itself ('size' stays written only at creation).
static void fill_copy(NodeObject *dst, NodeObject *src) {
  dst->size = src->size;
}

static PyObject *Node_copy(NodeObject *self, PyObject *Py_UNUSED(x)) {
  NodeObject *copy = PyObject_New(NodeObject, Py_TYPE(self));
  if (copy == NULL)
    return NULL;
  fill_copy(copy, self);
  Py_ssize_t *first = &self->items[0];
  return PyLong_FromSsize_t(*first + self->size);
}

static PyObject *Node_len(NodeObject *self, PyObject *Py_UNUSED(x)) {
  return PyLong_FromSsize_t(self->size);
}

static PyMethodDef Node_methods[] = {
    {"add", (PyCFunction)Node_add, METH_O, NULL},
    {"depth", (PyCFunction)Node_depth, METH_NOARGS, NULL},
    {"pick", (PyCFunction)Node_pick, METH_O, NULL},
    {"bump", (PyCFunction)Node_bump, METH_NOARGS, NULL},
    {"bump2", (PyCFunction)Node_bump2, METH_NOARGS, NULL},
    {"bump3", (PyCFunction)Node_bump3, METH_O, NULL},
    {"copy", (PyCFunction)Node_copy, METH_NOARGS, NULL},
    {"len", (PyCFunction)Node_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Node_getset[] = {
    {"parent", NULL, (setter)Node_set_parent, NULL, NULL},
    {NULL},
};

PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_methods = Node_methods,
    .tp_getset = Node_getset,
};
