// RUN: %check_ft_tidy -std=c2x %s freethreading-object-malloc-buffer %t

// A field is followed through its member accesses. Where it can be reached
// without one (another member of a union holding its struct, its offset,
// the struct's bytes taken as another type, a cleanup function, code this
// build does not compile), the group is not renamed.

#include <Python.h>
#include <stddef.h>
#include <string.h>

struct held { char *bytes; };
union either { struct held h; struct { char *raw; } other; };

static void in_union(struct held *h, union either *e) {
  h->bytes = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-5]]:28: note: no automatic fix: 'held' is held in union 'either' here, whose other members alias its fields; {{.*}}
  // CHECK-FIXES: {{^}}  h->bytes = PyObject_Malloc(4);{{$}}
  PyObject_Free(h->bytes);
  PyObject_Free(e->other.raw);
}

struct slotted { char *slot; };

static void by_offset(struct slotted *s) {
  s->slot = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:36: note: no automatic fix: 'slot' is reached by its offset here; {{.*}}
  // CHECK-FIXES: {{^}}  s->slot = PyObject_Malloc(4);{{$}}
  char **p = (char **)((char *)s + offsetof(struct slotted, slot));
  PyObject_Free(*p);
}

struct first { char *a; };
struct second { char *b; };

static void punned(struct first *f) {
  struct second s2;
  f->a = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:3: note: no automatic fix: the bytes of 'first' are taken as 'second' here; {{.*}}
  // CHECK-FIXES: {{^}}  f->a = PyObject_Malloc(4);{{$}}
  memcpy(&s2, f, sizeof s2);
  PyObject_Free(s2.b);
}

struct as_bytes { char *c; };

static void to_bytes(struct as_bytes *x, char *out) {
  x->c = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:3: note: no automatic fix: the bytes of 'as_bytes' are copied to or taken from untyped memory here; {{.*}}
  // CHECK-FIXES: {{^}}  x->c = PyObject_Malloc(4);{{$}}
  memcpy(out, (char *)x, sizeof *x);
  PyObject_Free(x->c);
}

// Same struct both sides: followed (the copy's field is the same storage).
struct copied { char *d; };

static void same_type(struct copied *x) {
  struct copied y;
  x->d = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:10: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+3]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  x->d = PyMem_Malloc(4);{{$}}
  memcpy(&y, x, sizeof y);
  PyObject_Free(y.d);
  // CHECK-FIXES: {{^}}  PyMem_Free(y.d);{{$}}
}

static void release_buf(char **p) { PyObject_Free(*p); }

static void cleaned(void) {
  char *taken __attribute__((cleanup(release_buf))) = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:55: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:9: note: no automatic fix: 'taken' is passed to its cleanup function when it goes out of scope; {{.*}}
  // CHECK-FIXES: {{^}}  char *taken __attribute__((cleanup(release_buf))) = PyObject_Malloc(4);{{$}}
}

struct debugged { char *trace; };

static void skipped_release(struct debugged *d) {
  d->trace = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+3]]:1: note: no automatic fix: 'trace' is named in code this build does not compile (a skipped #if branch) here; {{.*}}
  // CHECK-FIXES: {{^}}  d->trace = PyObject_Malloc(4);{{$}}
  PyObject_Free(d->trace);
#ifdef FT_TEST_NEVER_DEFINED
  PyObject_Free(d->trace);
#endif
}

// A local of the same name in another function's skipped branch is another
// variable: the fix stays.
static void local_elsewhere(void) {
#ifdef FT_TEST_NEVER_DEFINED
  char *buf = 0;
#endif
}

static void local_buffer(void) {
  char *buf = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:15: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:15: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+2]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  char *buf = PyMem_Malloc(4);{{$}}
  PyObject_Free(buf);
  // CHECK-FIXES: {{^}}  PyMem_Free(buf);{{$}}
}

// Casts from and to void * (an allocation of the struct, a %p argument) do
// not take its bytes as another type: the fix stays.
struct boxed { char *inner; };

