// RUN: %check_ft_tidy %s freethreading-unlocked-object-state %t

// C++: methods cast with reinterpret_cast, a static member function (fixed
// in place), a container member changed through a non-const member call, a
// std::atomic and a std::mutex member, and a lock_guard.

#include <Python.h>
#include <mutex>
#include <atomic>
#include <vector>

struct BagObject {
  PyObject_HEAD
  std::vector<long> *items;
  std::atomic<long> hits;
  std::mutex lock;
  long locked_total;
};

static PyObject *Bag_push(BagObject *self, PyObject *arg) {
  long v = PyLong_AsLong(arg);
  if (v == -1 && PyErr_Occurred())
    return nullptr;
  // CHECK-MESSAGES: :[[@LINE+1]]:3: warning: 'Bag_push' writes field 'items' of 'self' {{.*}}
  self->items->push_back(v);
  self->hits++;
  Py_RETURN_NONE;
}
// CHECK-FIXES:      static PyObject *Bag_push_impl(BagObject *self, PyObject *arg) {
// CHECK-FIXES:      static PyObject *Bag_push(BagObject *self, PyObject *arg) {
// CHECK-FIXES-NEXT:   PyObject *result = nullptr;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(self);
// CHECK-FIXES-NEXT:   result = Bag_push_impl(self, arg);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;
// CHECK-FIXES-NEXT: }

struct Bag {
  static PyObject *len(PyObject *op, PyObject *) {
    BagObject *self = reinterpret_cast<BagObject *>(op);
    // CHECK-MESSAGES: :[[@LINE+1]]:50: warning: 'len' reads field 'items' of 'op' {{.*}}
    return PyLong_FromSize_t(static_cast<size_t>(self->items->size()));
  }
};
// CHECK-FIXES:      static PyObject *len(PyObject *op, PyObject *) {
// CHECK-FIXES-NEXT:     PyObject *result = nullptr;
// CHECK-FIXES-NEXT:     Py_BEGIN_CRITICAL_SECTION(op);
// CHECK-FIXES-NEXT:     BagObject *self = reinterpret_cast<BagObject *>(op);
// CHECK-FIXES:          result = PyLong_FromSize_t(static_cast<size_t>(self->items->size()));
// CHECK-FIXES-NEXT:     Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:     return result;
// CHECK-FIXES-NEXT:   }

// extern "C" on the definition itself: the renamed copy could not be static
// there; no fix.
extern "C" PyObject *Bag_clear(PyObject *op, PyObject *) {
  BagObject *self = reinterpret_cast<BagObject *>(op);
  if (self->items == nullptr)
    return nullptr;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: 'Bag_clear' reads field 'items' of 'op' {{.*}}
  self->items->clear();
  Py_RETURN_NONE;
}
// CHECK-FIXES:      extern "C" PyObject *Bag_clear(PyObject *op, PyObject *) {
// CHECK-FIXES-NEXT:   BagObject *self = reinterpret_cast<BagObject *>(op);

// Left alone: atomics, and a field written under the object's own mutex.
static PyObject *Bag_hits(BagObject *self, PyObject *) {
  {
    std::lock_guard<std::mutex> guard(self->lock);
    self->locked_total += 1;
  }
  return PyLong_FromLong(self->hits.load());
}

static PyMethodDef Bag_methods[] = {
    {"push", reinterpret_cast<PyCFunction>(Bag_push), METH_O, nullptr},
    {"len", Bag::len, METH_NOARGS, nullptr},
    {"clear", Bag_clear, METH_NOARGS, nullptr},
    {"hits", reinterpret_cast<PyCFunction>(Bag_hits), METH_NOARGS, nullptr},
    {nullptr, nullptr, 0, nullptr},
};

PyTypeObject BagType = {
    PyVarObject_HEAD_INIT(nullptr, 0)
    "m.Bag",
    sizeof(BagObject),
};

void install() { BagType.tp_methods = Bag_methods; }
