// RUN: %check_ft_tidy -python=3.12 %s freethreading-refcount-test,freethreading-unguarded-dict-next %t -- \
// RUN:   -config="{CheckOptions: {CompatHeader: project_compat.h}}"

// Two checks whose fixes need one compatibility header on 3.12: the first
// fix in the unit carries the include, and the later fix of the other check
// is still made (it is told the header is on its way, not that the API is
// unavailable), with the include added once.

#include <Python.h>
// CHECK-FIXES: {{^}}#include <Python.h>{{$}}
// CHECK-FIXES-EMPTY:
// CHECK-FIXES-NEXT: {{^}}#include "project_compat.h"{{$}}

static int unique(PyObject *x) {
  return Py_REFCNT(x) == 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: uniqueness test on 'Py_REFCNT()'{{.*}} [freethreading-refcount-test]
  // CHECK-FIXES: {{^}}  return PyUnstable_Object_IsUniquelyReferenced(x);{{$}}
}

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
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    n++;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}  Py_END_CRITICAL_SECTION();{{$}}
// CHECK-FIXES-NEXT: {{^}}  return n;{{$}}
