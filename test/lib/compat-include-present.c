// RUN: %check_ft_probe -python=3.12 %s ftprobe-compat-include %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"

// The compat header is already included: no second include.

#include <Python.h>
#include "pythoncapi_compat.h"

PyObject *get(PyObject *dict, PyObject *key) {
  return PyDict_GetItem(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
}
