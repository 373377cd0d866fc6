#include <Python.h>

static int broken(void) { return undeclared; }

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "half", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_half(void)
{
    return PyModule_Create(&def);
}
