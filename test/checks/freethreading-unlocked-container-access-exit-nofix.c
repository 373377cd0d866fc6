// RUN: %check_ft_tidy %s freethreading-unlocked-container-access %t

// An item owned at once with no NULL test after it, where no earlier error
// exit of the function fits the read (see
// freethreading-unlocked-container-access-exit.c): no fix, and a note.

#include <Python.h>

int write_mark(PyObject *);
int check(PyObject *);

/* A reference taken between the exit and the read: that exit would leak
   it. */
PyObject *taken_between(PyObject *list, PyObject *obj) {
  PyObject *name;
  if (check(obj) < 0)
    return NULL;
  name = PyObject_Str(obj);
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: PyList_GetItemRef returns NULL with IndexError when another thread has shrunk the list, and the item is not followed at once by an 'if (x == NULL)' that returns the function's error value (NULL or -1), with the item owned at once (Py_NewRef, or Py_INCREF next to that test), and no earlier error exit of the function fits here (a pointer local is assigned, tested, released or stored on the way); {{.*}}
  Py_INCREF(x);
  PyObject *r = PyTuple_Pack(2, name, x);
  Py_XDECREF(name);
  Py_DECREF(x);
  return r;
}

/* The closest exit tests a local for NULL (it is owned past the exit), and
   the new list before it is a reference taken: no fix. */
PyObject *copy_first(PyObject *list) {
  PyObject *out = PyList_New(0);
  if (out == NULL)
    return NULL;
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(x);
  if (PyList_Append(out, x) < 0) {
    Py_DECREF(x);
    Py_DECREF(out);
    return NULL;
  }
  Py_DECREF(x);
  return out;
}

/* The loop body keeps a reference in a local declared outside it: an exit
   from before the loop does not release it. */
PyObject *last_of(PyObject *self, PyObject *list) {
  PyObject *acc = NULL;
  if (write_mark(self) < 0)
    return NULL;
  for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list); i++) {
    PyObject *it = PyList_GET_ITEM(list, i);
    // CHECK-NOTES: :[[@LINE-1]]:20: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:20: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
    // CHECK-NOTES: :[[@LINE-4]]:30: note: the index is bounded by this length of 'list', {{.*}}
    Py_INCREF(it);
    Py_XSETREF(acc, it);
  }
  return acc;
}

/* An exit that neither sets an exception, nor jumps, nor tests a call: it
   does not show that NULL is this function's error. */
PyObject *maybe_first(PyObject *list) {
  if (PyList_GET_SIZE(list) == 0)
    return NULL;
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(x);
  return x;
}

/* The exit releases a name that a declaration on the way hides. */
PyObject *hidden(PyObject *list, PyObject *obj) {
  PyObject *tmp = PyObject_Str(obj);
  if (tmp == NULL)
    return NULL;
  if (check(tmp) < 0) {
    Py_DECREF(tmp);
    return NULL;
  }
  {
    PyObject *tmp = NULL;
    PyObject *x = PyList_GET_ITEM(list, 0);
    // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:19: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
    Py_INCREF(x);
    Py_DECREF(x);
    (void)tmp;
  }
  return tmp;
}

/* A label on the way: another path reaches the read. */
PyObject *relabelled(PyObject *list, PyObject *obj) {
  PyObject *x;
  if (check(obj) < 0)
    return NULL;
again:;
  x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:7: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(x);
  if (check(x) > 0) {
    Py_DECREF(x);
    goto again;
  }
  return x;
}

/* A parse whose converter ('O&') may store a new reference: the exit before
   it does not release what the parse made. */
int to_object(PyObject *, void *);
PyObject *converted(PyObject *self, PyObject *args) {
  PyObject *list, *conv;
  if (!PyArg_ParseTuple(args, "OO&", &list, to_object, &conv))
    return NULL;
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(x);
  Py_DECREF(conv);
  return x;
}

/* A goto exit whose label releases the item with Py_DECREF, and the item
   is not NULL at that exit: the label would release the NULL item. */
PyObject *label_decrefs(PyObject *list, PyObject *tag) {
  PyObject *first = Py_None;
  PyObject *result = NULL;
  if (PyObject_Length(tag) < 0)
    goto done;
  first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:11: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  result = PyObject_Str(first);
done:
  Py_DECREF(first);
  return result;
}

/* Nothing owned from the start, but no error return shows what this
   function's error is ('return 0' and 'return -1' after tests that are no
   failure tests). */
int count_positive(PyObject *list) {
  if (PyList_GET_SIZE(list) == 0)
    return -1;
  PyObject *x = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:17: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(x);
  int r = x == Py_None ? 0 : 1;
  Py_DECREF(x);
  return r;
}

/* After the exit the tuple steals 'o': that exit's release of 'o' would
   release it twice. */
PyObject *stolen_between(PyObject *list) {
  PyObject *t = PyTuple_New(1);
  if (t == NULL)
    return NULL;
  PyObject *o = PyLong_FromLong(1);
  if (o == NULL) {
    Py_DECREF(t);
    return NULL;
  }
  if (check(list) < 0) {
    Py_DECREF(o);
    Py_DECREF(t);
    return NULL;
  }
  PyTuple_SET_ITEM(t, 0, o);
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  Py_DECREF(first);
  return t;
}

/* The read declares the name the exit releases. */
PyObject *same_name(PyObject *list, PyObject *obj) {
  PyObject *key = PyObject_Str(obj);
  if (key == NULL)
    return NULL;
  if (check(key) < 0) {
    Py_DECREF(key);
    return NULL;
  }
  {
    PyObject *key = PyList_GET_ITEM(list, 0);
    // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
    // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
    Py_INCREF(key);
    Py_DECREF(key);
  }
  return key;
}

/* The exit enters a state (the recursion depth) that it does not leave. */
PyObject *recursing(PyObject *list) {
  if (Py_EnterRecursiveCall(" in recursing"))
    return NULL;
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  Py_LeaveRecursiveCall();
  return first;
}

/* The label returns a status the way changes. */
int status_label(PyObject *list, PyObject **out) {
  int ret = -1;
  if (check(list) < 0)
    goto done;
  ret = 0;
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  *out = first;
done:
  return ret;
}

/* A new reference stored through a pointer to a local. */
PyObject *through_alias(PyObject *list) {
  PyObject *held = NULL;
  PyObject **slot = &held;
  if (check(list) < 0)
    return NULL;
  *slot = PyLong_FromLong(1);
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  Py_XDECREF(held);
  return first;
}

/* From the start, but the function consumes its parameter: its start
   holds a reference. */
PyObject *consume(PyObject *list) {
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  if (check(first) < 0) {
    Py_DECREF(first);
    Py_DECREF(list);
    return NULL;
  }
  Py_DECREF(list);
  return first;
}

/* From the start, but -1 is a result here ("less"), and '!found' tests a
   flag, not a failure. */
int compare_first(PyObject *list, PyObject *other, int found) {
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-NOTES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:21: note: no automatic fix: {{.*}} no earlier error exit of the function fits here {{.*}}
  Py_INCREF(first);
  if (!found)
    return -1;
  int lt = PyObject_RichCompareBool(first, other, Py_LT);
  Py_DECREF(first);
  if (lt > 0)
    return -1;
  return 1;
}
