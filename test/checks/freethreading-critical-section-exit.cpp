// RUN: %check_ft_tidy %s freethreading-critical-section-exit %t

#include <Python.h>

int work(PyObject *);

// A 'return' inside a lambda returns from the lambda, not from the section.
int lambda_inside(PyObject *d) {
  int r = 0;
  Py_BEGIN_CRITICAL_SECTION(d);
  auto f = [](PyObject *o) -> int {
    if (work(o))
      return 1;
    return 0;
  };
  r = f(d);
  Py_END_CRITICAL_SECTION();
  return r;
}

// A section inside a lambda: its 'return' leaves that section.
int section_in_lambda(PyObject *d) {
  auto f = [](PyObject *o) -> int {
    Py_BEGIN_CRITICAL_SECTION(o);
    if (work(o))
      return 1;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    Py_END_CRITICAL_SECTION();
    return 0;
  };
  return f(d);
}

// Range-for around the section; templates are checked once per definition.
template <typename Container>
int each(Container &items, PyObject *lock) {
  for (PyObject *o : items) {
    Py_BEGIN_CRITICAL_SECTION(lock);
    if (work(o) < 0)
      break;
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'break' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held [freethreading-critical-section-exit]
    Py_END_CRITICAL_SECTION();
  }
  return 0;
}

struct Items {
  PyObject **b, **e;
  PyObject **begin() { return b; }
  PyObject **end() { return e; }
};
int use(Items &items, PyObject *lock) { return each(items, lock); }

namespace ns {
struct Holder {
  PyObject *dict;
  PyObject *get(PyObject *key) {
    PyObject *v = nullptr;
    Py_BEGIN_CRITICAL_SECTION(dict);
    v = PyDict_GetItemWithError(dict, key);
    Py_XINCREF(v);
    Py_END_CRITICAL_SECTION();
    return v; // after the END: fine
  }
};
} // namespace ns

// C++: the result variable starts as nullptr; a reference return type is
// left alone.
PyObject *cxx_last(PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  work(d);
  return Py_NewRef(d);
  Py_END_CRITICAL_SECTION();
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
// CHECK-FIXES:      PyObject *cxx_last(PyObject *d) {
// CHECK-FIXES-NEXT:   PyObject *result = nullptr;
// CHECK-FIXES-NEXT:   Py_BEGIN_CRITICAL_SECTION(d);
// CHECK-FIXES-NEXT:   work(d);
// CHECK-FIXES-NEXT:   result = Py_NewRef(d);
// CHECK-FIXES-NEXT:   Py_END_CRITICAL_SECTION();
// CHECK-FIXES-NEXT:   return result;

PyObject *&slot(PyObject *&cell, PyObject *d) {
  Py_BEGIN_CRITICAL_SECTION(d);
  work(d);
  return cell;
  Py_END_CRITICAL_SECTION();
}
// CHECK-MESSAGES: :[[@LINE-3]]:3: warning: 'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION {{.*}}
