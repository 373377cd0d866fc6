// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

// An alias exports a function under another symbol name, which names the
// function's symbol (an asm label here; a mangled name in C++), not always
// its name in the source: in a file that declares one, no function is
// followed.

#include <Python.h>

static void rel(char *p) __asm__("rel_impl");
static void rel(char *p) { PyObject_Free(p); }
void buf_release(char *p) __attribute__((alias("rel_impl")));

static void use_rel(void) {
  char *b = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:7: note: no automatic fix: 'b' is passed to 'rel' here, in a file that declares aliases (another name may export any function); every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  char *b = PyObject_Malloc(8);{{$}}
  rel(b);
}

void entry(void) { use_rel(); }
