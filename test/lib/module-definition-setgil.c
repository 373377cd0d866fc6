// RUN: %check_ft_probe -builds=free-threaded %s ftprobe-module-definition %t

// GIL setter calls without their guard (lib/ModuleDefinition): only the
// free-threaded build declares the setter, so only it runs this file.

#include <Python.h>

void declare_late(PyObject *m) {
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: unguarded setter call (fixable) [ftprobe-module-definition]
  (void)PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: unguarded setter call (fixable) [ftprobe-module-definition]
  if (m) PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED); else return;
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: unguarded setter call [ftprobe-module-definition]
#if PY_VERSION_HEX >= 0x030D0000
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: unguarded setter call (fixable) [ftprobe-module-definition]
#endif
#ifdef Py_GIL_DISABLED
  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED);
#endif
}
