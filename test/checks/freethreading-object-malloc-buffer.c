// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

#include <Python.h>
#include <string.h>

void consume(char *p);

// A local buffer: the allocation and its release are renamed together.
static PyObject *local_buffer(PyObject *self, PyObject *arg) {
  char *buf = PyObject_Malloc(16);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:15: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+7]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *buf = PyMem_Malloc(16);{{$}}
  if (buf == NULL)
    return PyErr_NoMemory();
  memset(buf, 'a', 16); // Writes the bytes: does not keep or free the pointer.
  buf[0] = 'b';
  PyObject *res = PyBytes_FromStringAndSize(buf, 16); // Copies the bytes.
  PyObject_Free(buf);
  // CHECK-FIXES: {{^}}  PyMem_Free(buf);{{$}}
  return res;
}

// Calloc, followed through a plain copy into another local.
static PyObject *calloc_copy(PyObject *self, PyObject *arg) {
  int *counts = (int *)PyObject_Calloc(8, sizeof(int));
  // CHECK-NOTES: :[[@LINE-1]]:24: warning: 'PyObject_Calloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Calloc; use PyMem_Calloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:24: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+7]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  int *counts = (int *)PyMem_Calloc(8, sizeof(int));{{$}}
  if (!counts)
    return PyErr_NoMemory();
  int *alias = counts;
  alias[1] = 2;
  long total = counts[0] + counts[1];
  PyObject_Free(alias);
  // CHECK-FIXES: {{^}}  PyMem_Free(alias);{{$}}
  return PyLong_FromLong(total);
}

// A struct field: allocated in one function, grown through a temporary in a
// second and freed in a third; any base expression of the type is the same
// storage.
typedef struct {
  PyObject_HEAD
  char *data;
  Py_ssize_t size;
} BufferObject;

static int buffer_init(BufferObject *self, Py_ssize_t n) {
  self->data = PyObject_Malloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+10]]:15: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+22]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  self->data = PyMem_Malloc(n);{{$}}
  if (self->data == NULL)
    return -1;
  self->size = n;
  return 0;
}

static int buffer_grow(BufferObject *self, Py_ssize_t n) {
  char *tmp = PyObject_Realloc(self->data, n);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'PyObject_Realloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Realloc; use PyMem_Realloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-15]]:16: note: the fix-it on this call renames every allocation and release of the same memory
  // CHECK-FIXES: {{^}}  char *tmp = PyMem_Realloc(self->data, n);{{$}}
  if (tmp == NULL)
    return -1;
  self->data = tmp;
  self->size = n;
  return 0;
}

static void buffer_dealloc(BufferObject *self) {
  BufferObject *other = self;
  PyObject_Free(other->data);
  // CHECK-FIXES: {{^}}  PyMem_Free(other->data);{{$}}
  other->data = NULL;
  PyObject_Free(self); // The object itself: not part of the buffer's storage.
  // CHECK-FIXES: {{^}}  PyObject_Free(self); // The object itself
}

// A field of a global struct variable.
static struct {
  char *text;
} cache;

static void cache_fill(void) {
  cache.text = PyObject_MALLOC(32);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:16: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+5]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  cache.text = PyMem_Malloc(32);{{$}}
}

static void cache_clear(void) {
  PyObject_FREE(cache.text);
  // CHECK-FIXES: {{^}}  PyMem_Free(cache.text);{{$}}
  cache.text = NULL;
}

// Today's mismatch: allocated in the object domain, freed with PyMem_Free.
// Renaming the allocation makes the pair consistent.
static void mismatch_today(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *p = PyMem_Malloc(8);{{$}}
  PyMem_Free(p);
}

// Realloc from NULL is an allocation too.
static void realloc_from_null(void) {
  char *p = NULL;
  p = PyObject_Realloc(p, 4);
  // CHECK-NOTES: :[[@LINE-1]]:7: warning: 'PyObject_Realloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Realloc; use PyMem_Realloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:7: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+2]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  p = PyMem_Realloc(p, 4);{{$}}
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyMem_Free(p);{{$}}
}

// --- Python objects: not flagged --------------------------------------------

static PyObject *new_object(PyTypeObject *type) {
  // Cast to a struct that starts with PyObject_HEAD.
  BufferObject *op = (BufferObject *)PyObject_Malloc(sizeof(BufferObject));
  if (op == NULL)
    return PyErr_NoMemory();
  op->data = NULL;
  return PyObject_Init((PyObject *)op, type);
}

