/* An old vendored compatibility header, for the tests: it backports a few
 * APIs with the borrowed calls they replace, and predates PyDict_GetItemRef
 * and PyList_GetItemRef. Checks leave a file of this name alone. */
#ifndef FT_TEST_VENDORED_COMPAT_H
#define FT_TEST_VENDORED_COMPAT_H

#include <Python.h>

static inline PyObject *compat_lookup_var(PyObject *locals, PyObject *name) {
  PyObject *value = PyDict_GetItemWithError(locals, name);
  if (value == NULL)
    return NULL;
  return Py_NewRef(value);
}

#if PY_VERSION_HEX < 0x030D0000
static inline PyObject *PyImport_AddModuleRef(const char *name) {
  return Py_XNewRef(PyImport_AddModule(name));
}
#endif

#endif
