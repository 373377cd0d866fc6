// RUN: %check_ft_tidy %s freethreading-missing-mod-gil %t

// Single-phase modules created in a static helper whose result
// PyInit_<name> returns: the module is followed into the helper, reported
// once at its creation there, and the fix goes into the helper.

#include <Python.h>

static PyMethodDef methods[] = {{NULL, NULL, 0, NULL}};

static struct PyModuleDef speedups_def = {
    PyModuleDef_HEAD_INIT, "speedups", NULL, -1, methods,
};

/* simplejson 3.19.2: the helper is declared before and defined after the
 * init function; no NULL check follows the creation, which sits in a
 * '#if PY_MAJOR_VERSION >= 3' block. The call is made conditional and goes
 * into the same block. */
static PyObject *moduleinit(void);

PyMODINIT_FUNC
PyInit_speedups(void)
{
    return moduleinit();
}

static PyObject *
moduleinit(void)
{
    PyObject *m;
#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&speedups_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: module 'speedups' does not declare whether it needs the GIL, so importing it re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating it in 'moduleinit' (declaring Py_MOD_GIL_NOT_USED promises that the module is thread-safe: true only when the other freethreading-* checks report nothing in this file) [freethreading-missing-mod-gil]
#else
    m = NULL;
#endif
    PyModule_AddIntConstant(m, "X", 1);
    return m;
}
// CHECK-FIXES:      {{^}}#if PY_MAJOR_VERSION >= 3{{$}}
// CHECK-FIXES-NEXT: {{^}}    m = PyModule_Create(&speedups_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m != NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}#else{{$}}

/* pyrsistent 0.20.0: two-space indentation, a braced NULL check. */
static struct PyModuleDef pvectorc_def = {
    PyModuleDef_HEAD_INIT, "pvectorc", NULL, -1, methods,
};

