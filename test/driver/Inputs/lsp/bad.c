#include <Python.h>
int f( {
