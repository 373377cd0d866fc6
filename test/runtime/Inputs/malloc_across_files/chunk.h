/* A buffer and its size, shared by the module's two files. */
#ifndef CHUNK_H
#define CHUNK_H
#include <stddef.h>

typedef struct {
  char *data;
  size_t size;
} Chunk;

int chunk_init(Chunk *c, size_t n);
int chunk_grow(Chunk *c, size_t n);
void chunk_clear(Chunk *c);
#endif
