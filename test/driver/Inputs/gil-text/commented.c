/* Module 'commented': nothing to fix, and no GIL declaration yet.
 * TODO: declare Py_MOD_GIL_NOT_USED once the review is done. A comment
 * that names the value is not a declaration. */
#include <Python.h>

static const char *plan = "{Py_mod_gil, Py_MOD_GIL_NOT_USED}";

static PyObject *commented_plan(PyObject *self, PyObject *unused) {
  return PyUnicode_FromString(plan);
}

static PyMethodDef commented_methods[] = {
    {"plan", commented_plan, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef commented_module = {
    PyModuleDef_HEAD_INIT, "commented", NULL, -1, commented_methods,
};

PyMODINIT_FUNC PyInit_commented(void) {
  PyObject *m = PyModule_Create(&commented_module);
  if (m == NULL)
    return NULL;
  return m;
}
