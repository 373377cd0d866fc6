// ReportModules (off by default; ft-tidy sets it) names each init function
// the check finds defined, in a remark at its name, whatever the module
// declares; a declaration alone is not a definition. Off, there is no remark.
// An invalid value is reported and off is used.
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-missing-mod-gil' --quiet \
// RUN:   --config='{CheckOptions: {freethreading-missing-mod-gil.ReportModules: true}}' \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %ft_inputs/compat \
// RUN:   | FileCheck --check-prefix=ON --implicit-check-not=remark: %s
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-missing-mod-gil' --quiet \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %ft_inputs/compat \
// RUN:   | FileCheck --check-prefix=OFF --implicit-check-not=remark: %s
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-missing-mod-gil' --quiet \
// RUN:   --config='{CheckOptions: {freethreading-missing-mod-gil.ReportModules: maybe}}' \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %ft_inputs/compat 2>&1 \
// RUN:   | FileCheck --check-prefix=BAD --implicit-check-not=remark: %s

#include <Python.h>

static struct PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, NULL,
};

PyMODINIT_FUNC PyInit_elsewhere(void);

PyMODINIT_FUNC PyInit_single(void)
// ON: [[@LINE-1]]:16: remark: module 'single' is initialized by 'PyInit_single' [freethreading-missing-mod-gil]
{
    return PyModule_Create(&single_def);
}
// ON: [[@LINE-2]]:12: warning: module 'single' does not declare
// OFF: [[@LINE-3]]:12: warning: module 'single' does not declare
// BAD: warning: invalid value 'maybe' for freethreading-missing-mod-gil.ReportModules; expected 'true' or 'false'; using 'false' [clang-tidy-config]
// BAD: [[@LINE-5]]:12: warning: module 'single' does not declare

static int exec_module(PyObject *m) { return 0; }

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "multi", NULL, 0, NULL, slots,
};

PyMODINIT_FUNC
PyInit__multi(void)
// ON: [[@LINE-1]]:1: remark: module '_multi' is initialized by 'PyInit__multi' [freethreading-missing-mod-gil]
{
    return PyModuleDef_Init(&multi_def);
}
