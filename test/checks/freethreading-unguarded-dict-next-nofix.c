// RUN: %check_ft_tidy %s freethreading-unguarded-dict-next %t

// Loops that are reported without a fix-it, each with the note saying why.

#include <Python.h>

typedef struct {
  PyObject_HEAD
  PyObject *dict;
  Py_ssize_t pos;
} DictIter;

int keep(PyObject *);

// Exits the flag-and-break rewrite cannot move: the loop is reported with
// the note naming the exit and why.
int nested_loop(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  while (PyDict_Next(d, &pos, &key, NULL)) {
    for (int i = 0; i < 3; i++)
      if (keep(key) < 0)
        return -1;
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; on the free-threaded build another thread can change the dict and invalidate the borrowed keys and values [freethreading-unguarded-dict-next]
// CHECK-NOTES: :[[@LINE-5]]:9: note: no automatic fix: 'return' at line 23 leaves the loop, so a critical section around it would be left without Py_END_CRITICAL_SECTION(); set a flag and 'break' out of the loop instead, then act on the flag after the section (not done automatically: the 'return' at line 23 is inside a loop or switch nested in this one, which a 'break' there would leave instead)
// CHECK-NOTES: :[[@LINE-7]]:11: note: 'key' is borrowed from the dict and used after this call to keep began, {{.*}}

int in_switch(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  for (; PyDict_Next(d, &pos, &key, NULL);) {
    switch (keep(key)) {
    case -1:
      goto error;
    default:
      break;
    }
  }
  return 0;
error:
  return -1;
}
// CHECK-NOTES: :[[@LINE-12]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-10]]:7: note: no automatic fix: 'goto' at line 37 leaves the loop, {{.*}} (not done automatically: the 'goto' at line 37 is inside a loop or switch nested in this one, which a 'break' there would leave instead)
// CHECK-NOTES: :[[@LINE-13]]:13: note: 'key' is borrowed from the dict and used after this call to keep began, {{.*}}

#define CHECK(x) if ((x) < 0) goto error
int goto_in_macro(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    CHECK(keep(value));
  }
  return 0;
error:
  return -1;
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-7]]:5: note: no automatic fix: 'goto' at line 55 leaves the loop, {{.*}} (not done automatically: the 'goto' at line 55 is written inside a macro)
// CHECK-NOTES: :[[@LINE-13]]:31: note: expanded from macro 'CHECK'
// CHECK-NOTES: :[[@LINE-9]]:11: note: 'value' is borrowed from the dict and used after this call to CHECK began, {{.*}}

#define RETURN_STRONG(o) return Py_NewRef(o)
PyObject *return_in_macro(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    if (value != Py_None)
      RETURN_STRONG(value);
  }
  Py_RETURN_NONE;
}
// CHECK-NOTES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-5]]:7: note: no automatic fix: 'return' at line 72 leaves the loop, {{.*}} (not done automatically: the 'return' at line 72 is written inside a macro and returns a computed value)
// CHECK-NOTES: :[[@LINE-12]]:26: note: expanded from macro 'RETURN_STRONG'

int in_other_section(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    Py_BEGIN_CRITICAL_SECTION(value);
    if (keep(value) < 0)
      return -1;
    Py_END_CRITICAL_SECTION();
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-8]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-6]]:7: note: no automatic fix: 'return' at line 86 leaves the loop, {{.*}} (not done automatically: the 'return' at line 86 is inside another critical section)
// CHECK-NOTES: :[[@LINE-8]]:9: note: 'value' is borrowed from the dict and used after this call to keep began, {{.*}}

typedef struct { PyObject *key; int found; } Found;
Found find_struct(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  while (PyDict_Next(d, &pos, &key, NULL)) {
    if (key == Py_None) {
      Found f = {key, 1};
      return f;
    }
  }
  Found none = {NULL, 0};
  return none;
}
// CHECK-NOTES: :[[@LINE-9]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-7]]:7: note: no automatic fix: 'return' at line 102 leaves the loop, {{.*}} (not done automatically: the 'return' at line 102 returns a value whose type a plain local variable cannot hold)

// The loop is the body of an 'if' without braces: wrapping it would need
// braces, so no fix.
void unbraced(PyObject *d, int enabled) {
  Py_ssize_t pos = 0;
  if (enabled)
    while (PyDict_Next(d, &pos, NULL, NULL)) {
    }
}
// CHECK-NOTES: :[[@LINE-3]]:12: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-4]]:5: note: no automatic fix: the loop is not a statement of a block (it is the body of an 'if', 'else' or loop without braces, or follows a label); add braces around it, then wrap it in Py_BEGIN_CRITICAL_SECTION

// A call as the dict expression would run twice.
void module_dict(PyObject *m) {
  Py_ssize_t pos = 0;
  while (PyDict_Next(PyModule_GetDict(m), &pos, NULL, NULL)) {
  }
}
// CHECK-NOTES: :[[@LINE-3]]:10: warning: PyDict_Next iterates over 'PyModule_GetDict(m)' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-4]]:22: note: no automatic fix: the dict expression has side effects (or calls a function) and would be evaluated twice; store the dict in a local variable and iterate over that