static PyObject *init_raw(PyTypeObject *type) {
  // Passed to PyObject_Init.
  void *mem = PyObject_Malloc(type->tp_basicsize);
  if (mem == NULL)
    return PyErr_NoMemory();
  return PyObject_Init(mem, type);
}

static PyObject *var_alloc(PyTypeObject *type, Py_ssize_t n) {
  // A tp_alloc-style allocator.
  char *mem = PyObject_Calloc(1, type->tp_basicsize + n);
  return (PyObject *)mem;
}

static void *(*alloc_hook)(size_t) = PyObject_Malloc; // Not a call.
static freefunc free_hook = PyObject_Free;           // Not a call.

// --- Buffers whose rename is not provably complete: no fix --------------------

static void passed_on(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+3]]:13: note: no automatic fix: 'p' is passed to 'consume' here; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  char *p = PyObject_Malloc(8);{{$}}
  if (p)
    consume(p);
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyObject_Free(p);{{$}}
}

static char *returned(size_t n) {
  char *p = PyObject_Malloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:3: note: no automatic fix: 'p' is returned here; every allocation and release of this memory must move to the PyMem_ functions together
  return p;
}

static char *slots[4];

static void stored_elsewhere(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:12: note: no automatic fix: 'p' is stored into 'slots[0]' here; every allocation and release of this memory must move to the PyMem_ functions together
  slots[0] = p;
}

static void address_taken(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:8: note: no automatic fix: the address of 'p' is taken here; every allocation and release of this memory must move to the PyMem_ functions together
  char **pp;
  pp = &p;
  PyObject_Free(*pp);
}

static void leaked(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: no automatic fix: no PyObject_Free or PyMem_Free of this memory was found in this translation unit; every allocation and release of this memory must move to the PyMem_ functions together
  p[0] = 0;
}

#define RELEASE(x) PyObject_Free(x)

static void released_in_macro(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:3: note: no automatic fix: 'PyObject_Free' is spelled inside macro 'RELEASE'; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  char *p = PyObject_Malloc(8);{{$}}
  RELEASE(p);
}

char *shared_buffer; // External linkage: other files may release it.

static void fill_shared(void) {
  shared_buffer = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:19: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-5]]:7: note: no automatic fix: 'shared_buffer' is visible to other files, which may release it; every allocation and release of this memory must move to the PyMem_ functions together
  PyObject_Free(shared_buffer);
  // CHECK-FIXES: {{^}}  PyObject_Free(shared_buffer);{{$}}
}

static void from_a_parameter(char *given) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-3]]:36: note: no automatic fix: 'given' is a parameter: its value comes from the callers; every allocation and release of this memory must move to the PyMem_ functions together
  if (!p)
    p = given;
  PyObject_Free(p);
}

union Either { char *text; void *raw; };
static void in_union(union Either *e) {
  e->text = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-4]]:22: note: no automatic fix: 'text' is a member of a union, whose other members alias it; every allocation and release of this memory must move to the PyMem_ functions together
  PyObject_Free(e->raw);
  // CHECK-FIXES: {{^}}  PyObject_Free(e->raw);{{$}}
}

static void conditional(int c, char *other) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:15: note: no automatic fix: 'p' is selected by a conditional expression here; every allocation and release of this memory must move to the PyMem_ functions together
  consume(c ? p : other);
  PyObject_Free(p);
}

// A release written as a macro argument is renamed where it is spelled.
#define CALL1(f, x) f(x)

static void macro_argument(void) {
  char *p = PyObject_Malloc(8);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:13: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+2]]:9: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *p = PyMem_Malloc(8);{{$}}
  CALL1(PyObject_Free, p);
  // CHECK-FIXES: {{^}}  CALL1(PyMem_Free, p);{{$}}
}

// The same field name in two struct types is two storages: 'left.buf' is
// renamed, 'right.buf' (which escapes) is not.
struct Left { char *buf; };
struct Right { char *buf; };

static void two_types(struct Left *l, struct Right *r) {
  l->buf = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:12: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+6]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  l->buf = PyMem_Malloc(4);{{$}}
  r->buf = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+4]]:11: note: no automatic fix: 'r->buf' is passed to 'consume' here; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  r->buf = PyObject_Malloc(4);{{$}}
  PyObject_Free(l->buf);
  // CHECK-FIXES: {{^}}  PyMem_Free(l->buf);{{$}}
  consume(r->buf);
  PyObject_Free(r->buf);
  // CHECK-FIXES: {{^}}  PyObject_Free(r->buf);{{$}}
}
