/* malloc_field: a buffer in a field of an object struct. It is grown with
 * PyObject_Realloc through a temporary in one function, released with
 * PyObject_Free in two others (clear() and the deallocator).
 * freethreading-object-malloc-buffer renames all three calls to PyMem_; the
 * object itself stays with its type's allocator. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    char *data;
    Py_ssize_t size;
} AccObject;

static int
acc_reserve(AccObject *self, Py_ssize_t need)
{
    char *tmp = PyObject_Realloc(self->data, need);
    if (tmp == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->data = tmp;
    return 0;
}

static PyObject *
acc_append(AccObject *self, PyObject *arg)
{
    if (!PyBytes_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected bytes");
        return NULL;
    }
    Py_ssize_t len = PyBytes_GET_SIZE(arg);
    if (self->size + len > 1 << 16) {
        PyErr_SetString(PyExc_OverflowError, "accumulator full");
        return NULL;
    }
    if (acc_reserve(self, self->size + len + 1) < 0)
        return NULL;
    memcpy(self->data + self->size, PyBytes_AS_STRING(arg), len);
    self->size += len;
    Py_RETURN_NONE;
}

static PyObject *
acc_value(AccObject *self, PyObject *unused)
{
    return PyBytes_FromStringAndSize(self->data, self->size);
}

static PyObject *
acc_clear(AccObject *self, PyObject *unused)
{
    PyObject_Free(self->data);
    self->data = NULL;
    self->size = 0;
    Py_RETURN_NONE;
}

static void
acc_dealloc(AccObject *self)
{
    PyObject_Free(self->data);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef acc_methods[] = {
    {"append", (PyCFunction)acc_append, METH_O, NULL},
    {"value", (PyCFunction)acc_value, METH_NOARGS, NULL},
    {"clear", (PyCFunction)acc_clear, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Acc_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "malloc_field.Accumulator",
    .tp_basicsize = sizeof(AccObject),
    .tp_dealloc = (destructor)acc_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = acc_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef malloc_field_module = {
    PyModuleDef_HEAD_INIT,
    "malloc_field",
    NULL,
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_malloc_field(void)
{
    if (PyType_Ready(&Acc_Type) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&malloc_field_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Acc_Type);
    if (PyModule_AddObject(m, "Accumulator", (PyObject *)&Acc_Type) < 0) {
        Py_DECREF(&Acc_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
