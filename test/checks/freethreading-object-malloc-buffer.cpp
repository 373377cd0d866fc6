// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t

#include <Python.h>
#include <string.h>

void consume(char *p);

// A member buffer used through implicit 'this': allocated in one member
// function, grown through a temporary in another, freed in the destructor.
class Scratch {
public:
  bool reserve(size_t n) {
    if (!buf_) {
      buf_ = static_cast<char *>(PyObject_Malloc(n));
      // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
      // CHECK-FIXES: {{^}}      buf_ = static_cast<char *>(PyMem_Malloc(n));{{$}}
      return buf_ != nullptr;
    }
    void *tmp = PyObject_Realloc(buf_, n);
    // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: 'PyObject_Realloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Realloc; use PyMem_Realloc for buffers [freethreading-object-malloc-buffer]
    // CHECK-FIXES: {{^}}    void *tmp = PyMem_Realloc(buf_, n);{{$}}
    if (tmp == nullptr)
      return false;
    buf_ = reinterpret_cast<char *>(tmp);
    return true;
  }
  void fill(char c, size_t n) {
    auto put = [&] { memset(buf_, c, n); }; // Writes the bytes only.
    put();
  }
  ~Scratch() {
    PyObject_Free(buf_);
    // CHECK-FIXES: {{^}}    PyMem_Free(buf_);{{$}}
  }

private:
  char *buf_ = nullptr;
};

// Followed through a C++ reference to the field.
struct Holder {
  char *data;
};

void by_reference(Holder &h) {
  char *&ref = h.data;
  ref = static_cast<char *>(PyObject_Calloc(4, 1));
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'PyObject_Calloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Calloc; use PyMem_Calloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-FIXES: {{^}}  ref = static_cast<char *>(PyMem_Calloc(4, 1));{{$}}
  PyObject_Free(h.data);
  // CHECK-FIXES: {{^}}  PyMem_Free(h.data);{{$}}
  h.data = nullptr;
}

// Escapes into a lambda that passes it on: warned, not fixed.
void lambda_escape() {
  char *p = static_cast<char *>(PyObject_Malloc(8));
  // CHECK-MESSAGES: :[[@LINE-1]]:33: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-FIXES: {{^}}  char *p = static_cast<char *>(PyObject_Malloc(8));{{$}}
  auto give = [p] { consume(p); };
  give();
  PyObject_Free(p);
  // CHECK-FIXES: {{^}}  PyObject_Free(p);{{$}}
}

// --- Python objects: not flagged --------------------------------------------

// A C++ struct deriving from PyObject is an object.
struct Derived : PyObject {
  int value;
};

PyObject *make_derived(PyTypeObject *type) {
  auto *d = static_cast<Derived *>(PyObject_Malloc(sizeof(Derived)));
  if (d == nullptr)
    return PyErr_NoMemory();
  d->value = 0;
  return PyObject_Init(d, type);
}

// The type depends on the template argument: decided per instantiation, so
// the pattern is left alone.
template <typename T> T *allocate_object() {
  return static_cast<T *>(PyObject_Malloc(sizeof(T)));
}

PyObject *use_template() { return allocate_object<PyObject>(); }
