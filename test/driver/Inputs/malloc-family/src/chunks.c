/* The module: a Chunk filled and read back. The chunk's memory is
   allocated in store.c and released here. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>
#include "chunk.h"

void chunk_clear(Chunk *c) {
  PyObject_Free(c->data);
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
  if (chunk_init(&c, 1) < 0 || chunk_grow(&c, (size_t)len) < 0) {
    chunk_clear(&c);
    return PyErr_NoMemory();
  }
  memcpy(c.data, text, (size_t)len);
  result = PyBytes_FromStringAndSize(c.data, (Py_ssize_t)c.size);
  chunk_clear(&c);
  return result;
}

static PyMethodDef chunks_methods[] = {
    {"roundtrip", roundtrip, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef chunks_module = {
    PyModuleDef_HEAD_INIT, "chunks", NULL, -1, chunks_methods,
};

PyMODINIT_FUNC PyInit_chunks(void) {
  PyObject *module = PyModule_Create(&chunks_module);
  if (module == NULL)
    return NULL;
  return module;
}
