// RUN: %check_ft_tidy -python=3.13 %s freethreading-global-state %t

// (3.13 headers pinned: the test uses PyMutex, which the real 3.11 headers
// of the --param headers=real configuration do not have.)

#include <Python.h>
#include <stdatomic.h>

// ---- Flagged: written while Python code runs ------------------------------

static PyObject *cache = NULL;
// CHECK-FIXES: static PyObject *_Atomic cache = NULL;
static long calls = 0;
// CHECK-FIXES: static _Atomic long calls = 0;
long exported_total = 0;

typedef struct FreeItem { struct FreeItem *next; } FreeItem;
static FreeItem *free_list;

static struct { int hits; PyObject *last; } stats;

static PyObject *lazy(PyObject *self, PyObject *args) {
  if (cache == NULL)
    cache = PyUnicode_FromString("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to static 'cache' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-FIXES:      if (cache == NULL) {
  // CHECK-FIXES-NEXT:   PyObject *new_cache = PyUnicode_FromString("x");
  // CHECK-FIXES-NEXT:   PyObject *unset = NULL;
  // CHECK-FIXES-NEXT:   if (new_cache != NULL && !atomic_compare_exchange_strong(&cache, &unset, new_cache))
  // CHECK-FIXES-NEXT:     Py_XDECREF(new_cache);
  // CHECK-FIXES-NEXT: }
  calls++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'calls' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  exported_total += 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to global 'exported_total' outside module initialization: a counter
  stats.hits = stats.hits + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'stats' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  return Py_NewRef(cache);
}

static void release(FreeItem *item) {
  item->next = free_list; // a read: not reported
  free_list = item;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'free_list' outside module initialization: shared state
}

static PyObject *parse(PyObject *self, PyObject *args) {
  static int seen;
  // CHECK-FIXES: static _Atomic int seen;
  ++seen;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to static local 'seen' outside module initialization: a counter
  if (!PyArg_ParseTuple(args, "O", &stats.last))
    // CHECK-MESSAGES: :[[@LINE-1]]:37: warning: write through the address of static 'stats' outside module initialization: shared state
    return NULL;
  Py_RETURN_NONE;
}

// ---- Not flagged -----------------------------------------------------------

static const char *const names[] = {"a", "b"};   // const: never written
static _Thread_local int per_thread;             // one per thread
static atomic_long atomic_calls;                 // atomic
static _Atomic(int) atomic_state;                // atomic
static PyObject *filled_at_init;                 // written only by init
static PyObject *filled_by_helper;               // written only by an init helper
static PyObject *filled_at_exec;                 // written only by Py_mod_exec
static PyMutex lock;                             // a lock is not state
static long guarded_calls;                       // written under the lock
static PyObject *guarded_cache;                  // written in a critical section
static PyTypeObject Box_Type;                    // &Box_Type is read by the API

static PyObject *safe(PyObject *self, PyObject *arg) {
  per_thread++;
  atomic_calls++;
  atomic_fetch_add(&atomic_state, 1);
  PyMutex_Lock(&lock);
  guarded_calls++;
  if (guarded_calls > 10) {
    guarded_calls = 0; // nested block, still under the lock
  }
  PyMutex_Unlock(&lock);
  Py_BEGIN_CRITICAL_SECTION(arg);
  guarded_cache = arg;
  Py_END_CRITICAL_SECTION();
  int local = 0;
  local++; // an automatic variable
  (void)names;
  return PyObject_New(PyObject, &Box_Type);
}

// Through the address: an out-parameter, a local pointer, a macro that
// writes through one. Not through a pointer-to-const parameter.
static PyObject *slot;
static int flag;
static const int *peek(const int *p) { return p; }
static PyObject *by_address(PyObject *self, PyObject *arg) {
  PyObject **where = &slot;
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: write through the address of static 'slot' outside module initialization: shared state
  *where = arg;
  Py_CLEAR(slot);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: write to static 'slot' outside module initialization: shared state
  (void)peek(&flag);
  Py_RETURN_NONE;
}

// Written after the unlock: flagged again.
static PyObject *after_unlock(PyObject *self, PyObject *arg) {
  PyMutex_Lock(&lock);
  PyMutex_Unlock(&lock);
  guarded_calls--;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'guarded_calls' outside module initialization: a counter
  Py_RETURN_NONE;
}

static int init_helper(void) {
  filled_by_helper = PyList_New(0);
  return filled_by_helper ? 0 : -1;
}

static int module_exec(PyObject *m) {
  filled_at_exec = PyDict_New();
  return filled_at_exec ? 0 : -1;
}

static PyModuleDef_Slot slots[] = {
  {Py_mod_exec, (void *)module_exec},
  {0, NULL},
};

static PyMethodDef methods[] = {
  {"lazy", lazy, METH_VARARGS, NULL},
  {"parse", parse, METH_VARARGS, NULL},
  {"safe", safe, METH_O, NULL},
  {"after_unlock", after_unlock, METH_O, NULL},
  {"by_address", by_address, METH_O, NULL},
  {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "mod", NULL, 0, methods, slots,
};

PyMODINIT_FUNC PyInit_mod(void) {
  static int initialized; // a static local of the init function
  initialized = 1;
  filled_at_init = PyUnicode_FromString("init");
  if (init_helper() < 0)
    return NULL;
  return PyModuleDef_Init(&moduledef);
}
