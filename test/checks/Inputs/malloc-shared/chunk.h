/* A project header: its types and globals are shared by the project's
   files (freethreading-object-malloc-buffer-shared*.c). */
#include <stddef.h>

typedef struct {
  char *data;
  size_t size;
} Chunk;

struct Ring {
  char *slots;
};

extern char *scratch;

typedef struct {
  char *bytes;
} Blob;
