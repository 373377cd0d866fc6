#include <Python.h>
PyObject *f(PyObject *d, PyObject *k) {
#ifdef Py_GIL_DISABLED
  return PyDict_GetItemWithError(d, k);
#else
  return PyDict_GetItem(d, k);
#endif
  // CHECK-MESSAGES: :{{[46]}}:10: warning: borrowed {{.*}}
}
