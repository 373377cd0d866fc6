// Default build, through the runner (diagnostics; nothing is rewritten):
// RUN: %check_ft_tidy -python=3.14 -builds=default -check-suffixes=W %s freethreading-refcount-test %t -- -- -DFT_MOCK_FT_OBJECT_LAYOUT
//
// Free-threaded build with the real object layout, where every ob_refcnt
// access is a compile error: the same warnings (W lines) next to the errors
// (ERR lines). Write-backs have no fix, so the file keeps its errors.
// RUN: rm -rf %t.ft && mkdir -p %t.ft
// RUN: sed -e 's|// *CHECK-.*|//|' %s > %t.ft/ft.c
// RUN: not %clang_tidy --load=%ft_plugin --checks='-*,freethreading-refcount-test' --quiet %t.ft/ft.c -- -x c -std=c11 -I %ft_inputs/py3.14 -DPy_GIL_DISABLED -DFT_MOCK_FT_OBJECT_LAYOUT > %t.ft/out.txt 2>&1
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES-W --implicit-check-not='warning:' --input-file=%t.ft/out.txt
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES-ERR --implicit-check-not='error:' --input-file=%t.ft/out.txt

#include <Python.h>

static void written_back(PyObject *x, Py_ssize_t k) {
  Py_SET_REFCNT(x, x->ob_refcnt + 1);
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:23: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:3: warning: reference count set from arithmetic on a count{{.*}}; use Py_INCREF()
  Py_SET_REFCNT(x, Py_REFCNT(x) - k);
  // CHECK-MESSAGES-W: :[[@LINE-1]]:3: warning: reference count set from arithmetic on a count{{.*}}; use Py_DECREF()
  x->ob_refcnt--;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:6: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:6: warning: direct write to 'ob_refcnt'
  x->ob_refcnt += k;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:6: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:6: warning: direct write to 'ob_refcnt'
  x->ob_refcnt = x->ob_refcnt - 1;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:6: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-ERR: :[[@LINE-2]]:21: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-3]]:6: warning: direct write to 'ob_refcnt'
}
