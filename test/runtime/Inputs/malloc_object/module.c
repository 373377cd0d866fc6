/* malloc_object: a Python object allocated with PyObject_Malloc and
 * PyObject_Init, released by its type's tp_free (PyObject_Free inside
 * CPython), plus a label buffer in one of its fields.
 * freethreading-object-malloc-buffer must rename the label's calls and leave
 * the object's allocation alone: renaming it would make tp_free abort on the
 * debug interpreter. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    char *label;
} TagObject;

static void
tag_dealloc(TagObject *self)
{
    PyObject_Free(self->label);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
tag_label(TagObject *self, PyObject *unused)
{
    return PyUnicode_FromString(self->label);
}

static PyMethodDef tag_methods[] = {
    {"label", (PyCFunction)tag_label, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Tag_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "malloc_object.Tag",
    .tp_basicsize = sizeof(TagObject),
    .tp_dealloc = (destructor)tag_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = tag_methods,
};

/* make_tag(s): a Tag whose label is a copy of s. */
static PyObject *
make_tag(PyObject *module, PyObject *arg)
{
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &len);
    if (s == NULL)
        return NULL;
    TagObject *op = (TagObject *)PyObject_Malloc(sizeof(TagObject));
    if (op == NULL)
        return PyErr_NoMemory();
    PyObject_Init((PyObject *)op, &Tag_Type);
    op->label = PyObject_Malloc(len + 1);
    if (op->label == NULL) {
        Py_DECREF(op);
        return PyErr_NoMemory();
    }
    memcpy(op->label, s, len + 1);
    return (PyObject *)op;
}

static PyMethodDef malloc_object_methods[] = {
    {"make_tag", make_tag, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef malloc_object_module = {
    PyModuleDef_HEAD_INIT,
    "malloc_object",
    NULL,
    -1,
    malloc_object_methods,
};

PyMODINIT_FUNC
PyInit_malloc_object(void)
{
    if (PyType_Ready(&Tag_Type) < 0)
        return NULL;
    return PyModule_Create(&malloc_object_module);
}
