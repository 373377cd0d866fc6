// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

#include <Python.h>

static int exec_module(PyObject *m) { return 0; }
static PyMethodDef methods[] = {{NULL, NULL, 0, NULL}};

/* ---- Multi-phase initialization ---------------------------------------- */

// m_slots given positionally; '{0, NULL}' terminator, four-space indent.
static PyModuleDef_Slot multi_slots[] = {
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: module 'multi' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; add a Py_mod_gil slot to 'multi_slots' (declaring Py_MOD_GIL_NOT_USED promises that the module is thread-safe: true only when the other freethreading-* checks report nothing in this file) [freethreading-missing-mod-gil]
    {Py_mod_exec, exec_module},
    {0, NULL}
};
// CHECK-FIXES:      {{^}}static PyModuleDef_Slot multi_slots[] = {{[{]}}{{$}}
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_module},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}

static struct PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "multi", NULL, 0, methods, multi_slots,
};

PyMODINIT_FUNC PyInit_multi(void) { return PyModuleDef_Init(&multi_def); }

// m_slots by designated initializer; '{0}' terminator, two-space indent.
static PyModuleDef_Slot designated_slots[] = {
  {Py_mod_exec, exec_module},
  {0}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'designated' does not declare whether it needs the GIL, {{.*}} add a Py_mod_gil slot to 'designated_slots'
// CHECK-FIXES:      {{^}}static PyModuleDef_Slot designated_slots[] = {{[{]}}{{$}}
// CHECK-FIXES:      {{^}}  {Py_mod_exec, exec_module},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}  {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}  {0}{{$}}

static struct PyModuleDef designated_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "designated",
    .m_size = 0,
    .m_slots = designated_slots,
};

// Tab indentation, '{0, 0}' terminator, m_slots as '&array[0]'.
static PyModuleDef_Slot tab_slots[] = {
	{Py_mod_exec, exec_module},
	{0, 0},
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'tabbed' does not declare
// CHECK-FIXES:      {{^}}static PyModuleDef_Slot tab_slots[] = {{[{]}}{{$}}
// CHECK-FIXES:      {{^}}	{Py_mod_exec, exec_module},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}	{Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}	{0, 0},{{$}}

static struct PyModuleDef tab_def = {
    PyModuleDef_HEAD_INIT, "tabbed", NULL, 0, NULL, &tab_slots[0],
};

// Everything on one line: the slot goes before the terminator on lines of
// its own.
static PyModuleDef_Slot oneline_slots[] = {{Py_mod_exec, exec_module}, {0, NULL}};
// CHECK-MESSAGES: :[[@LINE-1]]:25: warning: module 'oneline' does not declare
// CHECK-FIXES:      {{^}}static PyModuleDef_Slot oneline_slots[] = {{[{][{]}}Py_mod_exec, exec_module},{{[ ]$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}};{{$}}
static struct PyModuleDef oneline_def = {
    PyModuleDef_HEAD_INIT, "oneline", NULL, 0, NULL, oneline_slots,
};

// Fine: declared under '#ifdef Py_GIL_DISABLED'. On the default build the
// preprocessor drops the slot, and the module is still seen as declaring.
static PyModuleDef_Slot ft_guarded_slots[] = {
    {Py_mod_exec, exec_module},
#ifdef Py_GIL_DISABLED
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};
static struct PyModuleDef ft_guarded_def = {
    PyModuleDef_HEAD_INIT, "ft_guarded", NULL, 0, NULL, ft_guarded_slots,
};

// Fine: the maintainer's explicit Py_MOD_GIL_USED under a version guard is
// left exactly as it is.
static PyModuleDef_Slot uses_gil_slots[] = {
#if PY_VERSION_HEX >= 0x030D0000
    {Py_mod_gil, Py_MOD_GIL_USED},
#endif
    {0, NULL}
};
static struct PyModuleDef uses_gil_def = {
    PyModuleDef_HEAD_INIT, "uses_gil", NULL, 0, NULL, uses_gil_slots,
};

// Fine: the other accepted guards.
static PyModuleDef_Slot other_guards_slots[] = {
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
#if defined(Py_GIL_DISABLED) && !defined(SOMETHING_ELSE)
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
#if PY_VERSION_HEX < 0x030D0000
    /* nothing before 3.13 */
#else
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
#ifndef Py_GIL_DISABLED
#elif PY_VERSION_HEX >= 0x030E0000
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};
static struct PyModuleDef other_guards_def = {
    PyModuleDef_HEAD_INIT, "other_guards", NULL, 0, NULL, other_guards_slots,
};

// Fine: one array per build. The default build's array never runs on a
// free-threaded build, where the declaration would matter.
#ifdef Py_GIL_DISABLED
static PyModuleDef_Slot per_build_slots[] = {
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    {0, NULL}
};
#else
static PyModuleDef_Slot per_build_slots[] = {
    {0, NULL}
};
#endif
static struct PyModuleDef per_build_def = {
    PyModuleDef_HEAD_INIT, "per_build", NULL, 0, NULL, per_build_slots,
};

// An unguarded slot does not compile before 3.13: the guard is added, the
// value (Py_MOD_GIL_USED here) is not touched.
static PyModuleDef_Slot unguarded_slots[] = {
    {Py_mod_exec, exec_module},
    {Py_mod_gil, Py_MOD_GIL_USED},
    // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the Py_mod_gil slot is not under '#if PY_VERSION_HEX >= 0x030D0000' (or '#ifdef Py_GIL_DISABLED'): it does not compile before Python 3.13 [freethreading-missing-mod-gil]
    {0, NULL}
};
// CHECK-FIXES:      {{^}}static PyModuleDef_Slot unguarded_slots[] = {{[{]}}{{$}}
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_module},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
static struct PyModuleDef unguarded_def = {
    PyModuleDef_HEAD_INIT, "unguarded", NULL, 0, NULL, unguarded_slots,
};

