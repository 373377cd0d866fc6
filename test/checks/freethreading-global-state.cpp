// RUN: %check_ft_tidy %s freethreading-global-state %t

#include <Python.h>
#include <atomic>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace {
PyObject *interned = nullptr;
std::vector<PyObject *> pool;
std::map<long, PyObject *> by_id;
} // namespace

struct Registry {
  static int count;
};
int Registry::count = 0;

static PyObject *run(PyObject *self, PyObject *arg) {
  if (!interned)
    interned = PyUnicode_FromString("k");
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to static 'interned' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled [freethreading-global-state]
  pool.push_back(arg);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: non-const use of static 'pool' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  by_id[1] = arg;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: non-const use of static 'by_id' outside module initialization: shared state
  Registry::count += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: write to static member 'count' outside module initialization: a counter
  auto bump = [] {
    static std::string last;
    last = "x";
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: non-const use of static local 'last' outside module initialization: shared state
  };
  bump();
  Py_RETURN_NONE;
}

// Not flagged: reads, const methods, atomics, thread_local, locks and what
// is written under them, and a C++ function-local static's initialization
// (the language makes that one thread-safe).
static std::atomic<long> hits{0};
static thread_local int depth;
static std::mutex cache_lock;
static std::vector<std::string> names;

static PyObject *safe(PyObject *self, PyObject *arg) {
  hits++;
  hits.fetch_add(1);
  depth++;
  std::size_t n = pool.size();
  static PyObject *once = PyUnicode_FromString("once");
  cache_lock.lock();
  names.push_back("a");
  cache_lock.unlock();
  (void)n;
  return Py_NewRef(once);
}

static PyMethodDef methods[] = {
  {"run", run, METH_O, nullptr},
  {"safe", safe, METH_O, nullptr},
  {nullptr, nullptr, 0, nullptr},
};

static struct PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "mod", nullptr, -1, methods,
};

PyMODINIT_FUNC PyInit_mod(void) {
  names.reserve(4); // initialization: not reported
  return PyModule_Create(&moduledef);
}
