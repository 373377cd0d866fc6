// RUN: %check_ft_tidy %s freethreading-global-state %t

// The notes: where the variable is declared, and the repairs that fit the
// kind of write. A helper with external linkage is never init-only (another
// file may call it), and a helper whose address is stored in a table can be
// called by Python at any time.

#include <Python.h>

static long counter;
static PyObject *cached;
static PyObject *last_seen;

void exported_helper(void) {
  counter--;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'counter' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :10:8: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :10:13: note: 'counter' declared here
  // CHECK-NOTES: :14:6: note: 'exported_helper' runs during module initialization, but it has external linkage: other files may call it (declare it 'static' if none does)
  // CHECK-NOTES: :[[@LINE-5]]:3: note: make it atomic (_Atomic, std::atomic), per thread (_Thread_local, thread_local) if each thread may count on its own, or update it under a PyMutex (3.13+)
}

static PyObject *method(PyObject *self, PyObject *arg) {
  if (!cached) {
    cached = PyTuple_New(0);
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: write to static 'cached' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled [freethreading-global-state]
    // CHECK-NOTES: :9:1: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :11:18: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :[[@LINE-4]]:5: note: FIX-IT applied suggested code changes
    // CHECK-NOTES: :11:18: note: 'cached' declared here
    // CHECK-NOTES: :[[@LINE-6]]:5: note: fill it eagerly in module initialization (PyInit_*, a Py_mod_exec function), move it into module state, or test and fill it under one PyMutex (3.13+)
  }
  last_seen = arg;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'last_seen' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :12:18: note: 'last_seen' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: initialize it eagerly in module initialization, move it into module state, make it per thread (_Thread_local, thread_local) or atomic, or write it under a PyMutex (3.13+)
  return Py_XNewRef(cached);
}

static PyMethodDef methods[] = {
  {"method", method, METH_O, NULL},
  {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "mod", NULL, -1, methods,
};

PyMODINIT_FUNC PyInit_mod(void) {
  exported_helper();
  return PyModule_Create(&moduledef);
}


// The lazily filled cache's fix: created into a local, published once.
// CHECK-FIXES: #include <stdatomic.h>
// The counter's fix: its declaration made _Atomic.
// CHECK-FIXES: static _Atomic long counter;
// CHECK-FIXES: static PyObject *_Atomic cached;
// CHECK-FIXES:      PyObject *new_cached = PyTuple_New(0);
// CHECK-FIXES-NEXT: PyObject *unset = NULL;
// CHECK-FIXES-NEXT: if (new_cached != NULL && !atomic_compare_exchange_strong(&cached, &unset, new_cached))
// CHECK-FIXES-NEXT:   Py_XDECREF(new_cached);
