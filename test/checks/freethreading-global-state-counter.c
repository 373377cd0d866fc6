// RUN: %check_ft_tidy %s freethreading-global-state %t

// Counters made _Atomic (lib/AtomicCounterFix.h), and the counters left
// alone with the reason. Every write is still reported; the fix is on the
// first write of each variable, and its other writes say so.

#include <Python.h>
#include <stdint.h>

static volatile uint64_t next_id = 1;
static Py_ssize_t calls;
static long twice;
static long addressed;
static long pair_a, pair_b;
long exported_count;
static double total;
static long debug_hits;

static void take(long *p) { (void)p; }

static PyObject *new_id(PyObject *self, PyObject *unused) {
  uint64_t id = next_id++;
  // CHECK-NOTES: :[[@LINE-1]]:17: warning: write to static 'next_id' outside module initialization: a counter that threads race on when the GIL is disabled [freethreading-global-state]
  // CHECK-NOTES: :10:17: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :10:26: note: 'next_id' declared here
  // CHECK-NOTES: :[[@LINE-4]]:17: note: make it atomic (_Atomic, std::atomic), per thread (_Thread_local, thread_local) if each thread may count on its own, or update it under a PyMutex (3.13+)
  return PyLong_FromUnsignedLongLong(id);
}

static PyObject *count(PyObject *self, PyObject *unused) {
  calls += 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'calls' outside module initialization: a counter
  // CHECK-NOTES: :11:8: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :11:19: note: 'calls' declared here
  // CHECK-NOTES: :[[@LINE-4]]:3: note: make it atomic
  Py_RETURN_NONE;
}

static PyObject *uncount(PyObject *self, PyObject *unused) {
  --calls;
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: write to static 'calls' outside module initialization: a counter
  // CHECK-NOTES: :11:19: note: 'calls' declared here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: make it atomic
  // CHECK-NOTES: :11:19: note: declaring 'calls' _Atomic, the fix offered at its first write, makes this update atomic too
  Py_RETURN_NONE;
}

// A read in another function: one atomic load.
static PyObject *get_calls(PyObject *self, PyObject *unused) {
  return PyLong_FromSsize_t(calls);
}

// A test and an update in one function were one step under the GIL.
static PyObject *bump_twice(PyObject *self, PyObject *unused) {
  twice++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'twice' outside module initialization: a counter
  // CHECK-NOTES: :12:13: note: 'twice' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE+1]]:7: note: no automatic fix: 'bump_twice' uses it twice (also here), not only to update it: each use would be atomic, but not the two together, as they were under the GIL; make the function's uses one operation, or take a PyMutex (3.13+) around them
  if (twice > 10)
    Py_RETURN_TRUE;
  Py_RETURN_FALSE;
}

// Its address goes to a 'long *' parameter, which an _Atomic long's would
// not fit.
static PyObject *bump_addressed(PyObject *self, PyObject *unused) {
  addressed++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'addressed' outside module initialization: a counter
  // CHECK-NOTES: :13:13: note: 'addressed' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE+5]]:9: note: no automatic fix: it is used here other than by reading, assigning or updating it, and an _Atomic type would change this use
  Py_RETURN_NONE;
}

static PyObject *pass_addressed(PyObject *self, PyObject *unused) {
  take(&addressed);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: write through the address of static 'addressed' outside module initialization: shared state
  // CHECK-NOTES: :13:13: note: 'addressed' declared here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: initialize it eagerly
  Py_RETURN_NONE;
}

static PyObject *bump_others(PyObject *self, PyObject *unused) {
  pair_a++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'pair_a' outside module initialization: a counter
  // CHECK-NOTES: :14:13: note: 'pair_a' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE-4]]:3: note: no automatic fix: its declaration declares other variables too
  exported_count++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to global 'exported_count' outside module initialization: a counter
  // CHECK-NOTES: :15:6: note: 'exported_count' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE-4]]:3: note: no automatic fix: it has external linkage: other files may use it as it is declared (declare it 'static' if none does)
  total += 1.0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'total' outside module initialization: a counter
  // CHECK-NOTES: :16:15: note: 'total' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE-4]]:3: note: no automatic fix: only an integer is made atomic
  debug_hits++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: write to static 'debug_hits' outside module initialization: a counter
  // CHECK-NOTES: :17:13: note: 'debug_hits' declared here
  // CHECK-NOTES: :[[@LINE-3]]:3: note: make it atomic
  // CHECK-NOTES: :[[@LINE+33]]:56: note: no automatic fix: code this build does not compile names it here, and cannot be checked
  Py_RETURN_NONE;
}

static PyObject *local_count(PyObject *self, PyObject *unused) {
  static unsigned int seen = 0;
  return PyLong_FromUnsignedLong(++seen);
  // CHECK-NOTES: :[[@LINE-1]]:36: warning: write to static local 'seen' outside module initialization: a counter
  // CHECK-NOTES: :[[@LINE-3]]:10: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-4]]:23: note: 'seen' declared here
  // CHECK-NOTES: :[[@LINE-4]]:36: note: make it atomic
}

// Two updates in one function: each is one atomic update, and updates add
// up the same in any order.
static long ids;
static PyObject *two_ids(PyObject *self, PyObject *arg) {
  long a = ids++;
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: write to static 'ids' outside module initialization: a counter
  // CHECK-NOTES: :[[@LINE-4]]:8: note: FIX-IT applied suggested code changes
  // CHECK-NOTES: :[[@LINE-5]]:13: note: 'ids' declared here
  // CHECK-NOTES: :[[@LINE-4]]:12: note: make it atomic
  long b = 0;
  if (PyObject_IsTrue(arg))
    b = ids++;
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: write to static 'ids' outside module initialization: a counter
  // CHECK-NOTES: :119:13: note: 'ids' declared here
  // CHECK-NOTES: :[[@LINE-3]]:9: note: make it atomic
  // CHECK-NOTES: :119:13: note: declaring 'ids' _Atomic, the fix offered at its first write, makes this update atomic too
  return Py_BuildValue("(ll)", a, b);
}

#ifdef SOME_DEBUG_FLAG
static void debug_dump(void) { printf("%p\n", (void *)&debug_hits); }
#endif

// CHECK-FIXES: static volatile _Atomic uint64_t next_id = 1;
// CHECK-FIXES: static _Atomic Py_ssize_t calls;
// CHECK-FIXES: static long twice;
// CHECK-FIXES: static long addressed;
// CHECK-FIXES: static long pair_a, pair_b;
// CHECK-FIXES: long exported_count;
// CHECK-FIXES: static double total;
// CHECK-FIXES: static long debug_hits;
// CHECK-FIXES: static _Atomic unsigned int seen = 0;
// CHECK-FIXES: static _Atomic long ids;
