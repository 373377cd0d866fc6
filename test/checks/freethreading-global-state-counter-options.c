// RUN: %check_ft_tidy %s freethreading-global-state %t -- \
// RUN:   -config="{CheckOptions: {freethreading-global-state.C11Atomics: false}}"
// RUN: %check_ft_tidy -check-suffix=C99 -std=c99 %s freethreading-global-state %t
// RUN: %check_ft_tidy -check-suffix=BAD %s freethreading-global-state %t -- \
// RUN:   -config="{CheckOptions: {freethreading-global-state.C11Atomics: maybe}}"

// The counter fix needs C11 atomics: with the option C11Atomics off (a
// module MSVC builds without /experimental:c11atomics), or a unit compiled
// as C99, a note says why there is no fix. A bad value of the option is a
// configuration error, and the default (true) is used.

#include <Python.h>

static long hits;

static PyObject *hit(PyObject *self, PyObject *unused) {
  hits++;
  Py_RETURN_NONE;
}

// CHECK-NOTES: :17:3: warning: write to static 'hits' outside module initialization: a counter
// CHECK-NOTES: :14:13: note: 'hits' declared here
// CHECK-NOTES: :17:3: note: make it atomic
// CHECK-NOTES: :17:3: note: no automatic fix: the option C11Atomics is off (the module is built by a compiler without C11 atomics)

// CHECK-NOTES-C99: :17:3: warning: write to static 'hits' outside module initialization: a counter
// CHECK-NOTES-C99: :14:13: note: 'hits' declared here
// CHECK-NOTES-C99: :17:3: note: make it atomic
// CHECK-NOTES-C99: :17:3: note: no automatic fix: the unit is compiled as C before C11, which has no _Atomic

// CHECK-NOTES-BAD: warning: invalid value 'maybe' for freethreading-global-state.C11Atomics; expected 'true' or 'false'; using 'true' [clang-tidy-config]
// CHECK-NOTES-BAD: :17:3: warning: write to static 'hits' outside module initialization: a counter
// CHECK-NOTES-BAD: :14:8: note: FIX-IT applied suggested code changes
// CHECK-NOTES-BAD: :14:13: note: 'hits' declared here
// CHECK-NOTES-BAD: :17:3: note: make it atomic
// CHECK-FIXES-BAD: static _Atomic long hits;
