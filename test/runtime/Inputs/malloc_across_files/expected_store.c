/* Allocates and grows a Chunk's buffer; module.c releases it. */
#include <Python.h>
#include <string.h>
#include "chunk.h"

int chunk_init(Chunk *c, size_t n) {
  c->data = PyMem_Malloc(n ? n : 1);
  if (c->data == NULL)
    return -1;
  memset(c->data, 0, n ? n : 1);
  c->size = n;
  return 0;
}

int chunk_grow(Chunk *c, size_t n) {
  char *bigger = PyMem_Realloc(c->data, n ? n : 1);
  if (bigger == NULL)
    return -1;
  if (n > c->size)
    memset(bigger + c->size, 0, n - c->size);
  c->data = bigger;
  c->size = n;
  return 0;
}
