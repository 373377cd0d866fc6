/* The project's header: the critical-section macros before 3.13, and a
 * helper whose finding is published for this file when module.c is checked. */
#ifndef LSP_SECTIONS_H
#define LSP_SECTIONS_H
#include <Python.h>
#ifndef Py_BEGIN_CRITICAL_SECTION
#define Py_BEGIN_CRITICAL_SECTION(op) {
#define Py_END_CRITICAL_SECTION() }
#endif

static inline int lsp_first(PyObject *list) {
  Py_BEGIN_CRITICAL_SECTION(list);
  if (PyList_GET_SIZE(list) == 0)
    return -1;
  Py_END_CRITICAL_SECTION();
  return 0;
}
#endif
