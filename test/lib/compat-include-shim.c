// RUN: %check_ft_probe -python=3.12 %s ftprobe-compat-include %t -- -config="{CheckOptions: {CompatHeader: 'pythoncapi_compat.h'}}"

// The project has its own definitions of the replacements (a macro, a static
// inline backport, written for versions before 3.13): the compat header is
// not added next to them.

#include <Python.h>

#define PyDict_GetItemRef ft_own_dict_get_item_ref
int ft_own_dict_get_item_ref(PyObject *p, PyObject *key, PyObject **result);

#if PY_VERSION_HEX < 0x030D0000
static inline PyObject *PyList_GetItemRef(PyObject *list, Py_ssize_t i) {
  PyObject *item = PyList_GetItem(list, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'PyList_GetItem' would become 'PyList_GetItemRef' [ftprobe-compat-include]
  Py_XINCREF(item);
  return item;
}
#endif

PyObject *get(PyObject *dict, PyObject *key) {
  return PyDict_GetItem(dict, key);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'PyDict_GetItem' would become 'PyDict_GetItemRef' [ftprobe-compat-include]
}
