/* borrowed_tier4: weak references whose dead referent (Py_None) is tested
 * (tier 4 of freethreading-borrowed-reference). The fixed module calls
 * PyWeakref_GetRef, tests NULL instead of Py_None where that is exact, owns
 * the referent and releases it on every exit. Same results, nothing leaked,
 * a non-weakref argument included. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The referent, ReferenceError when dead; PyWeakref_GetObject's error (a
 * non-weakref) is tested first. */
static PyObject *
deref(PyObject *self, PyObject *ref)
{
    PyObject *obj = PyWeakref_GetObject(ref);
    if (obj == NULL)
        return NULL;
    if (obj == Py_None) {
        PyErr_SetString(PyExc_ReferenceError, "dead referent");
        return NULL;
    }
    Py_INCREF(obj);
    return obj;
}

/* repr(referent) or "dead", through the macro (no error possible). */
static PyObject *
describe(PyObject *self, PyObject *ref)
{
    PyObject *result;

    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "describe() expects a weakref");
        return NULL;
    }
    PyObject *obj = PyWeakref_GET_OBJECT(ref);
    if (obj != Py_None) {
        result = PyObject_Repr(obj);
    }
    else {
        result = PyUnicode_FromString("dead");
    }
    return result;
}

/* Whether the referent is dead: a return whose value uses the local. */
static PyObject *
is_dead(PyObject *self, PyObject *ref)
{
    if (!PyWeakref_Check(ref)) {
        PyErr_SetString(PyExc_TypeError, "is_dead() expects a weakref");
        return NULL;
    }
    PyObject *obj = PyWeakref_GET_OBJECT(ref);
    return PyBool_FromLong(obj == Py_None);
}

/* Whether the referent equals other, False when dead; the comparison may
 * raise. An exit after the dead test, the local used after it. */
static PyObject *
referent_equals(PyObject *self, PyObject *args)
{
    PyObject *ref, *other;
    int eq;

    if (!PyArg_ParseTuple(args, "O!O:referent_equals", &_PyWeakref_RefType,
                          &ref, &other))
        return NULL;
    PyObject *obj = PyWeakref_GET_OBJECT(ref);
    if (obj == Py_None)
        Py_RETURN_FALSE;
    eq = PyObject_RichCompareBool(obj, other, Py_EQ);
    if (eq < 0)
        return NULL;
    return PyBool_FromLong(eq);
}

/* repr(PyWeakref_GetObject(ref)) without an error test: None is kept for a
 * dead referent (the owned local keeps an owned Py_None). */
static PyObject *
referent_repr(PyObject *self, PyObject *ref)
{
    PyObject *obj = PyWeakref_GetObject(ref);
    if (obj == NULL)
        return NULL;
    if (PyUnicode_Check(obj))
        return PyUnicode_FromString("a str");
    return PyObject_Repr(obj);
}

static PyMethodDef methods[] = {
    {"deref", deref, METH_O, NULL},
    {"describe", describe, METH_O, NULL},
    {"is_dead", is_dead, METH_O, NULL},
    {"referent_equals", referent_equals, METH_VARARGS, NULL},
    {"referent_repr", referent_repr, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "borrowed_tier4", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_borrowed_tier4(void)
{
    return PyModule_Create(&module_def);
}
