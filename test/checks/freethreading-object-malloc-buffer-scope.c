// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

// The only object-domain allocation of this file is a call through a
// block-scope declaration of PyObject_Calloc. The check skips its walk over
// the translation unit only when no object allocator can be called; this
// call must still be found.

#include <Python.h>

static void only_calloc(void) {
  void *PyObject_Calloc(size_t nelem, size_t elsize);
  char *p = PyObject_Calloc(4, 1);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Calloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Calloc; use PyMem_Calloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+3]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *p = PyMem_Calloc(4, 1);{{$}}
  p[0] = 'x';
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyMem_Free(p);{{$}}
}
