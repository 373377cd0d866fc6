/* Test-only wrapper used when the suite runs against the installed Python
 * headers (lit --param headers=real): the real Python.h, then the shim that
 * declares the 3.13 API those headers lack. Placed first on the include path
 * so that the shim is part of "the Python headers" exactly as the 3.13
 * declarations are in a real 3.13 installation. */
#ifndef FT_REAL_SHIM_PYTHON_H
#define FT_REAL_SHIM_PYTHON_H
#include_next <Python.h>
#include "ft_test_shim.h"
#endif