static void via_void(void) {
  struct boxed *b = (struct boxed *)PyMem_Malloc(sizeof(struct boxed));
  if (b == NULL)
    return;
  b->inner = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-2]]:14: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE+3]]:3: note: FIX-IT applied suggested code changes
  // CHECK-FIXES: {{^}}  b->inner = PyMem_Malloc(4);{{$}}
  (void)(void *)b;
  PyObject_Free(b->inner);
  // CHECK-FIXES: {{^}}  PyMem_Free(b->inner);{{$}}
  PyMem_Free(b);
}

// A struct held by value in one taken as another type, a union of
// pointers, a round trip through an integer.
struct inner { char *q; };
struct outer { struct inner in; };
struct view { char *first; };

static void held_by_value(struct inner *i, struct outer *o) {
  i->q = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:18: note: no automatic fix: the bytes of 'outer' are taken as 'view' here; {{.*}}
  // CHECK-FIXES: {{^}}  i->q = PyObject_Malloc(4);{{$}}
  PyObject_Free(((struct view *)o)->first);
  PyObject_Free(i->q);
}

struct pointed { char *z; };
union pointers { struct pointed *p; char **raw; };

static void union_of_pointers(struct pointed *p) {
  p->z = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-5]]:34: note: no automatic fix: 'pointed' is held in union 'pointers' here, whose other members alias its fields; {{.*}}
  // CHECK-FIXES: {{^}}  p->z = PyObject_Malloc(4);{{$}}
  PyObject_Free(p->z);
}

struct numbered { char *w; };

static void through_integer(struct numbered *n) {
  unsigned long address = (unsigned long)n;
  n->w = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:27: note: no automatic fix: the bytes of 'numbered' are copied to or taken from untyped memory here; {{.*}}
  // CHECK-FIXES: {{^}}  n->w = PyObject_Malloc(4);{{$}}
  (void)address;
  PyObject_Free(n->w);
}

// A branch of #elifdef that this build skips is read too.
struct traced { char *log; };

static void skipped_elifdef(struct traced *t) {
  t->log = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+4]]:1: note: no automatic fix: 'log' is named in code this build does not compile (a skipped #if branch) here; {{.*}}
  // CHECK-FIXES: {{^}}  t->log = PyObject_Malloc(4);{{$}}
#ifndef FT_TEST_NEVER_DEFINED
  PyObject_Free(t->log);
#elifdef FT_TEST_NEVER_DEFINED_EITHER
  free(t->log);
#endif
}

// Through void * within one expression, to a pointer to pointer, and with
// __builtin_memcpy: the struct is taken as another type.
struct src_a { char *pa; };
struct dst_b { char *pb; };

static void via_void_implicit(struct src_a *a) {
  struct dst_b *b = (void *)a;
  a->pa = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:21: note: no automatic fix: the bytes of 'src_a' are taken as 'dst_b' here; {{.*}}
  // CHECK-FIXES: {{^}}  a->pa = PyObject_Malloc(4);{{$}}
  PyObject_Free(b->pb);
}

struct slots2 { char *s0; };

static void pointer_to_pointer(struct slots2 *s) {
  s->s0 = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:18: note: no automatic fix: the bytes of 'slots2' are copied to or taken from untyped memory here; {{.*}}
  // CHECK-FIXES: {{^}}  s->s0 = PyObject_Malloc(4);{{$}}
  PyObject_Free(*(char **)s);
}

struct src_c { char *pc; };
struct dst_d { char *pd; };

static void builtin_copy(struct src_c *c) {
  struct dst_d d;
  c->pc = PyObject_Malloc(4);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:3: note: no automatic fix: the bytes of 'src_c' are taken as 'dst_d' here; {{.*}}
  // CHECK-FIXES: {{^}}  c->pc = PyObject_Malloc(4);{{$}}
  __builtin_memcpy(&d, c, sizeof d);
  PyObject_Free(d.pd);
}
