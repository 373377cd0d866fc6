#include <Python.h>
namespace ns {
template <typename T> T *get(PyObject *d, PyObject *k) {
  return static_cast<T *>(PyDict_GetItem(d, k));
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: borrowed 'PyDict_GetItem'
}
} // namespace ns
PyObject *use(PyObject *d, PyObject *k) { return ns::get<PyObject>(d, k); }
