// RUN: %check_ft_tidy %s freethreading-unlocked-container-access %t

// An item owned at once (Py_INCREF next to the read, or Py_NewRef around it)
// with no NULL test after it: PyList_GetItemRef gets a new test, which takes
// the function's own earlier error exit when nothing between that exit and
// the read changes a pointer local (so the exit's releases are exactly the
// references held at the read). Otherwise: no fix, and a note.

#include <Python.h>

int save(PyObject *);
int write_mark(PyObject *);
int check(PyObject *);

/* The exit sets the exception and returns NULL; the length test between
   changes nothing. */
PyObject *pop_last(PyObject *heap) {
  Py_ssize_t n = PyList_GET_SIZE(heap);
  if (n == 0) {
    PyErr_SetString(PyExc_IndexError, "index out of range");
    return NULL;
  }
  PyObject *last = PyList_GET_ITEM(heap, n - 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GET_ITEM' reads an item of 'heap' without a critical section on it; {{.*}}
  Py_INCREF(last);
  if (PyList_SetSlice(heap, n - 1, n, NULL) < 0) {
    Py_DECREF(last);
    return NULL;
  }
  return last;
}
// CHECK-FIXES: {{^}}  PyObject *last = PyList_GetItemRef(heap, n - 1);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (last == NULL) { return NULL; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (PyList_SetSlice(heap, n - 1, n, NULL) < 0) {{[{]}}{{$}}

/* A loop: the exit before it tests a call's result; the loop body changes
   no local declared outside it but the item. */
int save_items(PyObject *self, PyObject *obj) {
  PyObject *item = NULL;
  Py_ssize_t total = 0;
  if (write_mark(self) < 0)
    return -1;
  while (total < PyList_GET_SIZE(obj)) {
    int err;
    item = PyList_GET_ITEM(obj, total);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'PyList_GET_ITEM' reads an item of 'obj' {{.*}}
    Py_INCREF(item);
    err = save(item);
    Py_DECREF(item);
    if (err < 0)
      return -1;
    total++;
  }
  return 0;
}
// CHECK-FIXES: {{^}}    item = PyList_GetItemRef(obj, total);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (item == NULL) { return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    err = save(item);{{$}}

/* The exit releases what is held and jumps to the function's cleanup. */
PyObject *first_plus(PyObject *list, PyObject *other) {
  PyObject *sep = PyUnicode_FromString(",");
  PyObject *result = NULL;
  if (sep == NULL)
    return NULL;
  if (check(other) < 0) {
    Py_DECREF(sep);
    return NULL;
  }
  if (PyList_GET_SIZE(list) == 0) {
    PyErr_SetString(PyExc_ValueError, "empty list");
    goto done;
  }
  PyObject *first = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(first);
  result = PyNumber_Add(first, sep);
  Py_DECREF(first);
done:
  Py_DECREF(sep);
  return result;
}
// CHECK-FIXES: {{^}}  PyObject *first = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (first == NULL) { goto done; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  result = PyNumber_Add(first, sep);{{$}}

/* The closest exit releases the reference held; Py_NewRef around the read:
   the test goes after the statement. */
PyObject *with_key(PyObject *list, PyObject *obj) {
  PyObject *key = PyObject_Str(obj);
  if (key == NULL)
    return NULL;
  if (check(key) < 0) {
    Py_DECREF(key);
    return NULL;
  }
  PyObject *value = Py_NewRef(PyList_GET_ITEM(list, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  PyObject *pair = PyTuple_Pack(2, key, value);
  Py_DECREF(key);
  Py_DECREF(value);
  return pair;
}
// CHECK-FIXES: {{^}}  PyObject *value = PyList_GetItemRef(list, 1);{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (value == NULL) { Py_DECREF(key); return NULL; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  PyObject *pair = PyTuple_Pack(2, key, value);{{$}}

/* The exit of a parse that stores borrowed references only: the parsed
   locals are not owned, the exit fits after the parse. */
PyObject *call_on_first(PyObject *self, PyObject *args) {
  PyObject *list, *cb, *first, *r;
  if (!PyArg_ParseTuple(args, "O!O:call_on_first", &PyList_Type, &list, &cb))
    return NULL;
  first = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(first);
  r = PyObject_CallOneArg(cb, first);
  Py_DECREF(first);
  return r;
}
// CHECK-FIXES: {{^}}  first = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (first == NULL) { return NULL; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  r = PyObject_CallOneArg(cb, first);{{$}}

/* A goto exit whose label (on the same statement) releases the item with
   Py_XDECREF: NULL there as at the new test. */
PyObject *str_pair(PyObject *self, PyObject *args) {
  PyObject *list, *tag;
  PyObject *first = NULL, *key = NULL, *result = NULL;
  if (!PyArg_UnpackTuple(args, "str_pair", 2, 2, &list, &tag))
    return NULL;
  if (PyObject_Length(tag) < 0)
    goto done;
  first = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(first);
  key = PyObject_Str(first);
  if (key == NULL)
    goto done;
  result = PyTuple_Pack(2, key, first);
done:
  Py_XDECREF(first);
  Py_XDECREF(key);
  return result;
}
// CHECK-FIXES: {{^}}  first = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (first == NULL) { goto done; }{{$}}
// CHECK-FIXES-NEXT: {{^}}  key = PyObject_Str(first);{{$}}

/* The item is set in an earlier branch too (not NULL at every goto to the
   label), but the label's code, past its label, releases it with
   Py_XDECREF only. */
int pair_from(PyObject *seq, PyObject **out) {
  PyObject *first = NULL;
  if (PyTuple_Check(seq)) {
    if (PyTuple_GET_SIZE(seq) < 1)
      goto invalid;
    first = PyTuple_GET_ITEM(seq, 0);
    Py_INCREF(first);
  } else if (PyList_Check(seq)) {
    if (PyList_GET_SIZE(seq) < 1)
      goto invalid;
    first = PyList_GET_ITEM(seq, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'PyList_GET_ITEM' reads an item of 'seq' {{.*}}
    Py_INCREF(first);
  } else {
    goto invalid;
  }
  *out = first;
  return 0;
invalid:
  PyErr_SetString(PyExc_TypeError, "expected a non-empty tuple or list");
fail:
  Py_XDECREF(first);
  return -1;
}
// CHECK-FIXES: {{^}}    first = PyList_GetItemRef(seq, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (first == NULL) { goto invalid; }{{$}}

/* The closest exit names the item's own variable, so it is passed over
   (its condition changes nothing); the one before fits. */
PyObject *exit_names_item(PyObject *list, PyObject *obj) {
  PyObject *x = NULL;
  if (check(list) < 0)
    return NULL;
  if (check(obj) < 0) {
    Py_XDECREF(x);
    return NULL;
  }
  x = PyList_GET_ITEM(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'PyList_GET_ITEM' reads an item of 'list' {{.*}}
  Py_INCREF(x);
  return x;
}
// CHECK-FIXES: {{^}}  x = PyList_GetItemRef(list, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}  //{{$}}
// CHECK-FIXES-NEXT: {{^}}  if (x == NULL) { return NULL; }{{$}}

/* No exit before the read, nothing owned on the way from the start: the
   function's own error return (a failure test of a call's result, later in
   the function) is its convention. */
int save_single(PyObject *obj) {
  PyObject *item = NULL;
  if (PyList_GET_SIZE(obj) == 1) {
    item = PyList_GET_ITEM(obj, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'PyList_GET_ITEM' reads an item of 'obj' {{.*}}
    Py_INCREF(item);
    int err = save(item);
    Py_DECREF(item);
    if (err < 0)
      return -1;
  }
  return 0;
}
// CHECK-FIXES: {{^}}    item = PyList_GetItemRef(obj, 0);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (item == NULL) { return -1; }{{$}}
// CHECK-FIXES-NEXT: {{^}}    int err = save(item);{{$}}
