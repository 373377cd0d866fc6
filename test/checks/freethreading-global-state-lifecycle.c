// RUN: %check_ft_tidy %s freethreading-global-state %t

// A multi-phase module: what its Py_mod_create and Py_mod_exec slots and its
// m_clear and m_free call, through any number of helpers, runs while no other
// thread can call into the module; a helper something else may also call
// (a method, a table, another file, the garbage collector's m_traverse) runs
// at any time.

#include <Python.h>

static PyTypeObject Point_Type;
static PyObject *empty_tuple;
static PyObject *zero;
static PyObject *one;
static PyObject *interned_name;
static PyObject *last_module;
static PyObject *recent;
static PyObject *visited;
static long resets;
// CHECK-FIXES: static _Atomic long resets;
static long depth;

// ---- Not flagged: initialization, through several helpers ----------------

static int fill_constants(void) {
  zero = PyLong_FromLong(0); // only exec_module -> setup_module reach it
  one = PyLong_FromLong(1);  // same
  return zero && one ? 0 : -1;
}

static int setup_types(void) {
  Point_Type.tp_basicsize = sizeof(PyObject); // filling the type once, at init
  Point_Type.tp_flags = Py_TPFLAGS_DEFAULT;   // same
  return PyType_Ready(&Point_Type);
}

static int setup_module(PyObject *m) {
  empty_tuple = PyTuple_New(0); // called only by exec_module
  if (setup_types() < 0 || fill_constants() < 0)
    return -1;
  return 0;
}

// Mutually recursive helpers that only initialization calls.
static int walk_odd(int n);
static int walk_even(int n) {
  depth = n; // only walk_odd and exec_module call walk_even
  return n ? walk_odd(n - 1) : 0;
}
static int walk_odd(int n) { return n ? walk_even(n - 1) : 0; }

static PyObject *create_module(PyObject *spec, PyModuleDef *def) {
  last_module = PyModule_New("lifecycle"); // Py_mod_create: initialization
  return Py_XNewRef(last_module);
}

static int exec_module(PyObject *m) {
  interned_name = PyUnicode_InternFromString("name"); // Py_mod_exec
  if (setup_module(m) < 0)
    return -1;
  return walk_even(4);
}

// ---- Not flagged: teardown -------------------------------------------------

static void drop_constants(void) {
  Py_CLEAR(zero); // only module_clear and module_free call it
  Py_CLEAR(one);  // same
}

static int module_clear(PyObject *m) {
  Py_CLEAR(empty_tuple); // m_clear
  drop_constants();
  return 0;
}

static void module_free(void *m) {
  Py_CLEAR(interned_name); // m_free
  drop_constants();
  resets = 0;              // m_free
}

// ---- Flagged: also reachable while other threads run -----------------------

// Initialization calls it, and so does a method.
static void remember(PyObject *obj) {
  Py_XSETREF(recent, Py_XNewRef(obj));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: write to static 'recent' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
}

static PyObject *touch(PyObject *self, PyObject *arg) {
  remember(arg);
  resets++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'resets' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  Py_RETURN_NONE;
}

// m_traverse runs during garbage collection, at any time.
static int module_traverse(PyObject *m, visitproc visit, void *arg) {
  visited = m;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'visited' outside module initialization: shared state
  return 0;
}

static PyMethodDef methods[] = {
  {"touch", touch, METH_O, NULL},
  {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
  {Py_mod_create, (void *)create_module},
  {Py_mod_exec, (void *)exec_module},
  {0, NULL},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "lifecycle", NULL, 0, methods, slots,
  module_traverse, module_clear, module_free,
};

PyMODINIT_FUNC PyInit_lifecycle(void) {
  remember(Py_None);
  return PyModuleDef_Init(&moduledef);
}
