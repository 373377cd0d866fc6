// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-object-malloc-buffer' --quiet \
// RUN:   --config="{CheckOptions: {freethreading-object-malloc-buffer.FamilyReport: '%t.json', freethreading-object-malloc-buffer.SharedFamilies: 'field Chunk::data;field Ring::slots; var scratch'}}" \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %S/Inputs/malloc-shared
// RUN: FileCheck --check-prefix=REPORT --input-file=%t.json %s
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-object-malloc-buffer' --quiet \
// RUN:   --config="{CheckOptions: {freethreading-object-malloc-buffer.FamilyReport: '%t-none.json'}}" \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %S/Inputs/malloc-shared
// RUN: FileCheck --check-prefix=NONE --input-file=%t-none.json %s
// RUN: %clang_tidy --load=%ft_plugin --checks='-*,freethreading-object-malloc-buffer' --quiet \
// RUN:   --config="{CheckOptions: {freethreading-object-malloc-buffer.FamilyReport: '%t-missing/x.json'}}" \
// RUN:   %s -- -I %ft_inputs/py3.13 -I %S/Inputs/malloc-shared 2>&1 | FileCheck --check-prefix=UNWRITABLE %s

// A file of the project with no object-domain allocation: asked about the
// shared storages of the project's families (SharedFamilies), it reports
// every group holding one of them, what it does with the memory included,
// so that the driver sees a release with another function here. Without
// SharedFamilies such a file has nothing to say (no groups); every report
// lists the files the unit read (absolute paths, sorted: where the test
// and the system headers fall in that order depends on the checkout).

#include <Python.h>
#include <stdlib.h>
#include "chunk.h"

static void chunk_drop(Chunk *c) {
  free(c->data);
  c->data = NULL;
}

static void ring_drop(struct Ring *r) {
  PyObject_Free(r->slots);
}

static size_t scratch_len(void) {
  return scratch ? strlen(scratch) : 0;
}

// What the unit reaches without a member access, and the code its build
// skips, are reported for the project whatever the groups.
static size_t bytes_offset(void) { return offsetof(Blob, bytes); }

#ifdef FT_TEST_NEVER_DEFINED
static void ring_debug(struct Ring *r) { PyObject_Free(r->slots); }
#endif

// REPORT:      "groups": [
// REPORT:          "allocates": false,
// REPORT-NEXT:     "blocked": "'c->data' is passed to 'free' here",
// REPORT-NEXT:     "calls": 0,
// REPORT:          "frees": false,
// REPORT-NEXT:     "keys": [
// REPORT-NEXT:       "field Chunk::data"
// REPORT-NEXT:     ],
// REPORT-NEXT:     "object": false
// REPORT:          "allocates": false,
// REPORT-NEXT:     "blocked": "'slots' is named in code this build does not compile (a skipped #if branch) here",
// REPORT-NEXT:     "calls": 1,
// REPORT-NEXT:     "defined": [],
// REPORT-NEXT:     "files": {
// REPORT-NEXT:       "field Ring::slots": "{{.*}}/Inputs/malloc-shared/chunk.h"
// REPORT-NEXT:     },
// REPORT-NEXT:     "frees": true,
// REPORT:          "allocates": false,
// REPORT-NEXT:     "blocked": null,
// REPORT-NEXT:     "calls": 0,
// REPORT-NEXT:     "defined": [],
// REPORT:            "var scratch": "{{.*}}/Inputs/malloc-shared/chunk.h"
// REPORT:          "frees": false,

// REPORT:      "reached": [
// REPORT-NEXT:   "field Blob::bytes"
// REPORT-NEXT: ],
// REPORT-NEXT: "skipped": [
// REPORT-NEXT:   "FT_TEST_NEVER_DEFINED",
// REPORT-NEXT:   "PyObject_Free",
// REPORT-NEXT:   "Ring",
// REPORT-NEXT:   "endif",
// REPORT-NEXT:   "ifdef",
// REPORT-NEXT:   "r",
// REPORT-NEXT:   "ring_debug",
// REPORT-NEXT:   "slots",
// REPORT-NEXT:   "static",
// REPORT-NEXT:   "struct",
// REPORT-NEXT:   "void"
// REPORT-NEXT: ]

// NONE:      {
// NONE-NEXT:   "files": [
// NONE-DAG:      "{{.*}}/Inputs/malloc-shared/chunk.h"
// NONE-DAG:      "{{.*}}/checks/freethreading-object-malloc-buffer-shared-uses.c"
// NONE:        ],
// NONE-NEXT:   "groups": [],
// NONE-NEXT:   "reached": [],
// NONE-NEXT:   "skipped": [
// NONE:        ]
// NONE-NEXT: }

// UNWRITABLE: warning: cannot write freethreading-object-malloc-buffer.FamilyReport '{{.*}}-missing/x.json': {{.*}}[clang-tidy-config]
