/* freethreading-object-malloc-buffer across the files of a module: a
   Chunk's buffer (chunk.h) is allocated and grown in store.c and released
   here, by a function and by a type's deallocator. Only the ft-tidy driver,
   which sees both files, can rename all of its calls. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "chunk.h"

void chunk_clear(Chunk *c) {
  PyMem_Free(c->data);
  c->data = NULL;
  c->size = 0;
}

static PyObject *roundtrip(PyObject *self, PyObject *args) {
  const char *text;
  Py_ssize_t len;
  Chunk c;
  PyObject *result;
  if (!PyArg_ParseTuple(args, "s#", &text, &len))
    return NULL;
  if (chunk_init(&c, 1) < 0)
    return PyErr_NoMemory();
  if (chunk_grow(&c, (size_t)len) < 0) {
    chunk_clear(&c);
    return PyErr_NoMemory();
  }
  memcpy(c.data, text, (size_t)len);
  result = PyBytes_FromStringAndSize(c.data, (Py_ssize_t)c.size);
  chunk_clear(&c);
  return result;
}

typedef struct {
  PyObject_HEAD
  Chunk chunk;
} BlobObject;

static PyObject *Blob_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
  Py_ssize_t n;
  BlobObject *b;
  if (!PyArg_ParseTuple(args, "n", &n))
    return NULL;
  if (n < 0) {
    PyErr_SetString(PyExc_ValueError, "negative size");
    return NULL;
  }
  b = (BlobObject *)type->tp_alloc(type, 0);
  if (b == NULL)
    return NULL;
  if (chunk_init(&b->chunk, (size_t)n) < 0) {
    Py_DECREF(b);
    return PyErr_NoMemory();
  }
  return (PyObject *)b;
}

static void Blob_dealloc(BlobObject *b) {
  chunk_clear(&b->chunk);
  Py_TYPE(b)->tp_free((PyObject *)b);
}

static PyObject *Blob_tobytes(BlobObject *b, PyObject *unused) {
  return PyBytes_FromStringAndSize(b->chunk.data, (Py_ssize_t)b->chunk.size);
}

static PyMethodDef Blob_methods[] = {
    {"tobytes", (PyCFunction)Blob_tobytes, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject BlobType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "malloc_across_files.Blob",
    .tp_basicsize = sizeof(BlobObject),
    .tp_dealloc = (destructor)Blob_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Blob_methods,
    .tp_new = Blob_new,
};

static PyMethodDef module_methods[] = {
    {"roundtrip", roundtrip, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "malloc_across_files", NULL, -1, module_methods,
};

PyMODINIT_FUNC PyInit_malloc_across_files(void) {
  PyObject *module;
  if (PyType_Ready(&BlobType) < 0)
    return NULL;
  module = PyModule_Create(&module_def);
  if (module == NULL)
    return NULL;
#ifdef Py_GIL_DISABLED
  PyUnstable_Module_SetGIL(module, Py_MOD_GIL_NOT_USED);
#endif
  Py_INCREF(&BlobType);
  if (PyModule_AddObject(module, "Blob", (PyObject *)&BlobType) < 0) {
    Py_DECREF(&BlobType);
    Py_DECREF(module);
    return NULL;
  }
  return module;
}
