// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next %t

// The wrap fix-it: loops whose body cannot leave the section abnormally.

#include <Python.h>

typedef struct {
  PyObject_HEAD
  PyObject *dict;
} Holder;

int keep(PyObject *);

Py_ssize_t count_while(PyObject *d) {
  Py_ssize_t pos = 0, n = 0;
  PyObject *key, *value;
  while (PyDict_Next(d, &pos, &key, &value)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; on the free-threaded build another thread can change the dict and invalidate the borrowed keys and values [freethreading-unguarded-dict-next]
    if (value == Py_None)
      continue; // belongs to the iterated loop: fine
    n++;
  }
  return n;
}
// CHECK-FIXES:      Py_ssize_t pos = 0, n = 0;
// CHECK-FIXES-NEXT:   PyObject *key, *value;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, &value)) {
// CHECK-FIXES:          n++;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return n;

// A 'for' loop nested deeper keeps its own indentation; 'break' is fine.
int find_none(Holder *self, int enabled) {
  int found = 0;
  if (enabled) {
    for (Py_ssize_t pos = 0; PyDict_Next(self->dict, &pos, NULL, NULL) && !found;) {
      // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: PyDict_Next iterates over 'self->dict' outside a critical section on it; {{.*}}
      found = keep(self->dict);
      if (found)
        break;
    }
  }
  return found;
}
// CHECK-FIXES:      if (enabled) {
// CHECK-FIXES-NEXT:     Py_BEGIN_CRITICAL_SECTION(self->dict);
// CHECK-FIXES-NEXT:     for (Py_ssize_t pos = 0; PyDict_Next(self->dict, &pos, NULL, NULL) && !found;) {
// CHECK-FIXES:              break;
// CHECK-FIXES-NEXT:     }
// CHECK-FIXES-NEXT:     Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   }

// A body without braces; the dict spelled with a cast.
Py_ssize_t count_plain(Holder *self) {
  Py_ssize_t pos = 0, n = 0;
  while (PyDict_Next((PyObject *)self->dict, &pos, NULL, NULL))
    n++;
  // CHECK-MESSAGES: :[[@LINE-2]]:10: warning: PyDict_Next iterates over '(PyObject *)self->dict' outside a critical section on it; {{.*}}
  return n;
}
// CHECK-FIXES:      Py_BEGIN_CRITICAL_SECTION((PyObject *)self->dict);
// CHECK-FIXES-NEXT:   while (PyDict_Next((PyObject *)self->dict, &pos, NULL, NULL))
// CHECK-FIXES-NEXT:     n++;
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();

// A section on another object does not guard the dict; nesting is fine.
void other_section(PyObject *lock, PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  Py_BEGIN_CRITICAL_SECTION(lock);
  while (PyDict_Next(d, &pos, &key, NULL)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
    keep(key);
  }
  Py_END_CRITICAL_SECTION();
}
// CHECK-FIXES:      Py_BEGIN_CRITICAL_SECTION(lock);
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   while (PyDict_Next(d, &pos, &key, NULL)) {
// CHECK-FIXES:        }
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();

// Not flagged: already inside a section on the same dict, whatever the
// spelling; Py_BEGIN_CRITICAL_SECTION2 on the dict and another object.
void guarded(Holder *self, PyObject *other) {
  Py_ssize_t pos = 0;
  Py_BEGIN_CRITICAL_SECTION((PyObject *)(self->dict));
  while (PyDict_Next(self->dict, &pos, NULL, NULL)) {
  }
  Py_END_CRITICAL_SECTION();

  pos = 0;
  Py_BEGIN_CRITICAL_SECTION2(other, self->dict);
  while (PyDict_Next(self->dict, &pos, NULL, NULL)) {
  }
  Py_END_CRITICAL_SECTION2();

  PyCriticalSection cs;
  pos = 0;
  PyCriticalSection_Begin(&cs, self->dict);
  while (PyDict_Next(self->dict, &pos, NULL, NULL)) {
  }
  PyCriticalSection_End(&cs);
}

// Not flagged: a dict made here that has not escaped, and the call's own
// keyword-arguments dict.
PyObject *fresh(PyObject *src) {
  PyObject *copy = PyDict_Copy(src);
  if (copy == NULL)
    return NULL;
  Py_ssize_t pos = 0;
  PyObject *key;
  while (PyDict_Next(copy, &pos, &key, NULL)) {
  }
  return copy;
}

static PyObject *with_kwargs(PyObject *self, PyObject *args, PyObject *kwds) {
  Py_ssize_t pos = 0;
  PyObject *key, *value;
  if (kwds == NULL)
    Py_RETURN_NONE;
  while (PyDict_Next(kwds, &pos, &key, &value)) {
  }
  Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"with_kwargs", (PyCFunction)(void (*)(void))with_kwargs,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};
PyMethodDef *method_table(void) { return methods; }
