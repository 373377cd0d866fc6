#include <Python.h>
#ifndef Py_BEGIN_CRITICAL_SECTION
#define Py_BEGIN_CRITICAL_SECTION(op) {
#define Py_END_CRITICAL_SECTION() }
#endif

int good(PyObject *o) {
  Py_BEGIN_CRITICAL_SECTION(o);
  return 1;
  Py_END_CRITICAL_SECTION();
}
