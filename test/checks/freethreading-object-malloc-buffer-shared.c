// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t -- -- -I%S/Inputs/malloc-shared
// RUN: %check_ft_tidy -check-suffix=CLOSED %s freethreading-object-malloc-buffer %t -- \
// RUN:   -config="{CheckOptions: {freethreading-object-malloc-buffer.ClosedFamilies: 'field Chunk::data; var scratch; field Ring::slots'}}" \
// RUN:   -- -I%S/Inputs/malloc-shared
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-object-malloc-buffer' --quiet \
// RUN:   --config="{CheckOptions: {freethreading-object-malloc-buffer.FamilyReport: '%t.json'}}" \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %S/Inputs/malloc-shared
// RUN: FileCheck --check-prefix=REPORT --input-file=%t.json %s

// Memory held in a field of a type the project declares in a header, or in
// a global other files name, is reached by the project's other files: this
// file alone cannot say that every allocation and release of it is seen.
// The ft-tidy driver decides it for the project: with FamilyReport each
// unit writes what it sees of such memory; ClosedFamilies names the keys of
// the families every file of the project renames, fixed here as a whole.

#include <Python.h>
#include "chunk.h"

char *scratch;

static int chunk_init(Chunk *c, size_t n) {
  c->data = PyObject_Malloc(n);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: chunk.h:6:9: note: no automatic fix: 'data' is a field of a type defined in another file, whose other users may release it; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-FIXES: {{^}}  c->data = PyObject_Malloc(n);{{$}}
  // CHECK-MESSAGES-CLOSED: :[[@LINE-4]]:13: warning: 'PyObject_Malloc' is used for a buffer
  // CHECK-FIXES-CLOSED: {{^}}  c->data = PyMem_Malloc(n);{{$}}
  if (c->data == NULL)
    return -1;
  c->size = n;
  return 0;
}

static void chunk_clear(Chunk *c) {
  PyObject_Free(c->data);
  // CHECK-FIXES: {{^}}  PyObject_Free(c->data);{{$}}
  // CHECK-FIXES-CLOSED: {{^}}  PyMem_Free(c->data);{{$}}
  c->data = NULL;
}

// Only releases here: with the family closed, they are renamed too (the
// allocations are in another file).
static void ring_clear(struct Ring *r) {
  PyObject_Free(r->slots);
  // CHECK-FIXES: {{^}}  PyObject_Free(r->slots);{{$}}
  // CHECK-MESSAGES-CLOSED: :[[@LINE-2]]:3: warning: 'PyObject_Free' releases a buffer that other files of the project allocate with the PyObject_ functions; use PyMem_Free with the PyMem_ allocators [freethreading-object-malloc-buffer]
  // CHECK-FIXES-CLOSED: {{^}}  PyMem_Free(r->slots);{{$}}
}

static void scratch_reset(void) {
  scratch = PyObject_Realloc(scratch, 64);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Realloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Realloc; use PyMem_Realloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: chunk.h:14:14: note: no automatic fix: 'scratch' is visible to other files, which may release it; every allocation and release of this memory must move to the PyMem_ functions together
  // CHECK-MESSAGES-CLOSED: :[[@LINE-3]]:13: warning: 'PyObject_Realloc' is used for a buffer
  // CHECK-FIXES-CLOSED: {{^}}  scratch = PyMem_Realloc(scratch, 64);{{$}}
}

// A group with a shared storage and a reason of its own not to move. Given
// closed families, the check reports only their groups (this one is not).
static void blob_give(Blob *b, void (*sink)(char *)) {
  b->bytes = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyObject_Malloc' is used for a buffer: on the free-threaded build only Python objects may be allocated with PyObject_Malloc; use PyMem_Malloc for buffers [freethreading-object-malloc-buffer]
  // CHECK-NOTES: :[[@LINE+1]]:8: note: no automatic fix: 'b->bytes' is passed to a function through a pointer here; every allocation and release of this memory must move to the PyMem_ functions together
  sink(b->bytes);
}

// What the unit says of each group with a shared storage: its keys, the
// file declaring each (defining, for a variable defined here), its reason
// not to move (here: the call through a pointer), whether it may be an
// object, allocates, frees, and how many calls it would rename.
// REPORT:      "groups": [
// REPORT:          "allocates": true,
// REPORT-NEXT:     "blocked": null,
// REPORT-NEXT:     "calls": 2,
// REPORT-NEXT:     "defined": [],
// REPORT-NEXT:     "files": {
// REPORT-NEXT:       "field Chunk::data": "{{.*}}/Inputs/malloc-shared/chunk.h"
// REPORT-NEXT:     },
// REPORT-NEXT:     "frees": true,
// REPORT-NEXT:     "keys": [
// REPORT-NEXT:       "field Chunk::data"
// REPORT-NEXT:     ],
// REPORT-NEXT:     "object": false
// REPORT:          "allocates": true,
// REPORT-NEXT:     "blocked": null,
// REPORT-NEXT:     "calls": 1,
// REPORT-NEXT:     "defined": [
// REPORT-NEXT:       "var scratch"
// REPORT-NEXT:     ],
// REPORT-NEXT:     "files": {
// REPORT-NEXT:       "var scratch": "{{.*}}/checks/freethreading-object-malloc-buffer-shared.c"
// REPORT-NEXT:     },
// REPORT-NEXT:     "frees": false,
// REPORT:          "allocates": true,
// REPORT-NEXT:     "blocked": "'b->bytes' is passed to a function through a pointer here",
// REPORT-NEXT:     "calls": 1,
// REPORT:            "field Blob::bytes"
// REPORT:          "object": false
// REPORT-NEXT:   }
// REPORT-NEXT: ]
