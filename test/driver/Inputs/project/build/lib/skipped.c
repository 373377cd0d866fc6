/* Never checked: build/, .tox/ and virtual environments are skipped. */
#include "fixture/compat.h"
int skipped(PyObject *o) {
  Py_BEGIN_CRITICAL_SECTION(o);
  return 1;
  Py_END_CRITICAL_SECTION();
}
