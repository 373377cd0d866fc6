/* Not a module: called from PyInit_commented() of commented.c, which
 * "PyInit_helper(" in a string does not change either. */
#include <Python.h>

const char *helper_name = "PyInit_helper(";

int helper_twice(int x) { return 2 * x; }
