// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

// Memory handed to or returned by the file's own functions. A function with
// internal linkage that is only ever called directly has all its callers in
// this file: its parameter holds what the calls pass, its calls hold what it
// returns, and the rename follows the memory through them.

#include <Python.h>
#include <stdlib.h>
#include <string.h>

// --- Followed through the file's own helpers: one fix renames them all ------

static char *buf_new(size_t n) {
  char *p = PyObject_Malloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+9]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *p = PyMem_Malloc(n);{{$}}
  if (p)
    memset(p, 0, n);
  return p;
}

// Only this file calls it, and only directly: 'p' holds what the calls pass.
static void buf_release(char *p) {
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyMem_Free(p);{{$}}
}

// Reads the bytes: the pointer is neither kept nor freed.
static size_t count_nonzero(const char *p, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    c += p[i] != 0;
  return c;
}

static PyObject *use_helpers(PyObject *self, PyObject *arg) {
  char *b = buf_new(8);
  if (!b)
    return PyErr_NoMemory();
  b[1] = 'x';
  PyObject *r = PyLong_FromSize_t(count_nonzero(b, 8));
  buf_release(b);
  return r;
}

// A field filled by a helper that returns the allocation directly, and freed
// from the call's result of another helper.
typedef struct {
  PyObject_HEAD
  char *data;
} HolderObject;

static void *raw_block(size_t n) {
  return PyObject_Calloc(n, 1);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Calloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Calloc; use PyMem_Calloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:10: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+16]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  return PyMem_Calloc(n, 1);{{$}}
}

static char *take_data(HolderObject *self) {
  char *d = self->data;
  self->data = NULL;
  return d;
}

static int holder_fill(HolderObject *self, size_t n) {
  self->data = raw_block(n);
  return self->data ? 0 : -1;
}

static void holder_dealloc(HolderObject *self) {
  PyObject_Free(take_data(self));
  // CHECK-FIXES: {{^}}  PyMem_Free(take_data(self));{{$}}
  Py_TYPE(self)->tp_free((PyObject *)self);
}

// Recursion: the parameter and the result are the same node for every call.
static char *grow(char *p, size_t n) {
  if (n > 64)
    return p;
  char *q = PyObject_Realloc(p, n * 2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Realloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Realloc; use PyMem_Realloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+5]]:5: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+12]]:13: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+20]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *q = PyMem_Realloc(p, n * 2);{{$}}
  if (!q) {
    PyObject_Free(p);
    // CHECK-FIXES: {{^}}    PyMem_Free(p);{{$}}
    return NULL;
  }
  return grow(q, n * 2);
}

static PyObject *grown(PyObject *self, PyObject *arg) {
  char *p = PyObject_Malloc(2);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-18]]:13: note: the fix-it on this call renames every allocation and release of the same memory
  // CHECK-FIXES: {{^}}  char *p = PyMem_Malloc(2);{{$}}
  if (!p)
    return PyErr_NoMemory();
  char *big = grow(p, 2);
  if (!big)
    return PyErr_NoMemory();
  PyObject_Free(big);
  // CHECK-FIXES: {{^}}  PyMem_Free(big);{{$}}
  Py_RETURN_NONE;
}

// --- The same allocator for objects and for buffers: left alone --------------

typedef struct {
  PyObject_HEAD
  int value;
} TinyObject;

// The memory of this helper becomes an object in one caller: renaming its
// allocation would give that object buffer memory.
static void *shared_alloc(size_t n) { return PyObject_Malloc(n); }

static TinyObject *tiny_new(void) {
  return (TinyObject *)shared_alloc(sizeof(TinyObject));
}

static char *tiny_scratch(void) { return shared_alloc(16); }

// --- Helpers whose callers are not all visible: no fix -------------------------

// External linkage: other files may call it with their own memory.
void ext_release(char *p) { PyObject_Free(p); }

static void to_external(void) {
  char *b = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:15: note: no automatic fix: 'b' is passed to 'ext_release' here, which other files can call; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  char *b = PyObject_Malloc(8);{{$}}
  ext_release(b);
}

// Named other than in a call: called through a pointer where ft-tidy does not
// see the argument.
static void hooked_release(char *p) { PyObject_Free(p); }
static void (*release_hook)(char *) = hooked_release;