// An unguarded slot under an unrelated condition is still unguarded.
#define HAVE_EXEC 1
static PyModuleDef_Slot unrelated_slots[] = {
#if HAVE_EXEC || defined(Py_GIL_DISABLED)
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
    // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the Py_mod_gil slot is not under
#endif
    {0, NULL}
};
// CHECK-FIXES:      {{^}}#if HAVE_EXEC || defined(Py_GIL_DISABLED){{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
static struct PyModuleDef unrelated_def = {
    PyModuleDef_HEAD_INIT, "unrelated", NULL, 0, NULL, unrelated_slots,
};

// The '#else' of a guard is the build without the API: not a guard.
static PyModuleDef_Slot else_slots[] = {
#ifdef Py_GIL_DISABLED
    {Py_mod_exec, exec_module},
#else
    {Py_mod_gil, Py_MOD_GIL_USED},
    // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: the Py_mod_gil slot is not under
#endif
    {0, NULL}
};
// CHECK-FIXES:      {{^}}#else{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
static struct PyModuleDef else_def = {
    PyModuleDef_HEAD_INIT, "else_slots", NULL, 0, NULL, else_slots,
};

// Fine: a slot array no PyModuleDef uses is not a module.
static PyModuleDef_Slot unused_slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};

/* ---- Single-phase initialization --------------------------------------- */

static struct PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT, "single", NULL, -1, methods,
};

// Assignment, then 'if (m == NULL) return NULL;'.
PyMODINIT_FUNC PyInit_single(void)
{
    PyObject *m;

    m = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: module 'single' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating it (declaring Py_MOD_GIL_NOT_USED promises that the module is thread-safe: true only when the other freethreading-* checks report nothing in this file) [freethreading-missing-mod-gil]
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "answer", 42) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
// CHECK-FIXES:      {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (PyModule_AddIntConstant(m, "answer", 42) < 0) {{[{]}}{{$}}

