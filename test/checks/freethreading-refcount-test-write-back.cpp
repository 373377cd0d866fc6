// RUN: %check_ft_tidy %s freethreading-refcount-test %t

// Counts written back after arithmetic, in C++: reported with the repair,
// never rewritten; once for a template.

#include <Python.h>

struct Box {
  PyObject_HEAD
  PyObject *items;
};

struct Holder {
  Box *box;
  void hold() {
    Py_SET_REFCNT(box, Py_REFCNT(box) + 1);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: reference count set from arithmetic on a count: {{.*}}; use Py_INCREF() [freethreading-refcount-test]
    // CHECK-NOTES: :[[@LINE-2]]:5: note: no automatic fix: use Py_INCREF() (or Py_NewRef() where the new reference is used as a value)
  }
  void release() {
    box->ob_base.ob_refcnt--;
    // CHECK-NOTES: :[[@LINE-1]]:18: warning: direct write to 'ob_refcnt'
    // CHECK-NOTES: :[[@LINE-2]]:18: note: no automatic fix: use Py_DECREF()
  }
};

template <typename T> static void drop(T *obj) {
  Py_SET_REFCNT(obj, Py_REFCNT(obj) - 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_DECREF()
}

// Not flagged: a count set to a value.
static void fresh(PyObject *x) { Py_SET_REFCNT(x, 1); }

static void use_all(Box *b, PyObject *x) {
  Holder h{b};
  h.hold();
  h.release();
  drop(b);
  drop(x);
  fresh(x);
}
