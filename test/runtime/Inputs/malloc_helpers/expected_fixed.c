/* malloc_helpers: buffers allocated, grown and released through the file's
 * own static helpers, which only this file calls and only directly: a local
 * buffer grown by doubling, and a buffer kept in an object's field and
 * handed back by a helper. freethreading-object-malloc-buffer follows the
 * memory through the helpers' parameters and results and renames the three
 * calls (PyObject_Malloc, PyObject_Realloc, PyObject_Free) in one fix; the
 * debug allocator aborts if one of them is left in the other domain. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

static char *
buf_new(Py_ssize_t n)
{
    char *p = PyMem_Malloc(n);
    if (p == NULL)
        PyErr_NoMemory();
    return p;
}

static char *
buf_grow(char *p, Py_ssize_t n)
{
    char *q = PyMem_Realloc(p, n);
    if (q == NULL)
        PyErr_NoMemory();
    return q;
}

static void
buf_release(char *p)
{
    PyMem_Free(p);
}

static Py_ssize_t
count_byte(const char *p, Py_ssize_t n, char c)
{
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        k += p[i] == c;
    return k;
}

/* repeat(data, times) -> (data * times, number of b'a' in it) */
static PyObject *
repeat(PyObject *self, PyObject *args)
{
    PyObject *data;
    Py_ssize_t times;
    if (!PyArg_ParseTuple(args, "Sn", &data, &times))
        return NULL;
    Py_ssize_t len = PyBytes_GET_SIZE(data);
    if (times < 0 || len * times > (1 << 20)) {
        PyErr_SetString(PyExc_ValueError, "bad count");
        return NULL;
    }
    Py_ssize_t cap = 16, used = 0;
    char *buf = buf_new(cap);
    if (buf == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < times; i++) {
        if (used + len > cap) {
            while (used + len > cap)
                cap *= 2;
            char *bigger = buf_grow(buf, cap);
            if (bigger == NULL) {
                buf_release(buf);
                return NULL;
            }
            buf = bigger;
        }
        memcpy(buf + used, PyBytes_AS_STRING(data), len);
        used += len;
    }
    PyObject *out = PyBytes_FromStringAndSize(buf, used);
    Py_ssize_t count = count_byte(buf, used, 'a');
    buf_release(buf);
    if (out == NULL)
        return NULL;
    return Py_BuildValue("(Nn)", out, count);
}

typedef struct {
    PyObject_HEAD
    char *scratch;
    Py_ssize_t size;
} NoteObject;

/* Hands the field's buffer over to the caller, who releases it. */
static char *
note_take(NoteObject *self)
{
    char *s = self->scratch;
    self->scratch = NULL;
    self->size = 0;
    return s;
}

static PyObject *
note_write(NoteObject *self, PyObject *arg)
{
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected bytes");
        return NULL;
    }
    Py_ssize_t n = PyBytes_GET_SIZE(arg);
    char *s = buf_new(n + 1);
    if (s == NULL)
        return NULL;
    memcpy(s, PyBytes_AS_STRING(arg), n + 1);
    buf_release(note_take(self));
    self->scratch = s;
    self->size = n;
    Py_RETURN_NONE;
}

static PyObject *
note_read(NoteObject *self, PyObject *unused)
{
    if (self->scratch == NULL)
        Py_RETURN_NONE;
    return PyBytes_FromStringAndSize(self->scratch, self->size);
}

static PyObject *
note_pop(NoteObject *self, PyObject *unused)
{
    Py_ssize_t n = self->size;
    char *s = note_take(self);
    if (s == NULL)
        Py_RETURN_NONE;
    PyObject *res = PyBytes_FromStringAndSize(s, n);
    buf_release(s);
    return res;
}

static void
note_dealloc(NoteObject *self)
{
    buf_release(self->scratch);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef note_methods[] = {
    {"write", (PyCFunction)note_write, METH_O, NULL},
    {"read", (PyCFunction)note_read, METH_NOARGS, NULL},
    {"pop", (PyCFunction)note_pop, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Note_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "malloc_helpers.Note",
    .tp_basicsize = sizeof(NoteObject),
    .tp_dealloc = (destructor)note_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = note_methods,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef module_methods[] = {
    {"repeat", repeat, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef malloc_helpers_module = {
    PyModuleDef_HEAD_INIT,
    "malloc_helpers",
    NULL,
    -1,
    module_methods,
};

PyMODINIT_FUNC
PyInit_malloc_helpers(void)
{
    if (PyType_Ready(&Note_Type) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&malloc_helpers_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Note_Type);
    if (PyModule_AddObject(m, "Note", (PyObject *)&Note_Type) < 0) {
        Py_DECREF(&Note_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
