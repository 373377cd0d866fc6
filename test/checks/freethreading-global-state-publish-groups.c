// RUN: %check_ft_tidy %s freethreading-global-state %t

// Several constants made under one test for NULL, published together
// (lib/PublishOnceFix.h); fills whose other branch only Python 2 compiles;
// and the fills left alone, with the reason.

#include <Python.h>

// Three tested together, with an error check: on failure every object
// made is released before leaving; then each is published.
int open_close(PyObject **out) {
  static PyObject *open_dict = NULL;
  static PyObject *close_dict = NULL;
  static PyObject *empty_dict = NULL;
  if (open_dict == NULL || close_dict == NULL || empty_dict == NULL) {
    open_dict = PyUnicode_InternFromString("{");
    close_dict = PyUnicode_InternFromString("}");
    empty_dict = PyUnicode_InternFromString("{}");
    if (open_dict == NULL || close_dict == NULL || empty_dict == NULL)
      return -1;
  }
  out[0] = open_dict;
  out[1] = close_dict;
  out[2] = empty_dict;
  return 0;
}

// One tested, two filled, no check: the untested one is published first,
// so that a thread finding the tested one set finds the other set too.
int binding(PyObject *b) {
  static PyObject *function_str = NULL;
  static PyObject *classmethod_str = NULL;
  if (!function_str) {
    function_str = PyUnicode_InternFromString("function");
    classmethod_str = PyUnicode_InternFromString("classmethod");
  }
  return b == function_str || b == classmethod_str;
}

// The other branch only Python 2 compiles: dead code, kept as it is.
PyObject *module_name(PyObject *o) {
  static PyObject *module_str = NULL;
  if (!module_str) {
#if PY_MAJOR_VERSION >= 3
    module_str = PyUnicode_InternFromString("__module__");
#else
    module_str = PyString_InternFromString("__module__");
#endif
  }
  return PyObject_GetAttr(o, module_str);
}

PyObject *doc_of(PyObject *o) {
  static PyObject *doc_str = NULL;
#if PY_MAJOR_VERSION < 3
  if (!doc_str)
    doc_str = PyString_InternFromString("__doc__");
#else
  if (!doc_str)
    doc_str = PyUnicode_InternFromString("__doc__");
#endif
  return PyObject_GetAttr(o, doc_str);
}

// Left alone.

// Code a Python 3 build may compile names it.
PyObject *old_three(PyObject *o) {
  static PyObject *name_str = NULL;
  if (!name_str) {
#if PY_VERSION_HEX >= 0x03080000
    name_str = PyUnicode_InternFromString("__name__");
#else
    name_str = PyUnicode_FromString("__name__");
#endif
  }
  return PyObject_GetAttr(o, name_str);
}

// A comment between the statements the fix would rewrite.
int commented(void) {
  static PyObject *first = NULL;
  static PyObject *second = NULL;
  if (first == NULL || second == NULL) {
    first = PyUnicode_FromString("1");
    /* the second one */
    second = PyUnicode_FromString("2");
  }
  return first != NULL;
}

// The test reads a constant this 'if' does not fill.
static PyObject *elsewhere;
int partial(void) {
  static PyObject *mine = NULL;
  if (mine == NULL || elsewhere == NULL) {
    mine = PyUnicode_FromString("m");
  }
  return mine != NULL;
}

// One of the constants filled together is released elsewhere.
static PyObject *kept;
static PyObject *released;
int pair(void) {
  if (kept == NULL) {
    kept = PyUnicode_FromString("k");
    released = PyUnicode_FromString("r");
  }
  return kept != NULL;
}
void drop_pair(void) { Py_XDECREF(released); }

