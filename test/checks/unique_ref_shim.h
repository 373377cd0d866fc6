/* A project's own backport of the 3.14 uniqueness test, as the
 * freethreading-refcount-test tests' CompatHeader. Declarations only (the
 * lit tests never link). */
#ifndef UNIQUE_REF_SHIM_H
#define UNIQUE_REF_SHIM_H
#include <Python.h>
#if PY_VERSION_HEX < 0x030E0000
int PyUnstable_Object_IsUniquelyReferenced(PyObject *op);
#endif
#endif
