/* The module every fixture project builds (build-config.test copies it into
 * each): it has no finding of the checks, so that the build configuration
 * alone decides its verdict. Its Py_mod_gil slot is left out where the
 * limited API is used (the slot is not in the limited API before 3.13). */
#include <Python.h>

static PyObject *
answer(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(42);
}

static PyMethodDef methods[] = {
    {"answer", answer, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot slots[] = {
#if PY_VERSION_HEX >= 0x030D0000 && !defined(Py_LIMITED_API)
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "fast", NULL, 0, methods, slots,
};

PyMODINIT_FUNC
PyInit_fast(void)
{
    return PyModuleDef_Init(&moduledef);
}
