/* global_counter: a legacy module that hands out ids from one static
 * counter, as immutables' _map.c does with its mutation ids ('mutid =
 * mutid_counter++'). With the GIL one call runs at a time, so every id is
 * new and each call's ids increase. On a free-threaded build, threads
 * interleave inside 'next_id++' (a load, an add and a store): one thread
 * stores a value another has already passed, ids repeat, and a call sees
 * its ids go back.
 *
 * take(n) takes n ids and says whether each was larger than the one before
 * it; peek() reads the counter; set_mode(m) and mode() write and read a
 * setting. freethreading-global-state declares the counter and the setting
 * _Atomic (every '++' one atomic read-modify-write, every read an atomic
 * load, every assignment an atomic store); the uses stay as they are. */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

static volatile _Atomic uint64_t next_id = 1;
static _Atomic int current_mode;

static PyObject *
take(PyObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    uint64_t prev = 0;
    int increasing = 1;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n > 1000000) {
        PyErr_SetString(PyExc_ValueError, "n must be in 0..1000000");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        uint64_t id = next_id++;
        if (id <= prev)
            increasing = 0;
        prev = id;
    }
    return PyBool_FromLong(increasing);
}

static PyObject *
peek(PyObject *self, PyObject *unused)
{
    return PyLong_FromUnsignedLongLong(next_id);
}

static PyObject *
set_mode(PyObject *self, PyObject *arg)
{
    long m = PyLong_AsLong(arg);

    if (m == -1 && PyErr_Occurred())
        return NULL;
    if (m != 0 && m != 1) {
        PyErr_SetString(PyExc_ValueError, "mode must be 0 or 1");
        return NULL;
    }
    current_mode = (int)m;
    Py_RETURN_NONE;
}

static PyObject *
mode(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(current_mode);
}

static PyMethodDef global_counter_methods[] = {
    {"take", take, METH_O, NULL},
    {"peek", peek, METH_NOARGS, NULL},
    {"set_mode", set_mode, METH_O, NULL},
    {"mode", mode, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef global_counter_module = {
    PyModuleDef_HEAD_INIT, "global_counter", NULL, -1, global_counter_methods,
};

PyMODINIT_FUNC
PyInit_global_counter(void)
{
    return PyModule_Create(&global_counter_module);
}
