// RUN: %check_ft_probe %s ftprobe-container-privacy %t

// Which containers are private to the function at a use (SPEC 4 and 5):
// fresh locals that have not escaped, and the keyword-arguments dict.

#include <Python.h>

void ft_probe(PyObject *);
void consume(PyObject *);
extern PyObject *global_cache;

typedef struct {
  PyObject_HEAD
  PyObject *dict;
} Holder;

void fresh_list(PyObject *item) {
  PyObject *l = PyList_New(0);
  if (l == NULL)
    return;
  if (PyList_Append(l, item) < 0) { // an operation on the list: still private
    Py_DECREF(l);
    return;
  }
  ft_probe(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' fresh from PyList_New [ftprobe-container-privacy]
  Py_DECREF(l);
}

void fresh_dict_assigned_later(PyObject *k, PyObject *v) {
  PyObject *d = NULL;
  d = PyDict_New();
  if (!d)
    return;
  PyDict_SetItem(d, k, v);
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' fresh from PyDict_New [ftprobe-container-privacy]
  Py_XDECREF(d);
}

// (Each function probes a variable once: ft_probe is itself a function the
// container is passed to.)
void copy_then_escape(Holder *self, PyObject *src) {
  PyObject *d = PyDict_Copy(src);
  self->dict = d; // stored where other threads can reach it
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
}

void passed_on(void) {
  PyObject *l = PyList_New(0);
  consume(l); // any other function may keep it
  ft_probe(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
  Py_DECREF(l);
}

void stored_as_value(PyObject *outer) {
  PyObject *inner = PyList_New(0);
  PyList_Append(outer, inner); // 'inner' is the item, not the container
  ft_probe(inner);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'inner' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
  Py_DECREF(inner);
}

void escape_later_in_loop(PyObject **out, int n) {
  PyObject *l = PyList_New(0);
  for (int i = 0; i < n; i++) {
    ft_probe(l); // the store below runs before this on the next iteration
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'l' shared; escapes at line [[@LINE+1]] [ftprobe-container-privacy]
    out[i] = l;
  }
}

void escape_after_use(void) {
  PyObject *l = PyList_New(0);
  ft_probe(l); // the store comes later and is not in a loop around the use
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' fresh from PyList_New [ftprobe-container-privacy]
  global_cache = l;
}

void not_a_constructor(PyObject *arg) {
  PyObject *l = arg; // the caller's object
  ft_probe(l);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'l' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
  PyObject *m = PyList_New(0);
  m = arg; // reassigned from elsewhere
  ft_probe(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
}

void address_taken(void) {
  PyObject *d = PyDict_New();
  PyObject **slot = &d;
  (void)slot;
  ft_probe(d);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' shared; escapes at line [[@LINE-3]] [ftprobe-container-privacy]
}

void returned_in_branch(int c) {
  static PyObject *s; // static storage: always shared
  ft_probe(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's' shared [ftprobe-container-privacy]
  (void)c;
}

void fields_and_args(Holder *self, PyObject *arg) {
  ft_probe(self->dict); // not a local
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'self -> dict' shared [ftprobe-container-privacy]
  ft_probe(arg); // a plain parameter
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'arg' shared [ftprobe-container-privacy]
}

/* Keyword-arguments dicts. */

static PyObject *by_name(PyObject *self, PyObject *args, PyObject *kwds) {
  ft_probe(kwds);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'kwds' keyword arguments [ftprobe-container-privacy]
  (void)self; (void)args;
  return NULL;
}

static PyObject *by_position(PyObject *self, PyObject *args, PyObject *options) {
  static char *names[] = {"a", NULL};
  PyObject *a;
  if (!PyArg_ParseTupleAndKeywords(args, options, "O", names, &a)) // parsing does not keep it
    return NULL;
  ft_probe(options);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'options' keyword arguments [ftprobe-container-privacy]
  (void)self;
  return NULL;
}

static PyObject *not_keywords(PyObject *self, PyObject *args, PyObject *options) {
  ft_probe(options); // installed without METH_KEYWORDS
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'options' shared [ftprobe-container-privacy]
  (void)self; (void)args;
  return NULL;
}

static PyObject *kwargs_stored(PyObject *self, PyObject *args, PyObject *kwargs) {
  Holder *h = (Holder *)self;
  h->dict = kwargs;
  ft_probe(kwargs);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'kwargs' shared; escapes at line [[@LINE-2]] [ftprobe-container-privacy]
  (void)args;
  return NULL;
}

static int init_by_position(PyObject *self, PyObject *args, PyObject *extra) {
  ft_probe(extra);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'extra' keyword arguments [ftprobe-container-privacy]
  (void)self; (void)args;
  return 0;
}

static PyObject *new_by_slot(PyTypeObject *type, PyObject *args, PyObject *extra) {
  ft_probe(extra);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'extra' keyword arguments [ftprobe-container-privacy]
  (void)type; (void)args;
  return NULL;
}

static PyMethodDef methods[] = {
    {"by_name", (PyCFunction)(void (*)(void))by_name, METH_VARARGS | METH_KEYWORDS, NULL},
    {"by_position", (PyCFunction)(void (*)(void))by_position, METH_VARARGS | METH_KEYWORDS, NULL},
    {"not_keywords", (PyCFunction)(void (*)(void))not_keywords, METH_VARARGS, NULL},
    {"kwargs_stored", (PyCFunction)(void (*)(void))kwargs_stored, METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject HolderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "m.Holder",
    .tp_init = init_by_position,
};

static PyType_Slot slots[] = {
    {Py_tp_new, (void *)new_by_slot},
    {0, NULL},
};

void *keep[] = {methods, &HolderType, slots};
