#include <Python.h>
int f( {
PyMODINIT_FUNC PyInit_bad(void);
