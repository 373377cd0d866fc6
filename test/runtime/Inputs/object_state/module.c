/* object_state: a legacy extension type whose methods use the state kept in
 * its object struct without any lock. That is safe while the GIL runs one
 * call at a time; on a free-threaded build, threads sharing one object
 * interleave inside the calls. Three shapes of state:
 *   scratch  a work buffer lent to each render() call and given back at its
 *            end: two calls that take it together share it (garbled text)
 *            and then both give it back (one frees what the object keeps);
 *   total    a running total that add() updates step by step (read, compute,
 *            write back): another call's steps show up in the result, and
 *            updates are lost;
 *   label    a str that relabel() replaces with Py_SETREF and that relabel()
 *            and the 'label' getter return new references to: a reader can
 *            get another call's label, or one just released.
 * freethreading-unlocked-object-state puts each method that touches them in
 * a critical section on self: in place (add(), the 'label' getter: one
 * return, at the end) or through a NAME_impl wrapper (render(), relabel():
 * early error returns). The 'capacity' getter reads a field only tp_new
 * writes, and tp_new and tp_dealloc own the object alone: they stay as they
 * are. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pythoncapi_compat.h"
#include <string.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t capacity;  /* size of scratch; set once, by tp_new */
    char *scratch;        /* NULL until the first render(), and while lent */
    long total;           /* running total of add() */
    PyObject *label;      /* a str, never NULL after tp_new */
} LedgerObject;

/* Stands for the real work a call does between two uses of the object's
 * state (add(): after each step; relabel(): between storing the label and
 * returning it): the window in which another thread gets in. */
static void
linger(void)
{
    volatile int spin;
    for (spin = 0; spin < 3000; spin++)
        ;
}

static PyObject *
Ledger_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {NULL};
    LedgerObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, ":Ledger", kwlist))
        return NULL;
    self = (LedgerObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->capacity = 64;
    self->scratch = NULL;
    self->total = 0;
    self->label = PyUnicode_FromString("tag-??");
    if (self->label == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static void
Ledger_dealloc(LedgerObject *self)
{
    PyMem_Free(self->scratch);
    Py_XDECREF(self->label);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* render(n): n copies of the letter 'a' + n % 26, written into the object's
 * scratch buffer and read back from it. ValueError outside 0..capacity. */
static PyObject *
Ledger_render(LedgerObject *self, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    Py_ssize_t i;
    char *buf;
    PyObject *text;

    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n < 0 || n > self->capacity) {
        PyErr_Format(PyExc_ValueError, "render: %zd is not in 0..%zd",
                     n, self->capacity);
        return NULL;
    }
    /* Borrow the buffer; a call that finds it lent makes its own. */
    buf = self->scratch;
    self->scratch = NULL;
    if (buf == NULL) {
        buf = PyMem_Malloc(self->capacity);
        if (buf == NULL)
            return PyErr_NoMemory();
    }
    for (i = 0; i < n; i++)
        buf[i] = (char)('a' + n % 26);
    text = PyUnicode_FromStringAndSize(buf, n);
    /* Give it back, unless another call already did. */
    if (self->scratch == NULL)
        self->scratch = buf;
    else
        PyMem_Free(buf);
    return text;
}

/* add(n): adds 1, 2, ..., n to the running total, one step at a time (read
 * the total, write back the sum, then the step's other work), and returns
 * how much the total grew during the call: n*(n+1)/2 when nothing else
 * changes it meanwhile. */
static PyObject *
Ledger_add(LedgerObject *self, PyObject *arg)
{
    PyObject *result = NULL;
    long n = PyLong_AsLong(arg);

    if (n < 0) {
        /* keep the conversion's own error (n == -1) */
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "add: n must not be negative");
    }
    else {
        long start = self->total;
        long step;
        for (step = 1; step <= n; step++) {
            long seen = self->total;
            self->total = seen + step;
            linger();
        }
        result = PyLong_FromLong(self->total - start);
    }
    return result;
}

/* relabel(text): the label becomes "tag-" + text; returns the label now
 * stored. TypeError for a non-str, ValueError for an empty one. */
static PyObject *
Ledger_relabel(LedgerObject *self, PyObject *text)
{
    PyObject *fresh;

    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "relabel: expected str, got %.50s",
                     Py_TYPE(text)->tp_name);
        return NULL;
    }
    if (PyUnicode_GetLength(text) == 0) {
        PyErr_SetString(PyExc_ValueError, "relabel: empty label");
        return NULL;
    }
    fresh = PyUnicode_FromFormat("tag-%U", text);
    if (fresh == NULL)
        return NULL;
    Py_SETREF(self->label, fresh);
    linger();
    return Py_NewRef(self->label);
}

/* The 'label' attribute: a new reference to the current label. */
static PyObject *
Ledger_get_label(LedgerObject *self, void *closure)
{
    return Py_NewRef(self->label);
}

/* The 'capacity' attribute: the scratch buffer's size, fixed by tp_new. */
static PyObject *
Ledger_get_capacity(LedgerObject *self, void *closure)
{
    return PyLong_FromSsize_t(self->capacity);
}

static PyMethodDef Ledger_methods[] = {
    {"render", (PyCFunction)Ledger_render, METH_O, NULL},
    {"add", (PyCFunction)Ledger_add, METH_O, NULL},
    {"relabel", (PyCFunction)Ledger_relabel, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Ledger_getset[] = {
    {"label", (getter)Ledger_get_label, NULL, NULL, NULL},
    {"capacity", (getter)Ledger_get_capacity, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject LedgerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "object_state.Ledger",
    .tp_basicsize = sizeof(LedgerObject),
    .tp_dealloc = (destructor)Ledger_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Ledger_methods,
    .tp_getset = Ledger_getset,
    .tp_new = Ledger_new,
};

static struct PyModuleDef object_state_module = {
    PyModuleDef_HEAD_INIT, "object_state", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_object_state(void)
{
    PyObject *mod;

    if (PyType_Ready(&LedgerType) < 0)
        return NULL;
    mod = PyModule_Create(&object_state_module);
    if (mod == NULL)
        return NULL;
    if (PyModule_AddObjectRef(mod, "Ledger", (PyObject *)&LedgerType) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