static PyObject* pvectorc_moduleinit(void) {
  PyObject* m;

  m = PyModule_Create(&pvectorc_def);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: module 'pvectorc' does not declare whether it needs the GIL, {{.*}} after creating it in 'pvectorc_moduleinit' (declaring
  if (m == NULL) {
    return NULL;
  }

  PyModule_AddIntConstant(m, "X", 1);
  return m;
}
// CHECK-FIXES:      {{^}}  if (m == NULL) {{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}  }{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES:      {{^}}  PyModule_AddIntConstant(m, "X", 1);{{$}}

PyMODINIT_FUNC PyInit_pvectorc(void) {
  return pvectorc_moduleinit();
}

/* 'return PyModule_Create(...)' in the helper: rewritten through a variable
 * there. PyInit_ keeps the helper's result in a variable it returns. */
static struct PyModuleDef viavar_def = {
    PyModuleDef_HEAD_INIT, "viavar", NULL, -1, methods,
};

static PyObject *
create_viavar(void)
{
    return PyModule_Create(&viavar_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: module 'viavar' does not declare whether it needs the GIL, {{.*}} after creating it in 'create_viavar' (declaring
}
// CHECK-FIXES:      {{^}}create_viavar(void){{$}}
// CHECK-FIXES-NEXT: {{^}}{{[{]}}{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyObject *m = PyModule_Create(&viavar_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}}{{$}}

PyMODINIT_FUNC
PyInit_viavar(void)
{
    PyObject *module = create_viavar();
    if (module == NULL)
        return NULL;
    if (PyModule_AddIntConstant(module, "X", 1) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}

/* One helper behind two init functions: one report, naming both modules. */
static struct PyModuleDef shared_def = {
    PyModuleDef_HEAD_INIT, "shared", NULL, -1, methods,
};

static PyObject *
make_shared(void)
{
    PyObject *m = PyModule_Create(&shared_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: modules 'shared_a' and 'shared_b' do not declare whether they need the GIL, so importing them re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after creating them in 'make_shared' (declaring
    if (!m)
        goto error;
    return m;
error:
    return NULL;
}
// CHECK-FIXES:      {{^}}    PyObject *m = PyModule_Create(&shared_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (!m){{$}}
// CHECK-FIXES-NEXT: {{^}}        goto error;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

PyMODINIT_FUNC PyInit_shared_a(void) { return make_shared(); }
PyMODINIT_FUNC PyInit_shared_b(void) { return make_shared(); }

/* Two helpers deep: PyInit_ -> init_chain -> build_chain. */
static struct PyModuleDef chain_def = {
    PyModuleDef_HEAD_INIT, "chain", NULL, -1, methods,
};

static PyObject *build_chain(void)
{
    PyObject *m = PyModule_Create2(&chain_def, PYTHON_API_VERSION);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: module 'chain' does not declare whether it needs the GIL, {{.*}} after creating it in 'build_chain' (declaring
    if (m == NULL)
        return NULL;
    return m;
}
// CHECK-FIXES:      {{^}}    PyObject *m = PyModule_Create2(&chain_def, PYTHON_API_VERSION);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}

static PyObject *init_chain(void)
{
    PyObject *m = build_chain();
    if (m == NULL)
        return NULL;
    PyModule_AddIntConstant(m, "X", 1);
    return m;
}

PyMODINIT_FUNC PyInit_chain(void) { return init_chain(); }

/* No fix-it in the helper: 'return PyModule_Create(...)' shares its line
 * (the note is checked in freethreading-missing-mod-gil-nofix.c). */
static struct PyModuleDef oneline_def = {
    PyModuleDef_HEAD_INIT, "oneline", NULL, -1, methods,
};

static PyObject *make_oneline(void) { return PyModule_Create(&oneline_def); }
// CHECK-MESSAGES: :[[@LINE-1]]:46: warning: module 'oneline' does not declare whether it needs the GIL, {{.*}} after creating it in 'make_oneline' (declaring
// CHECK-FIXES: {{^}}static PyObject *make_oneline(void) { return PyModule_Create(&oneline_def); }{{$}}

PyMODINIT_FUNC PyInit_oneline(void) { return make_oneline(); }

/* ---- Left alone ---------------------------------------------------------- */

static struct PyModuleDef quiet_def = {
    PyModuleDef_HEAD_INIT, "quiet", NULL, -1, methods,
};

// Fine: the helper declares, under the guard (absent from the default
// build's AST, present in its text).
static PyObject *make_declared(void)
{
    PyObject *m = PyModule_Create(&quiet_def);
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}

PyMODINIT_FUNC PyInit_declared(void) { return make_declared(); }

// Fine: PyInit_ declares for the module its helper created.
static PyObject *make_undeclared(void)
{
    PyObject *m = PyModule_Create(&quiet_def);
    if (m == NULL)
        return NULL;
    return m;
}

PyMODINIT_FUNC PyInit_declares_after(void)
{
    PyObject *m = make_undeclared();
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return m;
}

// Fine (not seen): the helper is defined in another translation unit. Its
// body cannot be read here, and the translation unit that defines it has no
// PyInit_ calling it, so neither reports.
PyObject *make_elsewhere(void);

PyMODINIT_FUNC PyInit_elsewhere(void) { return make_elsewhere(); }

// An externally visible helper defined here is followed like a static one:
// its body is in this unit, and the module it creates is the one PyInit_
// returns, whoever else calls it.
static struct PyModuleDef extern_def = {
    PyModuleDef_HEAD_INIT, "extern_helper", NULL, -1, methods,
};

PyObject *make_extern(void)
{
    PyObject *m = PyModule_Create(&extern_def);
    // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: module 'extern_helper' does not declare whether it needs the GIL, {{.*}} after creating it in 'make_extern' (declaring
    if (m == NULL)
        return NULL;
    return m;
}
// CHECK-FIXES:      {{^}}    PyObject *m = PyModule_Create(&extern_def);{{$}}
// CHECK-FIXES-NEXT: {{^}}    //{{$}}
// CHECK-FIXES-NEXT: {{^}}    if (m == NULL){{$}}
// CHECK-FIXES-NEXT: {{^}}        return NULL;{{$}}
// CHECK-FIXES-NEXT: {{^}}#ifdef Py_GIL_DISABLED{{$}}
// CHECK-FIXES-NEXT: {{^}}    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    return m;{{$}}

PyMODINIT_FUNC PyInit_extern_helper(void) { return make_extern(); }

// Fine: the declaration is made by a helper the init function calls after
// creating the module (the declaration is not on the way to the creation).
static struct PyModuleDef configured_def = {
    PyModuleDef_HEAD_INIT, "configured", NULL, -1, methods,
};

static int configure_module(PyObject *m)
{
    if (PyModule_AddIntConstant(m, "VERSION", 1) < 0)
        return -1;
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
    return 0;
}

PyMODINIT_FUNC PyInit_configured(void)
{
    PyObject *m = PyModule_Create(&configured_def);
    if (m == NULL)
        return NULL;
    if (configure_module(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

// Fine: the helper that declares is called only on the free-threaded build;
// the text of the call counts on both builds, so neither reports.
static struct PyModuleDef ft_configured_def = {
    PyModuleDef_HEAD_INIT, "ft_configured", NULL, -1, methods,
};

static void declare_nogil(PyObject *m)
{
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#else
    (void)m;
#endif
}

PyMODINIT_FUNC PyInit_ft_configured(void)
{
    PyObject *m = PyModule_Create(&ft_configured_def);
    if (m == NULL)
        return NULL;
#ifdef Py_GIL_DISABLED
    declare_nogil(m);
#endif
    return m;
}

// Fine: two levels down (PyInit_ -> setup -> declare_nogil).
static struct PyModuleDef deep_def = {
    PyModuleDef_HEAD_INIT, "deep", NULL, -1, methods,
};

static int setup(PyObject *m)
{
    declare_nogil(m);
    return PyModule_AddIntConstant(m, "DEEP", 1);
}

PyMODINIT_FUNC PyInit_deep(void)
{
    PyObject *m = PyModule_Create(&deep_def);
    if (m == NULL || setup(m) < 0)
        return NULL;
    return m;
}

// Fine: the helper creates a module but returns something else; what
// PyInit_ returns is not the module created here.
static PyObject *saved_module;

static PyObject *make_other(void)
{
    saved_module = PyModule_Create(&quiet_def);
    if (saved_module == NULL)
        return NULL;
    return PyLong_FromLong(1);
}

PyMODINIT_FUNC PyInit_other(void) { return make_other(); }

// Fine: a helper called but whose result PyInit_ does not return.
static PyObject *make_dropped(void)
{
    PyObject *m = PyModule_Create(&quiet_def);
    if (m == NULL)
        return NULL;
    return m;
}

PyMODINIT_FUNC PyInit_dropped(void)
{
    PyObject *m = make_dropped();
    Py_XDECREF(m);
    return NULL;
}

// Fine: on each build PyInit_ returns a helper of that build only; neither
// build can see the other's helper, so both leave it alone.
#ifdef Py_GIL_DISABLED
static PyObject *make_ft(void) { return make_undeclared(); }
#else
static PyObject *make_gil(void) { return make_undeclared(); }
#endif

PyMODINIT_FUNC PyInit_per_build(void)
{
#ifdef Py_GIL_DISABLED
    return make_ft();
#else
    return make_gil();
#endif
}

/* Multi-phase behind a helper: the slot array is reported once, as for any
 * PyModuleDef (the init function plays no part in that report). */
static int exec_module(PyObject *m) { return 0; }

static PyModuleDef_Slot multi_slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};
// CHECK-MESSAGES: :[[@LINE-4]]:25: warning: module 'multi' does not declare whether it needs the GIL, {{.*}} add a Py_mod_gil slot to 'multi_slots'
// CHECK-FIXES:      {{^}}    {Py_mod_exec, exec_module},{{$}}
// CHECK-FIXES-NEXT: {{^}}#if PY_VERSION_HEX >= 0x030D0000{{$}}
// CHECK-FIXES-NEXT: {{^}}    {Py_mod_gil, Py_MOD_GIL_NOT_USED},{{$}}
// CHECK-FIXES-NEXT: {{^}}#endif{{$}}
// CHECK-FIXES-NEXT: {{^}}    {0, NULL}{{$}}

static struct PyModuleDef multi_def = {
    PyModuleDef_HEAD_INIT, "multi", NULL, 0, methods, multi_slots,
};

static PyObject *multi_init(void) { return PyModuleDef_Init(&multi_def); }

PyMODINIT_FUNC PyInit_multi(void) { return multi_init(); }