// Every warning and note, in order (absolute lines: the code above does not move).
// CHECK-NOTES: :16:5: warning: write to static local 'open_dict' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :8:1: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :12:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :13:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :14:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :16:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :12:20: note: 'open_dict' declared here
// CHECK-NOTES: :16:5: note: fill it eagerly
// CHECK-NOTES: :17:5: warning: write to static local 'close_dict' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :13:20: note: 'close_dict' declared here
// CHECK-NOTES: :17:5: note: fill it eagerly
// CHECK-NOTES: :17:5: note: the fix offered where 'open_dict' is filled publishes 'close_dict' once too
// CHECK-NOTES: :18:5: warning: write to static local 'empty_dict' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :14:20: note: 'empty_dict' declared here
// CHECK-NOTES: :18:5: note: fill it eagerly
// CHECK-NOTES: :18:5: note: the fix offered where 'open_dict' is filled publishes 'empty_dict' once too
// CHECK-NOTES: :34:5: warning: write to static local 'function_str' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :31:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :32:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :34:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :31:20: note: 'function_str' declared here
// CHECK-NOTES: :34:5: note: fill it eagerly
// CHECK-NOTES: :35:5: warning: write to static local 'classmethod_str' outside module initialization: shared state that threads race on when the GIL is disabled
// CHECK-NOTES: :32:20: note: 'classmethod_str' declared here
// CHECK-NOTES: :35:5: note: initialize it eagerly
// CHECK-NOTES: :35:5: note: the fix offered where 'function_str' is filled publishes 'classmethod_str' once too
// CHECK-NOTES: :45:5: warning: write to static local 'module_str' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :42:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :45:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :42:20: note: 'module_str' declared here
// CHECK-NOTES: :45:5: note: fill it eagerly
// CHECK-NOTES: :60:5: warning: write to static local 'doc_str' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :54:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :59:16: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :54:20: note: 'doc_str' declared here
// CHECK-NOTES: :60:5: note: fill it eagerly
// CHECK-NOTES: :72:5: warning: write to static local 'name_str' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :69:20: note: 'name_str' declared here
// CHECK-NOTES: :72:5: note: fill it eagerly
// CHECK-NOTES: :74:5: note: no automatic fix: code this build does not compile names it here, and cannot be checked
// CHECK-NOTES: :85:5: warning: write to static local 'first' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :82:20: note: 'first' declared here
// CHECK-NOTES: :85:5: note: fill it eagerly
// CHECK-NOTES: :85:5: note: no automatic fix: a comment or a preprocessor directive stands between the statements the fix would rewrite
// CHECK-NOTES: :87:5: warning: write to static local 'second' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :83:20: note: 'second' declared here
// CHECK-NOTES: :87:5: note: fill it eagerly
// CHECK-NOTES: :87:5: note: no automatic fix: a comment or a preprocessor directive stands between the statements the fix would rewrite
// CHECK-NOTES: :97:5: warning: write to static local 'mine' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :95:20: note: 'mine' declared here
// CHECK-NOTES: :97:5: note: fill it eagerly
// CHECK-NOTES: :97:5: note: no automatic fix: the test reads 'elsewhere', which this 'if' does not fill
// CHECK-NOTES: :107:5: warning: write to static 'kept' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :103:18: note: 'kept' declared here
// CHECK-NOTES: :107:5: note: fill it eagerly
// CHECK-NOTES: :112:35: note: no automatic fix: 'released', filled with it: its reference is released here: publishing it once would not keep it alive
// CHECK-NOTES: :108:5: warning: write to static 'released' outside module initialization: shared state that threads race on when the GIL is disabled
// CHECK-NOTES: :104:18: note: 'released' declared here
// CHECK-NOTES: :108:5: note: initialize it eagerly
// CHECK-NOTES: :112:35: note: no automatic fix: its reference is released here: publishing it once would not keep it alive

