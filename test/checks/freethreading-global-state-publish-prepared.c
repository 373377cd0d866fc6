// RUN: %check_ft_tidy %s freethreading-global-state %t

// A lazily created constant made with statements that prepare the call's
// arguments and release them (lib/PublishOnceFix.h, readPrepared): the fill
// and its error test are rewritten where they are, the statements between
// stay; and the blocks left alone, with the reason.

#include <Python.h>

int is_frozen(PyObject *self) {
  static PyObject *frozen = NULL;
  if (frozen == NULL) {
    PyObject *module;
    if ((module = PyImport_ImportModule("os")) == NULL)
      return -1;
    frozen = PyObject_GetAttrString(module, "sep");
    Py_DECREF(module);
    if (frozen == NULL)
      return -1;
  }
  return PyObject_RichCompareBool(self, frozen, Py_EQ);
}

PyObject *named(void) {
  static PyObject *name = NULL;
  if (name == NULL) {
    name = PyUnicode_FromString("n");
    PyErr_Clear();
  }
  return Py_XNewRef(name);
}

// Left alone.

// A statement between the fill and the error test may leave: the object
// made would be lost.
PyObject *leaves_between(PyObject *arg) {
  static PyObject *made = NULL;
  if (made == NULL) {
    made = PyUnicode_FromString("m");
    if (arg == NULL)
      return NULL;
    if (made == NULL)
      return NULL;
  }
  return Py_NewRef(made);
}

// A statement before the fill reads the constant.
PyObject *reads_before(void) {
  static PyObject *seen = NULL;
  if (seen == NULL) {
    PyObject *old = seen;
    seen = PyUnicode_FromString("s");
    (void)old;
  }
  return Py_XNewRef(seen);
}

// Every warning and note, in order (absolute lines: the code above does not move).
// CHECK-NOTES: :16:5: warning: write to static local 'frozen' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :9:1: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :11:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :16:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :18:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :11:20: note: 'frozen' declared here
// CHECK-NOTES: :16:5: note: fill it eagerly
// CHECK-NOTES: :27:5: warning: write to static local 'name' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :25:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :27:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :25:20: note: 'name' declared here
// CHECK-NOTES: :27:5: note: fill it eagerly
// CHECK-NOTES: :40:5: warning: write to static local 'made' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :38:20: note: 'made' declared here
// CHECK-NOTES: :40:5: note: fill it eagerly
// CHECK-NOTES: :40:5: note: no automatic fix: the fill is not in an 'if' (without else) testing it for NULL whose other statements neither name it nor leave after the fill
// CHECK-NOTES: :54:5: warning: write to static local 'seen' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :51:20: note: 'seen' declared here
// CHECK-NOTES: :54:5: note: fill it eagerly
// CHECK-NOTES: :54:5: note: no automatic fix: the fill is not in an 'if' (without else) testing it for NULL whose other statements neither name it nor leave after the fill

// CHECK-FIXES: #include <Python.h>
// CHECK-FIXES-NEXT: #include <stdatomic.h>
// CHECK-FIXES:      static PyObject *_Atomic frozen = NULL;
// CHECK-FIXES-NEXT: if (frozen == NULL) {
// CHECK-FIXES-NEXT:   PyObject *module;
// CHECK-FIXES-NEXT:   if ((module = PyImport_ImportModule("os")) == NULL)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   PyObject *new_frozen = PyObject_GetAttrString(module, "sep");
// CHECK-FIXES-NEXT:   Py_DECREF(module);
// CHECK-FIXES-NEXT:   if (new_frozen == NULL)
// CHECK-FIXES-NEXT:     return -1;
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (!atomic_compare_exchange_strong(&frozen, &unset, new_frozen))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_frozen);
// CHECK-FIXES-NEXT: }
// CHECK-FIXES:      static PyObject *_Atomic name = NULL;
// CHECK-FIXES-NEXT: if (name == NULL) {
// CHECK-FIXES-NEXT:   PyObject *new_name = PyUnicode_FromString("n");
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_name != NULL && !atomic_compare_exchange_strong(&name, &unset, new_name))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_name);
// CHECK-FIXES-NEXT:   PyErr_Clear();
// CHECK-FIXES-NEXT: }
// CHECK-FIXES:      static PyObject *made = NULL;
// CHECK-FIXES:      static PyObject *seen = NULL;

// An object made by Python code (a method call's result), through a module
// imported just before and released after, with no error test.
PyObject *sort_key(void) {
  static PyObject *itemgetter0 = NULL;
  if (!itemgetter0) {
    PyObject *operator_module = PyImport_ImportModule("operator");
    if (!operator_module)
      return NULL;
    itemgetter0 = PyObject_CallMethod(operator_module, "itemgetter", "i", 0);
    Py_DECREF(operator_module);
  }
  return Py_XNewRef(itemgetter0);
}

// CHECK-NOTES: :116:5: warning: write to static local 'itemgetter0' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :111:20: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :116:5: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :111:20: note: 'itemgetter0' declared here
// CHECK-NOTES: :116:5: note: fill it eagerly
// CHECK-FIXES:      static PyObject *_Atomic itemgetter0 = NULL;
// CHECK-FIXES-NEXT: if (!itemgetter0) {
// CHECK-FIXES-NEXT:   PyObject *operator_module = PyImport_ImportModule("operator");
// CHECK-FIXES-NEXT:   if (!operator_module)
// CHECK-FIXES-NEXT:     return NULL;
// CHECK-FIXES-NEXT:   PyObject *new_itemgetter0 = PyObject_CallMethod(operator_module, "itemgetter", "i", 0);
// CHECK-FIXES-NEXT:   PyObject *unset = NULL;
// CHECK-FIXES-NEXT:   if (new_itemgetter0 != NULL && !atomic_compare_exchange_strong(&itemgetter0, &unset, new_itemgetter0))
// CHECK-FIXES-NEXT:     Py_XDECREF(new_itemgetter0);
// CHECK-FIXES-NEXT:   Py_DECREF(operator_module);
// CHECK-FIXES-NEXT: }

