// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

// C++ helpers: internal linkage through an anonymous namespace, a reference
// parameter, and what is not followed (templates, lambdas).

#include <Python.h>
#include <string.h>

namespace {
// Internal linkage, called only directly: followed.
char *make_buffer(size_t n) { return static_cast<char *>(PyObject_Malloc(n)); }
// CHECK-NOTES: :[[@LINE-1]]:58: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
// CHECK-NOTES: :[[@LINE-2]]:58: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :[[@LINE+4]]:3: note: FIX-IT applied suggested code changes
// CHECK-FIXES: {{^}}char *make_buffer(size_t n) { return static_cast<char *>(PyMem_Malloc(n)); }{{$}}
// A reference parameter is the caller's storage itself.
void drop_buffer(char *&p) {
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyMem_Free(p);{{$}}
  p = nullptr;
}

template <typename T> void drop_typed(T *p) { PyObject_Free(p); }
} // namespace

void use_buffer() {
  char *b = make_buffer(4);
  b[0] = 0;
  drop_buffer(b);
}

// A template's instantiations are not walked: not followed.
void use_template_helper() {
  char *b = static_cast<char *>(PyObject_Malloc(4));
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+2]]:14: note: no automatic fix: 'b' is passed to 'drop_typed' here, which is a template; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  char *b = static_cast<char *>(PyObject_Malloc(4));{{$}}
  drop_typed(b);
}

namespace {
// The lambda's return is the lambda's, not the helper's.
char *from_lambda() {
  auto make = [] { return static_cast<char *>(PyObject_Malloc(4)); };
  // CHECK-NOTES: :[[@LINE-1]]:47: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE-2]]:20: note: no automatic fix: 'PyObject_Malloc(4)' is returned here; every allocation and release of this memory must move to the PyMem_ functions together
  char *p = make();
  return p;
}
} // namespace

void use_lambda_helper() {
  char *p = from_lambda();
  PyObject_Free(p);
}

// A call in a template found by argument-dependent lookup may be any
// function of that name: a helper of that name is not followed.
template <class T> void drop_all(T *p) { release(p); }
namespace {
struct Blob { char d[16]; };
void release(Blob *p) { PyObject_Free(p); }
} // namespace

void use_release() {
  Blob *b = static_cast<Blob *>(PyObject_Malloc(16));
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:11: note: no automatic fix: 'b' is passed to 'release' here, which is called in a template, whose instantiations ft-tidy does not follow; every allocation and release of this memory must move to the PyMem_ functions together
  release(b);
  Blob *x = static_cast<Blob *>(PyObject_Malloc(16));
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:12: note: no automatic fix: 'x' is passed to 'drop_all' here, which is a template; every allocation and release of this memory must move to the PyMem_ functions together
  drop_all(x);
}

// A default argument gives the parameter memory no call shows.
namespace {
char *buf_default(size_t n) { return static_cast<char *>(PyObject_Malloc(n)); }
// CHECK-NOTES: :[[@LINE-1]]:58: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
// CHECK-NOTES: :[[@LINE+1]]:30: note: no automatic fix: 'buf_default(8)' is stored into 'q' here; every allocation and release of this memory must move to the PyMem_ functions together
void fill_and_drop(char *q = buf_default(8)) { PyObject_Free(q); }
} // namespace

void use_default() {
  fill_and_drop();
  char *b = buf_default(4);
  fill_and_drop(b);
}
