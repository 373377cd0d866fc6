/* modgil_multi: a multi-phase module (PyModuleDef_Init, an exec slot, m_slots
 * set by a designated initializer) without a Py_mod_gil slot. The fix adds
 * the slot before the terminator under '#if PY_VERSION_HEX >= 0x030D0000';
 * on 3.11 the guard compiles it out. The exec slot, run at import, sets the
 * module state that offset() reads. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long base;
} module_state;

/* offset(n=1): n + the base set by the exec slot; n must not be negative. */
static PyObject *
offset(PyObject *module, PyObject *args)
{
    long n = 1;
    module_state *state = PyModule_GetState(module);

    if (!PyArg_ParseTuple(args, "|l:offset", &n))
        return NULL;
    if (n < 0) {
        PyErr_SetString(PyExc_ValueError, "n must not be negative");
        return NULL;
    }
    return PyLong_FromLong(state->base + n);
}

static int
exec_module(PyObject *module)
{
    module_state *state = PyModule_GetState(module);

    state->base = 100;
    return PyModule_AddStringConstant(module, "KIND", "multi-phase");
}

static PyMethodDef methods[] = {
    {"offset", offset, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot slots[] = {
    {Py_mod_exec, exec_module},
    {0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    .m_name = "modgil_multi",
    .m_size = sizeof(module_state),
    .m_methods = methods,
    .m_slots = slots,
};

PyMODINIT_FUNC
PyInit_modgil_multi(void)
{
    return PyModuleDef_Init(&moduledef);
}