// CHECK-FIXES: #include <Python.h>
// CHECK-FIXES-NEXT: #include <stdatomic.h>
// CHECK-FIXES:      static PyObject *_Atomic open_dict = NULL;
// CHECK-FIXES-NEXT: static PyObject *_Atomic close_dict = NULL;
// CHECK-FIXES-NEXT: static PyObject *_Atomic empty_dict = NULL;
// CHECK-FIXES-NEXT: if (open_dict == NULL || close_dict == NULL || empty_dict == NULL) {
// CHECK-FIXES-NEXT:   PyObject *new_open_dict = PyUnicode_InternFromString("{");
// CHECK-FIXES-NEXT:   PyObject *new_close_dict = PyUnicode_InternFromString("}");
// CHECK-FIXES-NEXT:   PyObject *new_empty_dict = PyUnicode_InternFromString("{}");
// CHECK-FIXES-NEXT:   if (new_open_dict == NULL || new_close_dict == NULL || new_empty_dict == NULL) {
// CHECK-FIXES-NEXT:     Py_XDECREF(new_open_dict);
// CHECK-FIXES-NEXT:     Py_XDECREF(new_close_dict);
// CHECK-FIXES-NEXT:     Py_XDECREF(new_empty_dict);
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&open_dict, &unset, new_open_dict))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_open_dict);
// CHECK-FIXES-NEXT:   unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&close_dict, &unset, new_close_dict))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_close_dict);
// CHECK-FIXES-NEXT:   unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&empty_dict, &unset, new_empty_dict))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_empty_dict);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES:      static PyObject *_Atomic function_str = NULL;
// CHECK-FIXES-NEXT: static PyObject *_Atomic classmethod_str = NULL;
// CHECK-FIXES-NEXT: if (!function_str) {
// CHECK-FIXES-NEXT:   PyObject *new_function_str = PyUnicode_InternFromString("function");
// CHECK-FIXES-NEXT:   PyObject *new_classmethod_str = PyUnicode_InternFromString("classmethod");
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_classmethod_str != NULL && !atomic_compare_exchange_strong(&classmethod_str, &unset, new_classmethod_str))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_classmethod_str);
// CHECK-FIXES-NEXT:   unset = NULL;
// CHECK-FIXES-NEXT:   if (new_function_str != NULL && !atomic_compare_exchange_strong(&function_str, &unset, new_function_str))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_function_str);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES:      static PyObject *_Atomic module_str = NULL;
// CHECK-FIXES-NEXT: if (!module_str) {
// CHECK-FIXES-NEXT: #if PY_MAJOR_VERSION >= 3
// CHECK-FIXES-NEXT:   PyObject *new_module_str = PyUnicode_InternFromString("__module__");
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_module_str != NULL && !atomic_compare_exchange_strong(&module_str, &unset, new_module_str))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_module_str);
// CHECK-FIXES-NEXT: #else
// CHECK-FIXES-NEXT:   module_str = PyString_InternFromString("__module__");
// CHECK-FIXES-NEXT: #endif
// CHECK-FIXES-NEXT: }
// CHECK-FIXES:      static PyObject *_Atomic doc_str = NULL;
// CHECK-FIXES-NEXT: #if PY_MAJOR_VERSION < 3
// CHECK-FIXES-NEXT: if (!doc_str)
// CHECK-FIXES-NEXT:   doc_str = PyString_InternFromString("__doc__");
// CHECK-FIXES-NEXT: #else
// CHECK-FIXES-NEXT: if (!doc_str) {
// CHECK-FIXES-NEXT:   PyObject *new_doc_str = PyUnicode_InternFromString("__doc__");
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_doc_str != NULL && !atomic_compare_exchange_strong(&doc_str, &unset, new_doc_str))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_doc_str);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES-NEXT: #endif
// CHECK-FIXES:      static PyObject *name_str = NULL;
// CHECK-FIXES:      static PyObject *first = NULL;
// CHECK-FIXES-NEXT: static PyObject *second = NULL;
// CHECK-FIXES:      static PyObject *mine = NULL;
// CHECK-FIXES:      static PyObject *kept;
// CHECK-FIXES-NEXT: static PyObject *released;