// Made by a helper of the unit that returns what a constructor returned,
// and filled in two places: each fill is published once.
static PyObject *load(const char *module_name, const char *name) {
  PyObject *module;
  PyObject *object;
  module = PyImport_ImportModule(module_name);
  if (!module)
    return NULL;
  object = PyObject_GetAttrString(module, name);
  Py_DECREF(module);
  return object;
}

static PyObject *error_type;
void raise_error(int code) {
  switch (code) {
  case 1:
    if (!error_type)
      error_type = load("os", "error");
    PyErr_SetString(error_type, "one");
    break;
  default:
    if (!error_type)
      error_type = load("os", "error");
    PyErr_SetString(error_type, "other");
  }
}

// A helper that hands out a reference it keeps is not one.
static PyObject *kept_type;
static PyObject *borrowed(void) { return kept_type; }
PyObject *get_kept(void) {
  static PyObject *mine = NULL;
  if (mine == NULL)
    mine = borrowed();
  return Py_XNewRef(mine);
}

// CHECK-NOTES: :157:7: warning: write to static 'error_type' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :152:18: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :156:21: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :161:21: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :152:18: note: 'error_type' declared here
// CHECK-NOTES: :157:7: note: fill it eagerly
// CHECK-NOTES: :162:7: warning: write to static 'error_type' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :152:18: note: 'error_type' declared here
// CHECK-NOTES: :162:7: note: fill it eagerly
// CHECK-NOTES: :162:7: note: the fix offered at the first fill of 'error_type' publishes this fill once too
// CHECK-NOTES: :173:5: warning: write to static local 'mine' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :171:20: note: 'mine' declared here
// CHECK-NOTES: :173:5: note: fill it eagerly
// CHECK-NOTES: :173:5: note: no automatic fix: 'borrowed' is not known to return a new reference to an object complete when it returns
// CHECK-FIXES:      static PyObject *_Atomic error_type;
// CHECK-FIXES:      case 1:
// CHECK-FIXES-NEXT:   if (!error_type) {
// CHECK-FIXES-NEXT:     PyObject *new_error_type = load("os", "error");
// CHECK-FIXES-NEXT:     PyObject *unset = NULL;
// CHECK-FIXES-NEXT:     if (new_error_type != NULL && !atomic_compare_exchange_strong(&error_type, &unset, new_error_type))
// CHECK-FIXES-NEXT:       Py_XDECREF(new_error_type);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   PyErr_SetString(error_type, "one");
// CHECK-FIXES:      default:
// CHECK-FIXES-NEXT:   if (!error_type) {
// CHECK-FIXES-NEXT:     PyObject *new_error_type = load("os", "error");
// CHECK-FIXES-NEXT:     PyObject *unset = NULL;
// CHECK-FIXES-NEXT:     if (new_error_type != NULL && !atomic_compare_exchange_strong(&error_type, &unset, new_error_type))
// CHECK-FIXES-NEXT:       Py_XDECREF(new_error_type);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES-NEXT:   PyErr_SetString(error_type, "other");
// CHECK-FIXES:      static PyObject *mine = NULL;

// A lazily computed integer: a note, no fix.
int debug_enabled(void) {
  static int enabled = -1;
  if (enabled == -1)
    enabled = 0;
  return enabled;
}

// CHECK-NOTES: :214:5: warning: write to static local 'enabled' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :212:14: note: 'enabled' declared here
// CHECK-NOTES: :214:5: note: fill it eagerly
// CHECK-NOTES: :214:5: note: no automatic fix: a lazily computed integer is not an object to publish: if computing it again gives the same value, declare it _Atomic (racing threads each store that value), else compute it once in module initialization
// CHECK-FIXES: static int enabled = -1;

// Set to NULL while the module is initialized: not another write.
static PyObject *init_reset;
PyObject *get_reset(void) {
  if (init_reset == NULL)
    init_reset = PyUnicode_FromString("r");
  return Py_XNewRef(init_reset);
}
static struct PyModuleDef reset_module = {PyModuleDef_HEAD_INIT, "reset", NULL, -1, NULL};
PyMODINIT_FUNC PyInit_reset(void) {
  init_reset = NULL;
  return PyModule_Create(&reset_module);
}

// CHECK-NOTES: :228:5: warning: write to static 'init_reset' outside module initialization: a lazily filled cache that threads race on when the GIL is disabled
// CHECK-NOTES: :225:18: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :227:26: note: FIX-IT applied suggested code changes
// CHECK-NOTES: :225:18: note: 'init_reset' declared here
// CHECK-NOTES: :228:5: note: fill it eagerly
// CHECK-FIXES:      static PyObject *_Atomic init_reset;
// CHECK-FIXES-NEXT: PyObject *get_reset(void) {
// CHECK-FIXES-NEXT:   if (init_reset == NULL) {
// CHECK-FIXES-NEXT:     PyObject *new_init_reset = PyUnicode_FromString("r");
// CHECK-FIXES-NEXT:     PyObject *unset = NULL;
// CHECK-FIXES-NEXT:     if (new_init_reset != NULL && !atomic_compare_exchange_strong(&init_reset, &unset, new_init_reset))
// CHECK-FIXES-NEXT:       Py_XDECREF(new_init_reset);
// CHECK-FIXES-NEXT:   }
// CHECK-FIXES:        init_reset = NULL;
