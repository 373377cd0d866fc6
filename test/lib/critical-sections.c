// RUN: %check_ft_probe %s ftprobe-critical-sections %t
// RUN: %check_ft_probe -check-suffix=PY314 -python=3.14 %s ftprobe-critical-sections %t -- -- -DTEST_MUTEX

// The tracker must find the same sections, with the same extents and guarded
// objects, on the default build (BEGIN is a bare '{') and on the
// free-threaded build (BEGIN declares _py_cs and calls PyCriticalSection_Begin);
// the runner runs this file in both.

#include <Python.h>

void ft_probe(PyObject *);

typedef struct {
  PyObject_HEAD
  PyObject *dict;
  PyObject *other;
} Holder;

void one_object(Holder *self, PyObject *d) {
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
  Py_BEGIN_CRITICAL_SECTION(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'd' ends at line [[@LINE+8]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'd' ends at line [[@LINE+7]] [ftprobe-critical-sections]
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'd' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'd' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  ft_probe(self->dict);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'self -> dict' not guarded [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'self -> dict' not guarded [ftprobe-critical-sections]
  Py_END_CRITICAL_SECTION();
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
}

// Structural comparison: casts to PyObject *, parentheses and spacing do not
// matter; a different member does.
void structural(Holder *self) {
  Py_BEGIN_CRITICAL_SECTION((PyObject *)self->dict);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'self -> dict' ends at line [[@LINE+11]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'self -> dict' ends at line [[@LINE+10]] [ftprobe-critical-sections]
  ft_probe(self->dict);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'self -> dict' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'self -> dict' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  ft_probe((PyObject *)(self ->dict));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'self -> dict' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'self -> dict' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  ft_probe(self->other);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'self -> other' not guarded [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'self -> other' not guarded [ftprobe-critical-sections]
  Py_END_CRITICAL_SECTION();
}

// Two objects, nested sections, and the innermost-first order.
void two_objects(PyObject *a, PyObject *b, PyObject *c) {
  Py_BEGIN_CRITICAL_SECTION2(a, b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION2 on 'a', 'b' ends at line [[@LINE+15]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section Py_BEGIN_CRITICAL_SECTION2 on 'a', 'b' ends at line [[@LINE+14]] [ftprobe-critical-sections]
  ft_probe(b);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'b' guarded by Py_BEGIN_CRITICAL_SECTION2 [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'b' guarded by Py_BEGIN_CRITICAL_SECTION2 [ftprobe-critical-sections]
  Py_BEGIN_CRITICAL_SECTION(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'c' ends at line [[@LINE+8]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'c' ends at line [[@LINE+7]] [ftprobe-critical-sections]
    ft_probe(a);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: depth 2; 'a' guarded by Py_BEGIN_CRITICAL_SECTION2 [ftprobe-critical-sections]
    // CHECK-MESSAGES-PY314: :[[@LINE-2]]:5: warning: depth 2; 'a' guarded by Py_BEGIN_CRITICAL_SECTION2 [ftprobe-critical-sections]
    ft_probe(c);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: depth 2; 'c' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
    // CHECK-MESSAGES-PY314: :[[@LINE-2]]:5: warning: depth 2; 'c' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  Py_END_CRITICAL_SECTION();
  Py_END_CRITICAL_SECTION2();
}

// Direct calls, as some projects write them: the section runs from Begin to
// the first End on the same PyCriticalSection.
void direct(PyObject *d) {
  PyCriticalSection cs;
  PyCriticalSection_Begin(&cs, d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section PyCriticalSection_Begin on 'd' ends at line [[@LINE+5]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section PyCriticalSection_Begin on 'd' ends at line [[@LINE+4]] [ftprobe-critical-sections]
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'd' guarded by PyCriticalSection_Begin [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'd' guarded by PyCriticalSection_Begin [ftprobe-critical-sections]
  PyCriticalSection_End(&cs);
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 0; 'd' not guarded [ftprobe-critical-sections]
}

// A project macro that opens and closes the section: reported at the use.
#define LOCK_DICT(o) Py_BEGIN_CRITICAL_SECTION(o)
#define UNLOCK_DICT() Py_END_CRITICAL_SECTION()
void wrapped(PyObject *d) {
  LOCK_DICT(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'd' ends at line [[@LINE+5]] [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: section Py_BEGIN_CRITICAL_SECTION on 'd' ends at line [[@LINE+4]] [ftprobe-critical-sections]
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: depth 1; 'd' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  // CHECK-MESSAGES-PY314: :[[@LINE-2]]:3: warning: depth 1; 'd' guarded by Py_BEGIN_CRITICAL_SECTION [ftprobe-critical-sections]
  UNLOCK_DICT();
}

#ifdef TEST_MUTEX
// 3.14: a section on a PyMutex locks no object.
static PyMutex mutex;
void on_mutex(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION_MUTEX(&mutex);
  // CHECK-MESSAGES-PY314: :[[@LINE-1]]:3: warning: section Py_BEGIN_CRITICAL_SECTION_MUTEX on '& mutex' (mutex) ends at line [[@LINE+3]] [ftprobe-critical-sections]
  ft_probe(d);
  // CHECK-MESSAGES-PY314: :[[@LINE-1]]:3: warning: depth 1; 'd' not guarded [ftprobe-critical-sections]
  Py_END_CRITICAL_SECTION();
}
#endif
