/* Module 'blocked': a critical-section exit with no fix-it stays, so --fix
 * must not declare Py_MOD_GIL_NOT_USED (unless --declare-anyway). */
#include "sections.h"

static PyObject *blocked_drain(PyObject *self, PyObject *list) {
  while (PyList_GET_SIZE(list) > 0) {
    Py_BEGIN_CRITICAL_SECTION(list);
    if (PyList_SetSlice(list, 0, 1, NULL) < 0)
      break;
    Py_END_CRITICAL_SECTION();
  }
  Py_RETURN_NONE;
}

static PyMethodDef blocked_methods[] = {
    {"drain", blocked_drain, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot blocked_slots[] = {
    {0, NULL},
};

static struct PyModuleDef blocked_module = {
    PyModuleDef_HEAD_INIT, "blocked", NULL, 0, blocked_methods, blocked_slots,
};

PyMODINIT_FUNC PyInit_blocked(void) {
  return PyModuleDef_Init(&blocked_module);
}
