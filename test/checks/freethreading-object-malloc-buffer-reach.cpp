// RUN: %check_ft_tidy %s freethreading-object-malloc-buffer %t -- -- -std=c++17

// C++ ways to reach a field without a member access the check follows: a
// pointer to member, a structured binding, a member access in a template
// (its instantiations are not walked). Each keeps the group unrenamed.

#include <Python.h>

struct Slot { char *p; };

static void by_member_pointer(Slot *s) {
  char *Slot::*field = &Slot::p;
  s->p = static_cast<char *>(PyObject_Malloc(4));
  // CHECK-NOTES: :[[@LINE-1]]:30: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-3]]:31: note: no automatic fix: 'p' is named here other than in a member access; {{.*}}
  // CHECK-FIXES: {{^}}  s->p = static_cast<char *>(PyObject_Malloc(4));{{$}}
  PyObject_Free(s->*field);
}

struct Pair { char *first; int n; };

static void unpacked(Pair *x) {
  x->first = static_cast<char *>(PyObject_Malloc(4));
  // CHECK-NOTES: :[[@LINE-1]]:34: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:8: note: no automatic fix: 'Pair' is unpacked by a structured binding here; {{.*}}
  // CHECK-FIXES: {{^}}  x->first = static_cast<char *>(PyObject_Malloc(4));{{$}}
  auto [bytes, n] = *x;
  (void)n;
  PyObject_Free(bytes);
}

struct Box { char *payload; };

template <class T> static void release(T *t) { PyObject_Free(t->payload); }

static void drop(Box *other) { release(other); }

static void in_template(Box *b) {
  b->payload = static_cast<char *>(PyObject_Malloc(4));
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE-7]]:65: note: no automatic fix: 'payload' may be the member a template names here, whose instantiations ft-tidy does not follow; {{.*}}
  // CHECK-FIXES: {{^}}  b->payload = static_cast<char *>(PyObject_Malloc(4));{{$}}
  PyObject_Free(b->payload);
}

// A reference cast to another struct.
struct Raw { char *bytes; };
struct Cooked { char *text; };

static void reinterpreted(Cooked *c) {
  c->text = static_cast<char *>(PyObject_Malloc(4));
  // CHECK-NOTES: :[[@LINE-1]]:33: warning: 'PyObject_Malloc' is used for a buffer{{.*}}
  // CHECK-NOTES: :[[@LINE+2]]:17: note: no automatic fix: the bytes of 'Cooked' are taken as 'Raw' here; {{.*}}
  // CHECK-FIXES: {{^}}  c->text = static_cast<char *>(PyObject_Malloc(4));{{$}}
  PyObject_Free(reinterpret_cast<Raw &>(*c).bytes);
}
