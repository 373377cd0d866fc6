/* Mock CPython 3.13 Python.h for the ft-tidy lit tests (see ../mockpython/README.md). */
#define FT_MOCK_MINOR 13
#include "../mockpython/Python-impl.h"
