#include "fixture/shared.h"

int fixture_helper(PyObject *list, PyObject **items, int n) {
  for (int i = 0; i < n; i++) {
    if (fixture_append(list, items[i]) < 0)
      return -1;
  }
  return 0;
}
