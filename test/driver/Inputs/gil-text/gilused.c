/* Module 'gilused': declares that it needs the GIL (Py_MOD_GIL_USED). */
#include <Python.h>

static PyMethodDef gilused_methods[] = {
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot gilused_slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef gilused_module = {
    PyModuleDef_HEAD_INIT, "gilused", NULL, 0, gilused_methods, gilused_slots,
};

PyMODINIT_FUNC PyInit_gilused(void) { return PyModuleDef_Init(&gilused_module); }
