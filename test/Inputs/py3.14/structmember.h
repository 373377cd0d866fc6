/* Mock structmember.h: the T_* and READONLY names live in the mock Python.h. */
#include "Python.h"
