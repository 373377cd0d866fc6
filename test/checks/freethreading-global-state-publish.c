// RUN: %check_ft_tidy %s freethreading-global-state %t

// Lazily created constants published once (lib/PublishOnceFix.h), and the
// ones left alone with the reason.

#include <Python.h>

static PyObject *make_key(void) { PyObject *k = PyUnicode_FromString("k"); Py_XINCREF(k); return k; }

PyObject *get_html_id(void) {
  static PyObject *id_html;
  if (id_html == NULL) {
    id_html = PyUnicode_InternFromString("__html__");
    if (id_html == NULL) {
      return NULL;
    }
  }
  return Py_NewRef(id_html);
}

int get_empty(PyObject **out) {
  static PyObject *empty = NULL;
  if (!empty) {
    empty = PyTuple_New(0);
    if (!empty)
      goto fail;
  }
  *out = Py_NewRef(empty);
  return 0;
fail:
  return -1;
}

PyObject *get_module(void) {
  static PyObject *os_module;
  if (os_module == NULL)
    os_module = PyImport_ImportModule("os");
  return Py_XNewRef(os_module);
}

// Left alone.

PyObject *user_made(void) {
  static PyObject *key;
  if (key == NULL)
    key = make_key();
  return Py_XNewRef(key);
}

PyObject *filled_later(void) {
  static PyObject *pair;
  if (pair == NULL)
    pair = PyTuple_New(2);
  return Py_XNewRef(pair);
}

static PyObject *cleared;
PyObject *get_cleared(void) {
  if (cleared == NULL)
    cleared = PyUnicode_FromString("c");
  return Py_XNewRef(cleared);
}
void drop_cleared(void) { Py_CLEAR(cleared); }

PyObject *more_work(void) {
  static PyObject *name;
  if (name == NULL) {
    name = PyUnicode_FromString("n");
    Py_XINCREF(name);
  }
  return Py_XNewRef(name);
}

PyObject *with_else(PyObject *fallback) {
  static PyObject *word;
  if (word == NULL)
    word = PyUnicode_FromString("w");
  else
    fallback = word;
  return Py_XNewRef(fallback);
}

const char *describe(void) {
  static PyObject *desc;
  if (desc == NULL) {
    desc = PyUnicode_FromString("d");
    if (desc == NULL) return "none;";
  }
  return "some";
}

static PyObject *dropped;
PyObject *get_dropped(void) {
  if (dropped == NULL)
    dropped = PyUnicode_FromString("d");
  return Py_XNewRef(dropped);
}
void drop(void) { Py_XDECREF(dropped); }

// Every warning and note, in order (absolute lines: the code above does not move).
// CHECK-NOTES: :13:5: warning: write to static local 'id_html' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :7:1: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :11:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :13:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :11:20: note: 'id_html' declared here
// CHECK-NOTES: :13:5: note: fill it eagerly
// CHECK-NOTES: :24:5: warning: write to static local 'empty' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :22:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :24:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :22:20: note: 'empty' declared here
// CHECK-NOTES: :24:5: note: fill it eagerly
// CHECK-NOTES: :37:5: warning: write to static local 'os_module' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :35:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :36:25: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :35:20: note: 'os_module' declared here
// CHECK-NOTES: :37:5: note: fill it eagerly
// CHECK-NOTES: :46:5: warning: write to static local 'key' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :44:20: note: 'key' declared here
// CHECK-NOTES: :46:5: note: fill it eagerly
// CHECK-NOTES: :46:5: note: no automatic fix: 'make_key' is not known to return a new reference to an object complete when it returns
// CHECK-NOTES: :53:5: warning: write to static local 'pair' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :51:20: note: 'pair' declared here
// CHECK-NOTES: :53:5: note: fill it eagerly
// CHECK-NOTES: :53:5: note: no automatic fix: what 'PyTuple_New' returns is filled after the call, unless its arguments are 0
// CHECK-NOTES: :60:5: warning: write to static 'cleared' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :57:18: note: 'cleared' declared here
// CHECK-NOTES: :60:5: note: fill it eagerly
// CHECK-NOTES: :63:36: note: no automatic fix: it is also written or used otherwise here: publishing it once would not cover that
// CHECK-NOTES: :63:36: warning: write to static 'cleared' outside module initialization: shared state that threads race on when the GIL is disabled
// CHECK-NOTES: :57:18: note: 'cleared' declared here
// CHECK-NOTES: :63:36: note: initialize it eagerly
// CHECK-NOTES: :68:5: warning: write to static local 'name' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :66:20: note: 'name' declared here
// CHECK-NOTES: :68:5: note: fill it eagerly
// CHECK-NOTES: :68:5: note: no automatic fix: the fill is not in an 'if' (without else) testing it for NULL whose other statements neither name it nor leave after the fill
// CHECK-NOTES: :77:5: warning: write to static local 'word' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :75:20: note: 'word' declared here
// CHECK-NOTES: :77:5: note: fill it eagerly
// CHECK-NOTES: :77:5: note: no automatic fix: the fill is not in an 'if' (without else) testing it for NULL whose other statements neither name it nor leave after the fill
// CHECK-NOTES: :86:5: warning: write to static local 'desc' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :84:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :86:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :84:20: note: 'desc' declared here
// CHECK-NOTES: :86:5: note: fill it eagerly
// CHECK-NOTES: :95:5: warning: write to static 'dropped' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :92:18: note: 'dropped' declared here
// CHECK-NOTES: :95:5: note: fill it eagerly
// CHECK-NOTES: :98:30: note: no automatic fix: its reference is released here: publishing it once would not keep it alive

// CHECK-FIXES: #include <stdatomic.h>
// CHECK-FIXES: static PyObject *_Atomic id_html;
// CHECK-FIXES-NEXT: if (id_html == NULL) {
// CHECK-FIXES-NEXT:   PyObject *new_id_html = PyUnicode_InternFromString("__html__");
// CHECK-FIXES-NEXT:   if (new_id_html == NULL) {
// CHECK-FIXES-NEXT:     return NULL;
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&id_html, &unset, new_id_html))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_id_html);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES: static PyObject *_Atomic empty = NULL;
// CHECK-FIXES-NEXT: if (!empty) {
// CHECK-FIXES-NEXT:   PyObject *new_empty = PyTuple_New(0);
// CHECK-FIXES-NEXT:   if (new_empty == NULL)
// CHECK-FIXES-NEXT:     goto fail;
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&empty, &unset, new_empty))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_empty);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES: static PyObject *_Atomic os_module;
// CHECK-FIXES-NEXT: if (os_module == NULL) {
// CHECK-FIXES-NEXT:   PyObject *new_os_module = PyImport_ImportModule("os");
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_os_module != NULL && !atomic_compare_exchange_strong(&os_module, &unset, new_os_module))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_os_module);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES: static PyObject *key;
// CHECK-FIXES: static PyObject *pair;
// CHECK-FIXES: static PyObject *cleared;
// CHECK-FIXES: static PyObject *name;
// CHECK-FIXES: static PyObject *word;
// An error check without braces, leaving with a string (its ';' inside).
// CHECK-FIXES:      static PyObject *_Atomic desc;
// CHECK-FIXES-NEXT: if (desc == NULL) {
// CHECK-FIXES-NEXT:   PyObject *new_desc = PyUnicode_FromString("d");
// CHECK-FIXES-NEXT:   if (new_desc == NULL) return "none;";
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&desc, &unset, new_desc))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_desc);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES: static PyObject *dropped;
