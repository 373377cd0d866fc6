// RUN: %check_ft_tidy %s freethreading-refcount-test %t

// A count computed from the count and written back: on the free-threaded
// build the count is split (ob_ref_local, ob_ref_shared) and such a write
// replaces both halves. Reported with a note naming the repair; never
// rewritten (Py_INCREF is not exactly 'count + 1' in a debug build, and
// Py_DECREF deallocates where 'count - 1' did not).

#include <Python.h>

typedef struct {
  PyObject_HEAD
  PyObject *items;
} Box;

void finalize(PyObject *self);

static void set_refcnt(PyObject *x, Box *self, Py_ssize_t k) {
  Py_SET_REFCNT(x, Py_REFCNT(x) + 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: reference count set from arithmetic on a count: on the free-threaded build the count is split into ob_ref_local and ob_ref_shared, and Py_SET_REFCNT() overwrites both, losing the changes other threads make between the read and the write; use Py_INCREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_INCREF() (or Py_NewRef() where the new reference is used as a value), once per reference taken, and convert the matching decrement with it: changing one side alone unbalances a debug build's reference total
  Py_SET_REFCNT(x, Py_REFCNT(x) - 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: reference count set from arithmetic on a count:{{.*}}; use Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_DECREF(), once per reference released; unlike this write it deallocates the object when the count reaches zero, so where that must not happen (undoing a temporary resurrection in a deallocator) move the cleanup to tp_finalize and call PyObject_CallFinalizerFromDealloc()
  Py_SET_REFCNT(self, Py_REFCNT(self) + k);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_INCREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_INCREF()
  Py_SET_REFCNT(x, 2 + Py_REFCNT(x));
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_INCREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_INCREF()
  Py_SET_REFCNT(x, (Py_REFCNT(x) - 2) + 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_DECREF()
  Py_SET_REFCNT(x, Py_REFCNT(x) - k + 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_INCREF() and Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: take and release references only with Py_INCREF() and Py_DECREF() (or Py_NewRef()), one call per reference
  // The field read inside is part of this finding, not another one.
  Py_SET_REFCNT(x, x->ob_refcnt - 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: use Py_DECREF()
}

static void field(PyObject *x, Box *self, Py_ssize_t k) {
  x->ob_refcnt++;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt': the free-threaded build has no such field (the count is split into ob_ref_local and ob_ref_shared) [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:6: note: no automatic fix: use Py_INCREF() (or Py_NewRef() where the new reference is used as a value)
  --x->ob_refcnt;
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:8: note: no automatic fix: use Py_DECREF()
  self->ob_base.ob_refcnt += 2;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: use Py_INCREF()
  x->ob_refcnt -= k;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:6: note: no automatic fix: use Py_DECREF()
  x->ob_refcnt += -1;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:6: note: no automatic fix: use Py_DECREF()
  x->ob_refcnt = x->ob_refcnt + 1;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:6: note: no automatic fix: use Py_INCREF()
  ((PyObject *)self)->ob_refcnt = Py_REFCNT(self) - 1;
  // CHECK-NOTES: :[[@LINE-1]]:23: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:23: note: no automatic fix: use Py_DECREF()
  // A value that is not computed from a count: Py_SET_REFCNT() is the
  // field's replacement.
  x->ob_refcnt = 1;
  // CHECK-NOTES: :[[@LINE-1]]:6: warning: direct write to 'ob_refcnt'
  // CHECK-NOTES: :[[@LINE-2]]:6: note: no automatic fix: use Py_SET_REFCNT(), Py_INCREF() or Py_DECREF() instead of changing the field
}

// Spelled in the user's macro: reported at the definition, once.
#define DROP_REF(o) Py_SET_REFCNT(o, Py_REFCNT(o) - 1)
// CHECK-NOTES: :[[@LINE-1]]:21: warning: {{.*}}; use Py_DECREF() [freethreading-refcount-test]
// CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: use Py_DECREF()
static void in_macro(PyObject *x, PyObject *y) {
  DROP_REF(x);
  DROP_REF(y);
}

// The resurrection a legacy deallocator does by hand. Setting the count to
// 1 is not flagged (a value: no other thread holds a reference to an object
// being deallocated); undoing it is, with the repair for deallocators.
static void legacy_dealloc(PyObject *self) {
  Py_SET_REFCNT(self, 1);
  finalize(self);
  Py_SET_REFCNT(self, Py_REFCNT(self) - 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: {{.*}}; use Py_DECREF() [freethreading-refcount-test]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: no automatic fix: {{.*}}move the cleanup to tp_finalize and call PyObject_CallFinalizerFromDealloc()
  if (Py_REFCNT(self) != 0)
    return;
  // CHECK-NOTES: :[[@LINE-2]]:7: warning: reference count compared with 0
  // CHECK-NOTES: :[[@LINE-3]]:7: note: no automatic fix: only a test for exactly one reference
  PyObject_Free(self);
}

// Not flagged: a count set to a value (a free list's fresh object), a saved
// count restored, a count copied from another object; reads of the count in
// arithmetic that is not written back.
static Py_ssize_t not_write_backs(PyObject *x, PyObject *y, Py_ssize_t saved) {
  Py_SET_REFCNT(x, 1);
  Py_SET_REFCNT(x, saved);
  Py_SET_REFCNT(y, Py_REFCNT(x));
  return Py_REFCNT(x) - 1;
}
