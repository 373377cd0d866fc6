/* Stands for CPython's include directory: PyObject is declared here, so
   this directory and its subdirectories are CPython's headers. */
#ifndef SCOPE_PYTHON_H
#define SCOPE_PYTHON_H
typedef struct _object { long ob_refcnt; } PyObject;
static long python_header_counter;
static inline void python_header_bump(void) { python_header_counter++; }
#include "cpython/detail.h"
#endif