// PyModule_Create2 as an initializer, '!module' with a block, two spaces.
PyMODINIT_FUNC PyInit_create2(void) {
  PyObject *module = PyModule_Create2(&single_def, PYTHON_API_VERSION);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: module 'create2' does not declare
  if (!module) {
    return NULL;
  }
  return module;
}
// CHECK-FIXES:      {{^}}  if (!module) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}  PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}  return module;{{$}}

// 'goto error' as the NULL check; a global module variable.
static PyObject *global_module;
PyMODINIT_FUNC PyInit_with_goto(void)
{
    global_module = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: module 'with_goto' does not declare
    if (NULL == global_module)
        goto error;
    return global_module;
error:
    return NULL;
}
// CHECK-FIXES:      {{^}}        goto error;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(global_module, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

// The assignment inside the NULL check.
PyMODINIT_FUNC PyInit_in_condition(void)
{
    PyObject *m;
    if ((m = PyModule_Create(&single_def)) == NULL)
        // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: module 'in_condition' does not declare
        return NULL;
    return m;
}
// CHECK-FIXES:      {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

// No NULL check at all: the call is guarded by 'if (m != NULL)'.
PyMODINIT_FUNC PyInit_unchecked(void)
{
    PyObject *m = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: module 'unchecked' does not declare
    return m;
}
// CHECK-FIXES:      {{^}}    PyObject *m = PyModule_Create(&single_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m != NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

// 'return PyModule_Create(&def);' goes through a variable.
PyMODINIT_FUNC PyInit_returned(void)
{
    return PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: module 'returned' does not declare
}
// CHECK-FIXES:      {{^}}PyMODINIT_FUNC PyInit_returned(void){{$}}
// CHECK-FIXES-NEXT: {{^}}{{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyObject *m = PyModule_Create(&single_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

// 'm' is taken (a parameter of the init function would be odd; a local is
// not): the variable is named 'module'.
PyMODINIT_FUNC PyInit_name_taken(void)
{
    int m = 0;
    (void)m;
    return PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: module 'name_taken' does not declare
}
// CHECK-FIXES:      {{^}}    PyObject *module = PyModule_Create(&single_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (module == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return module;{{$}}

// Legacy Python 2/3 code: the creation in one branch, the NULL check after
// '#endif'. A statement only the free-threaded build compiles lies between
// them; it is passed over, so both builds insert at the same place.
PyMODINIT_FUNC PyInit_legacy(void)
{
    PyObject *m;
#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&single_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: module 'legacy' does not declare
#else
    m = Py_InitModule3("legacy", methods, NULL);
#endif
#ifdef Py_GIL_DISABLED
    (void)0;
#endif
    if (m == NULL)
        return NULL;
    return m;
}
// CHECK-FIXES:      {{^}}    (void)0;{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

// Fine: '#if Py_GIL_DISABLED' (pyconfig.h defines it as 1) is a guard too.
PyMODINIT_FUNC PyInit_declared_if(void)
{
    PyObject *m = PyModule_Create(&single_def);
    if (!m) return NULL;
#if Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}

// Fine: declared under '#ifdef Py_GIL_DISABLED' (not in the default build's
// AST, still seen as declaring).
PyMODINIT_FUNC PyInit_declared(void)
{
    PyObject *m = PyModule_Create(&single_def);
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_USED);
#endif
    return m;
}

// Fine: the combined guard also holds only on free-threaded builds.
PyMODINIT_FUNC PyInit_declared_combined(void)
{
    PyObject *m = PyModule_Create(&single_def);
    if (m == NULL)
        return NULL;
#if defined(Py_GIL_DISABLED) && PY_VERSION_HEX >= 0x030D0000
    if (PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED) < 0) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    return m;
}

// Fine: not an init function (a helper that creates a module is not
// followed into its caller; see the documentation's limits).
PyObject *make_module(void) { return PyModule_Create(&single_def); }
