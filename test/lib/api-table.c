// RUN: %check_ft_probe -python=3.13 %s ftprobe-api-table %t
// RUN: %check_ft_probe -check-suffix=PY312 -python=3.12 %s ftprobe-api-table %t

// Every API in lib/CPythonAPI.def is found with the table's facts, whether the
// headers spell it as a function, a macro (3.12: PyWeakref_GET_OBJECT,
// PyCell_GET) or a static inline behind a same-name casting macro (3.13),
// exactly once per use.

#include <Python.h>

void uses(PyObject *list, PyObject *dict, PyObject *key, PyObject *ref,
          PyObject *cell, PyObject *tuple) {
  PyObject *v;
  Py_ssize_t pos = 0;
  PyObject *k;
  v = PyList_GetItem(list, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyList_GetItem' [call] -> 'PyList_GetItemRef' since 3.13 (new reference, NULL with an exception set) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyList_GetItem' [call] -> 'PyList_GetItemRef' since 3.13 (new reference, NULL with an exception set) [ftprobe-api-table]
  v = PyDict_GetItem(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyDict_GetItem' [call] -> 'PyDict_GetItemRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error); swallows errors [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyDict_GetItem' [call] -> 'PyDict_GetItemRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error); swallows errors [ftprobe-api-table]
  v = PyDict_GetItemWithError(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyDict_GetItemWithError' [call] -> 'PyDict_GetItemRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyDict_GetItemWithError' [call] -> 'PyDict_GetItemRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error) [ftprobe-api-table]
  v = PyDict_GetItemString(dict, "k");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyDict_GetItemString' [call] -> 'PyDict_GetItemStringRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error); swallows errors [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyDict_GetItemString' [call] -> 'PyDict_GetItemStringRef' since 3.13 (int: 1 found, 0 missing (*result = NULL), -1 error); swallows errors [ftprobe-api-table]
  v = PyDict_SetDefault(dict, key, Py_None);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyDict_SetDefault' [call] -> 'PyDict_SetDefaultRef' since 3.13 (int: 1 key present, 0 inserted, -1 error; *result is a new reference) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyDict_SetDefault' [call] -> 'PyDict_SetDefaultRef' since 3.13 (int: 1 key present, 0 inserted, -1 error; *result is a new reference) [ftprobe-api-table]
  v = PyWeakref_GetObject(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyWeakref_GetObject' [call] -> 'PyWeakref_GetRef' since 3.13 (int: 1 alive, 0 dead (*pobj = NULL), -1 error); removed in 3.15 [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyWeakref_GetObject' [call] -> 'PyWeakref_GetRef' since 3.13 (int: 1 alive, 0 dead (*pobj = NULL), -1 error); removed in 3.15 [ftprobe-api-table]
  v = PyWeakref_GET_OBJECT(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyWeakref_GET_OBJECT' [macro+call] -> 'PyWeakref_GetRef' since 3.13 (int: 1 alive, 0 dead (*pobj = NULL), -1 error); removed in 3.15 [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyWeakref_GET_OBJECT' [macro] -> 'PyWeakref_GetRef' since 3.13 (int: 1 alive, 0 dead (*pobj = NULL), -1 error); removed in 3.15 [ftprobe-api-table]
  v = PyImport_AddModule("m");
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyImport_AddModule' [call] -> 'PyImport_AddModuleRef' since 3.13 (new reference, NULL with an exception set) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyImport_AddModule' [call] -> 'PyImport_AddModuleRef' since 3.13 (new reference, NULL with an exception set) [ftprobe-api-table]
  v = PyCell_GET(cell);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: borrowed 'PyCell_GET' [macro+call] -> 'PyCell_Get' since all versions (new reference, NULL with an exception set) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: borrowed 'PyCell_GET' [macro] -> 'PyCell_Get' since all versions (new reference, NULL with an exception set) [ftprobe-api-table]
  while (PyDict_Next(dict, &pos, &k, &v)) {
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: borrowed 'PyDict_Next' [call] -> 'none' since all versions (no replacement: hold a critical section on the container) [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:10: warning: borrowed 'PyDict_Next' [call] -> 'none' since all versions (no replacement: hold a critical section on the container) [ftprobe-api-table]
  }
  v = PyTuple_GetItem(tuple, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: safe 'PyTuple_GetItem' [call] [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: safe 'PyTuple_GetItem' [call] [ftprobe-api-table]
  v = PyTuple_GET_ITEM(tuple, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: safe 'PyTuple_GET_ITEM' [macro+call] [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: safe 'PyTuple_GET_ITEM' [macro] [ftprobe-api-table]
  v = PyList_New(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: constructor 'PyList_New' [call] [ftprobe-api-table]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:7: warning: constructor 'PyList_New' [call] [ftprobe-api-table]
  (void)v;
}

// A use written inside another macro's argument is reported where it is
// spelled, once; a project macro around the call is reported at its use.
#define LOOKUP(d, k) PyDict_GetItem(d, k)
void nested(PyObject *dict, PyObject *key, PyObject *ref) {
  Py_XINCREF(PyWeakref_GET_OBJECT(ref));
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: borrowed 'PyWeakref_GET_OBJECT' [macro+call]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:14: warning: borrowed 'PyWeakref_GET_OBJECT' [macro]
  PyObject *v = LOOKUP(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: borrowed 'PyDict_GetItem' [call]
  // CHECK-MESSAGES-PY312: :[[@LINE-2]]:17: warning: borrowed 'PyDict_GetItem' [call]
  (void)v;
}
