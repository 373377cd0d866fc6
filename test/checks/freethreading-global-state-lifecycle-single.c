// RUN: %check_ft_tidy %s freethreading-global-state %t

// A single-phase module (PyModule_Create in PyInit_<name>): the helpers only
// PyInit_single reaches fill type objects and module constants once; its
// m_free (written with designated initializers) tears them down. A helper that
// init calls but whose address a table or a helper stores, or that has
// external linkage, may run at any time.

#include <Python.h>

static PyTypeObject Node_Type;
static PyTypeObject Leaf_Type;
static PyObject *ErrorObject;
static PyObject *default_sep;
static PyObject *hook;
static PyObject *cache;
static long created;
// CHECK-FIXES: static _Atomic long created;
static int verbose;

// ---- Not flagged -----------------------------------------------------------

static int init_leaf(void) {
  Leaf_Type.tp_base = &Node_Type; // reached only from PyInit_single
  return PyType_Ready(&Leaf_Type);
}

static int setup_types(void) {
  Node_Type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE; // same
  if (PyType_Ready(&Node_Type) < 0)
    return -1;
  return init_leaf();
}

static int single_module_init(PyObject *m) {
  ErrorObject = PyErr_NewException("single.Error", NULL, NULL); // same
  default_sep = PyUnicode_FromString(",");                       // same
  if (!ErrorObject || !default_sep)
    return -1;
  return setup_types();
}

static void single_free(void *m) {
  Py_CLEAR(ErrorObject); // m_free
  Py_CLEAR(default_sep); // m_free
}

// ---- Flagged ---------------------------------------------------------------

// Stored in Node_Type by a helper init calls: Python calls it at any time.
static PyObject *node_new(PyTypeObject *type, PyObject *args, PyObject *kw) {
  created++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'created' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  return type->tp_alloc(type, 0);
}

static void install_slots(void) { Node_Type.tp_new = node_new; }

// Init calls it, and a method table names it.
static PyObject *set_hook(PyObject *self, PyObject *arg) {
  Py_XSETREF(hook, Py_NewRef(arg));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: write to static 'hook' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  Py_RETURN_NONE;
}

// Init calls it, and so does a method, through a helper.
static void reset_cache(void) {
  Py_CLEAR(cache);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: write to static 'cache' outside module initialization: shared state
}
static void reset_all(void) { reset_cache(); }
static PyObject *clear(PyObject *self, PyObject *unused) {
  reset_all();
  Py_RETURN_NONE;
}

// External linkage: another file of the extension may call it.
void set_verbose(int on) {
  verbose = on;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'verbose' outside module initialization: shared state
}

static PyMethodDef methods[] = {
  {"set_hook", set_hook, METH_O, NULL},
  {"clear", clear, METH_NOARGS, NULL},
  {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT,
  .m_name = "single",
  .m_size = -1,
  .m_methods = methods,
  .m_free = single_free,
};

PyMODINIT_FUNC PyInit_single(void) {
  PyObject *m = PyModule_Create(&moduledef);
  if (m == NULL)
    return NULL;
  install_slots();
  reset_all();
  set_verbose(0);
  (void)set_hook(m, Py_None);
  if (single_module_init(m) < 0) {
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
