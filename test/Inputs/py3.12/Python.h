/* Mock CPython 3.12 Python.h for the ft-tidy lit tests (see ../mockpython/README.md). */
#define FT_MOCK_MINOR 12
#include "../mockpython/Python-impl.h"
