// Default build, through the runner (diagnostics, fixes, fixed file compiles):
// RUN: %check_ft_tidy -python=3.14 -builds=default -check-suffixes=W %s freethreading-refcount-test %t -- -- -DFT_MOCK_FT_OBJECT_LAYOUT
//
// Free-threaded build with the real object layout. The file does not compile
// there, which the runner does not allow for, so the steps are spelled out:
// the same warnings (W lines) plus the compile errors (ERR lines), then the
// fixes applied with -fix-errors, the same fixed text, and the fixed file
// compiling on that build.
// RUN: rm -rf %t.ft && mkdir -p %t.ft
// RUN: sed -e 's|// *CHECK-.*|//|' %s > %t.ft/ft.c
// RUN: not %clang_tidy --load=%ft_plugin --checks='-*,freethreading-refcount-test' --quiet %t.ft/ft.c -- -x c -std=c11 -I %ft_inputs/py3.14 -DPy_GIL_DISABLED -DFT_MOCK_FT_OBJECT_LAYOUT > %t.ft/out.txt 2>&1
// (warnings and errors checked apart: LLVM 19 and 22 order the two kinds
// differently at one location)
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES-W --implicit-check-not='warning:' --input-file=%t.ft/out.txt
// RUN: FileCheck %s --check-prefix=CHECK-MESSAGES-ERR --implicit-check-not='error:' --input-file=%t.ft/out.txt
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-refcount-test' --quiet --fix-errors %t.ft/ft.c -- -x c -std=c11 -I %ft_inputs/py3.14 -DPy_GIL_DISABLED -DFT_MOCK_FT_OBJECT_LAYOUT
// RUN: FileCheck %s --check-prefix=CHECK-FIXES-W --strict-whitespace --input-file=%t.ft/ft.c
// RUN: %llvm_bin/clang -fsyntax-only -Werror -x c -std=c11 -I %ft_inputs/py3.14 -DPy_GIL_DISABLED -DFT_MOCK_FT_OBJECT_LAYOUT %t.ft/ft.c

// The real free-threaded PyObject has no ob_refcnt field (FT_MOCK_FT_OBJECT_LAYOUT
// gives the mock that layout), so on that build every access below is a
// compile error and the AST holds a recovery expression. The check reports
// the same findings as on the default build (the W lines serve both runs),
// and its fixes make the file compile on the free-threaded build again: the
// runner compiles the fixed file with the same flags.

#include <Python.h>

static int unique(PyObject *x) {
  return x->ob_refcnt == 1;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:13: error: no member named 'ob_refcnt' in 'struct _object' [clang-diagnostic-error]
  // CHECK-MESSAGES-W: :[[@LINE-2]]:13: warning: uniqueness test on 'ob_refcnt': on the free-threaded build a reference count of 1 does not prove that no other thread can reach the object; use 'PyUnstable_Object_IsUniquelyReferenced()' (3.14+) [freethreading-refcount-test]
  // CHECK-FIXES-W: return PyUnstable_Object_IsUniquelyReferenced(x);
}

static int shared(PyObject *x) {
  return 1 < ((PyObject *)x)->ob_refcnt;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:31: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:31: warning: uniqueness test on 'ob_refcnt'{{.*}}'!PyUnstable_Object_IsUniquelyReferenced()'
  // CHECK-FIXES-W: return !PyUnstable_Object_IsUniquelyReferenced((PyObject *)x);
}

static Py_ssize_t count(PyObject *x) {
  return x->ob_refcnt;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:13: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:13: warning: direct read of 'ob_refcnt'
  // CHECK-FIXES-W: return Py_REFCNT(x);
}

static int many(PyObject *x) {
  return x->ob_refcnt > 2;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:13: error: no member named 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-2]]:13: warning: direct read of 'ob_refcnt'
  // CHECK-MESSAGES-W: :[[@LINE-3]]:13: warning: reference count compared with 2
  // CHECK-FIXES-W: return Py_REFCNT(x) > 2;
}

// A stored field read: one finding, and the fix removes the field.
static int stored(PyObject *x) {
  Py_ssize_t n = x->ob_refcnt;
  // CHECK-MESSAGES-ERR: :[[@LINE-1]]:21: error: no member named 'ob_refcnt'
  return n == 1;
  // CHECK-MESSAGES-W: :[[@LINE-1]]:10: warning: uniqueness test on 'n', a reference count read earlier
}
// CHECK-FIXES-W: static int stored(PyObject *x) {
// CHECK-FIXES-W-NEXT: //
// CHECK-FIXES-W-NEXT: return PyUnstable_Object_IsUniquelyReferenced(x);
