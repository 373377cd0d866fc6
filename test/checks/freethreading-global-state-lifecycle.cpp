// RUN: %check_ft_tidy %s freethreading-global-state %t

// C++, multi-phase: helpers in an anonymous namespace (internal linkage, like
// 'static'), a static member function of a class there, and a template's
// instantiation, reached only from the Py_mod_exec function or from m_clear,
// run while no other thread can call into the module.

#include <Python.h>
#include <string>
#include <vector>

namespace {
PyTypeObject Counter_Type;
PyObject *default_name = nullptr;
std::vector<PyObject *> interned;
std::string prefix;
long instances = 0;
PyObject *last_arg = nullptr;

// ---- Not flagged -----------------------------------------------------------

struct Types {
  static int ready() {
    Counter_Type.tp_flags = Py_TPFLAGS_DEFAULT; // only exec_module reaches it
    return PyType_Ready(&Counter_Type);
  }
};

// Every specialization of intern_all is called only by init_names.
template <typename T> int intern_all(const T &names) {
  for (const char *n : names)
    interned.push_back(PyUnicode_InternFromString(n)); // see above
  return 0;
}

int init_names() {
  default_name = PyUnicode_FromString("counter"); // only exec_module calls it
  prefix = "ctr_";                                // same
  const char *names[] = {"a", "b"};
  return intern_all(names);
}

void drop_names() {
  for (PyObject *o : interned)
    Py_DECREF(o);
  interned.clear(); // only module_clear calls it
  Py_CLEAR(default_name);
}

// ---- Flagged ---------------------------------------------------------------

// Called by exec_module and by a method.
void remember(PyObject *arg) {
  last_arg = arg;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: write to static 'last_arg' outside module initialization: shared state that threads race on when the GIL is disabled [freethreading-global-state]
  prefix += "x";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: non-const use of static 'prefix' outside module initialization: shared state
}
} // namespace

// A static member of a class with external linkage: other files may call it.
struct Stats {
  static void reset() {
    instances = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: write to static 'instances' outside module initialization: shared state
  }
};

static PyObject *touch(PyObject *self, PyObject *arg) {
  remember(arg);
  Py_RETURN_NONE;
}

static int exec_module(PyObject *m) {
  if (Types::ready() < 0 || init_names() < 0)
    return -1;
  Stats::reset();
  remember(m);
  return 0;
}

static int module_clear(PyObject *m) {
  drop_names();
  return 0;
}

static PyMethodDef methods[] = {
  {"touch", touch, METH_O, nullptr},
  {nullptr, nullptr, 0, nullptr},
};

static PyModuleDef_Slot slots[] = {
  {Py_mod_exec, reinterpret_cast<void *>(exec_module)},
  {0, nullptr},
};

static PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "lifecycle", nullptr, 0, methods, slots,
  nullptr, module_clear, nullptr,
};

PyMODINIT_FUNC PyInit_lifecycle(void) { return PyModuleDef_Init(&moduledef); }
