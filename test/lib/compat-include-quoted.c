// RUN: %check_ft_probe -python=3.12 %s ftprobe-compat-include %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"

// Python.h included with quotes, beside other project headers: the compat
// header joins that block in sorted position, after "Python.h".

#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"
#include <stdio.h>
// CHECK-FIXES: #include "Python.h"
// CHECK-FIXES-NEXT: #include "pythoncapi_compat.h"
// CHECK-FIXES-NEXT: #include "structmember.h"

PyObject *get(PyObject *dict, PyObject *key) {
  return PyDict_GetItem(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
}
