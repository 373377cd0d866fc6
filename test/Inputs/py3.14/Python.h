/* Mock CPython 3.14 Python.h for the ft-tidy lit tests (see ../mockpython/README.md). */
#define FT_MOCK_MINOR 14
#include "../mockpython/Python-impl.h"
