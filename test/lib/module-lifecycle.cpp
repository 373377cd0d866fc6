// RUN: %check_ft_probe %s ftprobe-module-lifecycle %t

// C++: internal linkage comes from 'static' or an anonymous namespace; a
// template's instantiations are followed, not its pattern; a lambda's body
// belongs to the function that holds it; member functions called on an
// object are not followed (no phase reaches them).

#include <Python.h>

namespace {
void fill_anonymous() {}
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'fill_anonymous' runs only during module initialization [ftprobe-module-lifecycle]
struct Types {
  static int setup() { return 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'setup' runs only during module initialization [ftprobe-module-lifecycle]
  int instance_setup() { return 0; } // called on an object: not followed
};
} // namespace

struct Exported {
  static int setup() { return 0; }
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'setup' reached from module initialization, may run at any time: external linkage [ftprobe-module-lifecycle]
};

static void inner() {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'inner' runs only during module initialization [ftprobe-module-lifecycle]
// The pattern runs only during initialization when every specialization does.
template <typename T> static void fill_template() { inner(); }
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'fill_template' runs only during module initialization [ftprobe-module-lifecycle]
// CHECK-MESSAGES: :[[@LINE-2]]:35: warning: 'fill_template<int>' runs only during module initialization [ftprobe-module-lifecycle]
static void from_lambda() {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'from_lambda' runs only during module initialization [ftprobe-module-lifecycle]

// The long instantiation runs at any time, and so does what it calls; the
// int one runs only during initialization; the pattern is left out.
static void shared_by_template() {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'shared_by_template' reached from module initialization, may run at any time: called from 'pick<long>' at line [[@LINE+3]] [ftprobe-module-lifecycle]
template <typename T> static T pick() {
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'pick<int>' runs only during module initialization [ftprobe-module-lifecycle]
  shared_by_template();
  return T();
}
static PyObject *method(PyObject *self, PyObject *arg) {
  (void)pick<long>();
  Py_RETURN_NONE;
}

static void mod_free(void *) {}
// CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'mod_free' runs only during module teardown [ftprobe-module-lifecycle]

static PyMethodDef methods[] = {
  {"method", method, METH_O, nullptr},
  {nullptr, nullptr, 0, nullptr},
};
static PyModuleDef moduledef = {
  PyModuleDef_HEAD_INIT, "mod", nullptr, -1, methods,
  nullptr, nullptr, nullptr, mod_free,
};

PyMODINIT_FUNC PyInit_mod(void) { // extern "C" in C++
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'PyInit_mod' runs only during module initialization [ftprobe-module-lifecycle]
  fill_anonymous();
  Types t;
  if (Types::setup() < 0 || t.instance_setup() < 0 || Exported::setup() < 0)
    return nullptr;
  fill_template<int>();
  (void)pick<int>();
  shared_by_template();
  auto later = [] { from_lambda(); };
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'operator()' runs only during module initialization [ftprobe-module-lifecycle]
  later();
  return PyModule_Create(&moduledef);
}
