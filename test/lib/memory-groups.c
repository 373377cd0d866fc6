// RUN: %check_ft_probe %s ftprobe-memory-groups %t

// Which storages and calls hold the same object-domain memory
// (lib/MemoryGroups), whether that memory is a Python object, what releases
// it, and what stops its calls from moving to the PyMem_ domain.

#include <Python.h>
#include <string.h>

void consume(void *);

typedef struct {
  PyObject_HEAD
  int value;
} Box;

// A buffer through two variables, resized and freed: one group.
static void buffer(size_t n) {
  char *p = PyObject_Malloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: group of 'PyObject_Malloc': 2 allocation(s), 2 release(s), buffer, freed [ftprobe-memory-groups]
  char *q = p;
  memset(q, 0, n);
  q = PyObject_Realloc(q, 2 * n);
  PyObject_Free(q);
}

// Memory made an object: no uses classified.
static PyObject *object(PyTypeObject *type) {
  Box *b = PyObject_Malloc(sizeof(Box));
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: group of 'PyObject_Malloc': 1 allocation(s), 0 release(s), object, no free [ftprobe-memory-groups]
  return PyObject_Init((PyObject *)b, type);
}

// Escapes: each one a blocker.
static void escapes(void) {
  char *p = PyObject_Calloc(4, 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: group of 'PyObject_Calloc': 1 allocation(s), 0 release(s), buffer, no free [ftprobe-memory-groups]
  consume(p);
  // CHECK-NOTES: :[[@LINE-1]]:11: note: blocker: 'p' is passed to 'consume' here
  char **pp = &p;
  // CHECK-NOTES: :[[@LINE-1]]:15: note: blocker: the address of 'p' is taken here
  PyMem_Free(*pp); // Through another pointer: not a release of p.
}

// A parameter: its value comes from the callers.
static void parameter(char *given) {
  given = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: group of 'PyObject_Malloc': 1 allocation(s), 1 release(s), buffer, freed [ftprobe-memory-groups]
  // CHECK-NOTES: :[[@LINE-3]]:29: note: blocker: 'given' is a parameter: its value comes from the callers
  PyObject_Free(given);
}
