// RUN: %check_ft_probe %s ftprobe-compat-include %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"
// RUN: %check_ft_probe -check-suffix=PY312 -python=3.12 %s ftprobe-compat-include %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"
// RUN: %check_ft_probe -check-suffix=OFF %s ftprobe-compat-include %t

// With CompatHeader set, a fix that introduces a 3.13 API adds the header
// once per file, after the Python.h include: clang-tidy's IncludeSorter puts
// a quoted header in its own block after the angled ones. With the option empty (the
// default) nothing is inserted.

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
// CHECK-FIXES: #include <Python.h>
// CHECK-FIXES-NEXT: #include <string.h>
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: #include "pythoncapi_compat.h"
// CHECK-FIXES-PY312: #include <Python.h>
// CHECK-FIXES-PY312-NEXT: #include <string.h>
// CHECK-FIXES-PY312-EMPTY:
// CHECK-FIXES-PY312-NEXT: #include "pythoncapi_compat.h"

PyObject *get(PyObject *list, PyObject *dict, PyObject *key) {
  PyObject *a = PyList_GetItem(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyList_GetItem' would become 'PyList_GetItemRef' [ftprobe-compat-include]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:17: warning: 'PyList_GetItem' would become 'PyList_GetItemRef' [ftprobe-compat-include]
  // CHECK-MESSAGES-OFF: :[[@LINE-3]]:17: warning: 'PyList_GetItem' would become 'PyList_GetItemRef' [ftprobe-compat-include]
  PyObject *b = PyDict_GetItem(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:17: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
  // CHECK-MESSAGES-OFF: :[[@LINE-3]]:17: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
  return a ? a : b;
}
