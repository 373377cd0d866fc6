/* Stands for CPython's include directory: PyObject is declared here, so
   this directory and its subdirectories are CPython's headers. Like
   CPython's, the declarations are wrapped in extern "C" in C++. */
#ifndef SCOPE_PYTHON_H
#define SCOPE_PYTHON_H
#ifdef __cplusplus
extern "C" {
#endif
typedef struct _object { long ob_refcnt; } PyObject;
static long python_header_counter;
static inline void python_header_bump(void) { python_header_counter++; }
#include "cpython/detail.h"
#ifdef __cplusplus
}
#endif
#endif