static void to_hooked(void) {
  char *b = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:18: note: no automatic fix: 'b' is passed to 'hooked_release' here, whose name is also used other than in a direct call; every allocation and release of this memory must move to the PyMem_ functions together
  hooked_release(b);
}

// A caller passes memory from elsewhere.
static void mixed_release(char *p) { PyObject_Free(p); }

static void to_mixed(void) {
  char *b = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:17: note: no automatic fix: 'p' comes from an expression ft-tidy does not follow here; every allocation and release of this memory must move to the PyMem_ functions together
  mixed_release(b);
  mixed_release(malloc(8));
}

// The result of a helper whose name is used otherwise.
static char *hooked_make(size_t n) { return PyObject_Malloc(n); }
// CHECK-NOTES: :[[@LINE-1]]:45: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
// CHECK-NOTES: :[[@LINE-2]]:38: note: no automatic fix: 'PyObject_Malloc(n)' is returned here from 'hooked_make', whose name is also used other than in a direct call; every allocation and release of this memory must move to the PyMem_ functions together
static char *(*make_hook)(size_t) = hooked_make;

static void from_hooked(void) {
  char *q = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:7: note: no automatic fix: 'q' comes from 'hooked_make' here, whose name is also used other than in a direct call; every allocation and release of this memory must move to the PyMem_ functions together
  PyObject_Free(q);
  q = hooked_make(8);
}

// A variable number of arguments: the parameters do not show every value.
static void var_release(char *p, ...) { PyObject_Free(p); }

static void to_variadic(void) {
  char *b = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:15: note: no automatic fix: 'b' is passed to 'var_release' here, which takes a variable or undeclared number of arguments; every allocation and release of this memory must move to the PyMem_ functions together
  var_release(b, b);
}

// --- Review cases: what flows through an expression ---------------------------

// A struct initialised in braces (designated or not) stores into its field;
// a comma gives its right operand. Both are followed: one fix for all.
struct Holder2 { size_t len; char *buf; };
static int ncalls;
static char *block_new(size_t n) { return PyObject_Malloc(n); }
// CHECK-NOTES: :[[@LINE-1]]:43: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
// CHECK-NOTES: :[[@LINE-2]]:43: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE+7]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE+11]]:3: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE+15]]:3: note: FIX-IT applied suggested code changes
// CHECK-FIXES: {{^}}static char *block_new(size_t n) { return PyMem_Malloc(n); }{{$}}

static void designated(void) {
  struct Holder2 h = {.len = 8, .buf = block_new(8)};
  PyObject_Free(h.buf);
  // CHECK-FIXES: {{^}}  PyMem_Free(h.buf);{{$}}
}
static void positional(void) {
  struct Holder2 h = {8, block_new(8)};
  PyObject_Free(h.buf);
  // CHECK-FIXES: {{^}}  PyMem_Free(h.buf);{{$}}
}
static void counted(void) {
  char *x = (ncalls++, block_new(8));
  PyObject_Free(x);
  // CHECK-FIXES: {{^}}  PyMem_Free(x);{{$}}
}
void use_blocks(void) { designated(); positional(); counted(); }

// A pointer moved into the memory, and a statement expression's value, are
// not followed: the memory they carry is blocked, so nothing is half renamed.
static char *arith_new(size_t n) { return PyObject_Malloc(n); }
// CHECK-NOTES: :[[@LINE-1]]:43: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
// CHECK-NOTES: :[[@LINE+8]]:13: note: no automatic fix: 'arith_new(9)' is stored into 'x' here; every allocation and release of this memory must move to the PyMem_ functions together

static void arith_plain(void) {
  char *b = arith_new(8);
  PyObject_Free(b);
  // CHECK-FIXES: {{^}}  PyObject_Free(b);{{$}}
}
static void with_header(void) {
  char *x = arith_new(9) + 1;
  x[0] = 0;
  PyObject_Free(x - 1);
}
static void stmt_expr(void) {
  char *y = ({ arith_new(8); });
  PyObject_Free(y);
}
void use_arith(void) { arith_plain(); with_header(); stmt_expr(); }
