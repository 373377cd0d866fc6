/* thread_unsafe: a legacy module that formats into one static scratch buffer
 * (correct with the GIL, a data race without it). It does not declare
 * Py_mod_gil, although case.json says it should. The harness's free-threaded
 * leg must report both: the GIL enabled by the import, and results that
 * differ when 4 threads call it at once. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>

static char scratch[32];

/* echo(n): str(n), written into the shared buffer and read back after a
 * short delay (the window in which another thread overwrites it). */
static PyObject *
echo(PyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    volatile int spin;
    if (n == -1 && PyErr_Occurred())
        return NULL;
    snprintf(scratch, sizeof scratch, "%ld", n);
    for (spin = 0; spin < 20000; spin++)
        ;
    return PyUnicode_FromString(scratch);
}

static PyMethodDef thread_unsafe_methods[] = {
    {"echo", echo, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef thread_unsafe_module = {
    PyModuleDef_HEAD_INIT, "thread_unsafe", NULL, -1, thread_unsafe_methods,
};

PyMODINIT_FUNC
PyInit_thread_unsafe(void)
{
    return PyModule_Create(&thread_unsafe_module);
}