// The dict is spelled inside the project's macro.
#define STATE_DICT(self) ((self)->dict)
void macro_dict(DictIter *self) {
  Py_ssize_t pos = 0;
  while (PyDict_Next(STATE_DICT(self), &pos, NULL, NULL)) {
  }
}
// CHECK-NOTES: :[[@LINE-3]]:10: warning: PyDict_Next iterates over 'STATE_DICT(self)' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-4]]:22: note: no automatic fix: the dict expression is spelled inside a macro; store the dict in a local variable and iterate over that
// CHECK-NOTES: :[[@LINE-8]]:26: note: expanded from macro 'STATE_DICT'

// The loop switches to another dict: the section would lock the first one.
void switches_dict(PyObject *a, PyObject *b) {
  Py_ssize_t pos = 0;
  PyObject *d = a;
  while (PyDict_Next(d, &pos, NULL, NULL)) {
    if (d == a && pos > 3) {
      d = b;
      pos = 0;
    }
  }
}
// CHECK-NOTES: :[[@LINE-7]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-6]]:7: note: no automatic fix: the loop changes what the dict expression refers to, so the section would lock another object

// A goto into the loop would skip the BEGIN.
void jump_in(PyObject *d, int resume) {
  Py_ssize_t pos = 0;
  if (resume)
    goto again;
  while (PyDict_Next(d, &pos, NULL, NULL)) {
  again:
    keep(d);
  }
}
// CHECK-NOTES: :[[@LINE-5]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-7]]:5: note: no automatic fix: control jumps into the loop from here, past where the section would begin

// An iterator's tp_iternext: the position lives in the object, so the
// iteration spans calls.
PyObject *iter_next(DictIter *it) {
  PyObject *key;
  if (!PyDict_Next(it->dict, &it->pos, &key, NULL))
    return NULL;
  return Py_NewRef(key);
}
// CHECK-NOTES: :[[@LINE-4]]:8: warning: PyDict_Next iterates over 'it->dict' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-5]]:30: note: no automatic fix: the iteration position is kept outside this function's locals, so the iteration spans several calls and no single critical section can cover it; hold a critical section on the dict around each step and take strong references (Py_NewRef) to the key and value before it ends

// A position passed in by the caller: the same.
int step(PyObject *d, Py_ssize_t *ppos, PyObject **pkey) {
  return PyDict_Next(d, ppos, pkey, NULL);
}
// CHECK-NOTES: :[[@LINE-2]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-3]]:25: note: no automatic fix: the iteration position is kept outside this function's locals, {{.*}}

// One step with a local position, not a loop.
PyObject *first_key(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key = NULL;
  if (PyDict_Next(d, &pos, &key, NULL))
    return Py_NewRef(key);
  Py_RETURN_NONE;
}
// CHECK-NOTES: :[[@LINE-4]]:7: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-5]]:7: note: no automatic fix: this PyDict_Next call is not the condition of a while, for or do loop; put the whole iteration inside Py_BEGIN_CRITICAL_SECTION on the dict by hand

// The dict is declared by the loop itself: it does not exist before it.
void declared_in_loop(PyObject *holder) {
  Py_ssize_t pos = 0;
  for (PyObject *d = PyModule_GetDict(holder); PyDict_Next(d, &pos, NULL, NULL);) {
  }
}
// CHECK-NOTES: :[[@LINE-3]]:48: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-4]]:18: note: no automatic fix: the dict expression uses a variable declared in the loop statement, which does not exist before it

// An exit in a branch this build does not compile: a fix would be right for
// one build only.
int skipped_exit(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *key;
  while (PyDict_Next(d, &pos, &key, NULL)) {
#if defined(Py_GIL_DISABLED) && defined(NEVER_DEFINED_HERE)
    if (key == NULL)
      return -1;
#endif
  }
  return 0;
}
// CHECK-NOTES: :[[@LINE-8]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-8]]:1: note: no automatic fix: the loop holds an #if branch this build does not compile that may leave the loop ('return'); the fix would be right for one build only

// An exit inside another exit's value (a statement expression).
PyObject *nested_exit(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *value;
  while (PyDict_Next(d, &pos, NULL, &value)) {
    if (value != Py_None)
      return ({ if (value == NULL) return NULL; Py_NewRef(value); });
  }
  Py_RETURN_NONE;
}
// CHECK-NOTES: :[[@LINE-6]]:10: warning: PyDict_Next iterates over 'd' outside a critical section on it; {{.*}}
// CHECK-NOTES: :[[@LINE-5]]:36: note: no automatic fix: 'return' at line {{[0-9]+}} leaves the loop, {{.*}} (not done automatically: the exit at line {{[0-9]+}} is inside another exit's value)
