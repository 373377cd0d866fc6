// RUN: %check_ft_tidy -python=3.12 %s freethreading-borrowed-reference,freethreading-unguarded-dict-next %t -- \
// RUN:   -config="{CheckOptions: {CompatHeader: pythoncapi_compat.h}}"

// Two checks fix one file and each fix introduces an API the 3.12 headers
// lack: the compat header is included once. Plain clang-tidy --fix applies
// identical insertions from several diagnostics one after another, so only
// the unit's first fix that needs the header carries it.

#include <Python.h>
PyObject *first(PyObject *l) {
  return Py_NewRef(PyList_GetItem(l, 0));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' returns a borrowed reference {{.*}} [freethreading-borrowed-reference]
}
// CHECK-FIXES: {{^}}#include <Python.h>{{$}}
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: {{^}}#include "pythoncapi_compat.h"{{$}}
// CHECK-FIXES-NEXT: {{^}}PyObject *first(PyObject *l) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}  return PyList_GetItemRef(l, 0);{{$}}

int count(PyObject *d) {
  Py_ssize_t pos = 0;
  PyObject *k, *v;
  int n = 0;
  while (PyDict_Next(d, &pos, &k, &v)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: {{.*}} [freethreading-unguarded-dict-next]
    n++;
  }
  return n;
}
// CHECK-FIXES: {{^}}  Py_BEGIN_CRITICAL_SECTION(d);{{$}}
// CHECK-FIXES-NEXT: {{^}}  while (PyDict_Next(d, &pos, &k, &v)) {{[{]}}{{$}}
