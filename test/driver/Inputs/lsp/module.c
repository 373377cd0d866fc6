/* The language server's input: a return inside a critical section (a fix,
 * offered as a quick fix), after a comment with two characters of two bytes
 * each in UTF-8 and one UTF-16 unit each; and a module that does not
 * declare Py_mod_gil (the declaration is left to ft-tidy --fix). */
#include "sections.h"

static PyObject *lsp_size(PyObject *self, PyObject *list) {
  Py_BEGIN_CRITICAL_SECTION(list);
  Py_ssize_t n = PyList_GET_SIZE(list);
  /* größe */ return PyLong_FromSsize_t(n);
  Py_END_CRITICAL_SECTION();
}

static PyMethodDef lsp_methods[] = {
    {"size", lsp_size, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef lsp_module = {
    PyModuleDef_HEAD_INIT, "lsp", NULL, -1, lsp_methods,
};

PyMODINIT_FUNC PyInit_lsp(void) {
  PyObject *m = PyModule_Create(&lsp_module);
  if (m == NULL)
    return NULL;
  return m;
}
