/* Mock CPython 3.15 Python.h for the ft-tidy lit tests (see ../mockpython/README.md). */
#define FT_MOCK_MINOR 15
#include "../mockpython/Python-impl.h"
