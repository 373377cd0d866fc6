/* result_mismatch (override for the fixed copy): answer() returns 43. Used
 * with --fixed-source in place of ft-tidy's output; against module.c (42) the harness
 * must FAIL on the result comparison while both builds are leak-free. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
answer(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(43);
}

static PyMethodDef result_mismatch_methods[] = {
    {"answer", answer, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef result_mismatch_module = {
    PyModuleDef_HEAD_INIT,
    "result_mismatch",
    NULL,
    -1,
    result_mismatch_methods,
};

PyMODINIT_FUNC
PyInit_result_mismatch(void)
{
    return PyModule_Create(&result_mismatch_module);
}
