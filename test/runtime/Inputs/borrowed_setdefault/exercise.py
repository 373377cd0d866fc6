"""Exercise for borrowed_setdefault: new and existing keys, an unhashable
key (the error path), and four threads that add to the same new key at
once, round after round: every thread's item must be in the one container
kept for that key. The threads run only on the free-threaded interpreter;
on the debug one (reference counts and blocks measured, where threads of
its own would add noise) the same adds run one after the other, and give
the same result."""

import sys
import threading

FREE_THREADED = hasattr(sys, "_is_gil_enabled")

ROUNDS = 20
THREADS = 4


def shared_rounds(add, make_key):
    shared = {}
    if not FREE_THREADED:
        for r in range(ROUNDS):
            for tid in range(THREADS):
                add(shared, make_key(r), tid)
        return sorted(len(v) for v in shared.values())
    barrier = threading.Barrier(THREADS)

    def worker(tid):
        for r in range(ROUNDS):
            barrier.wait()
            add(shared, make_key(r), tid)

    pool = [threading.Thread(target=worker, args=(t,)) for t in range(THREADS)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return sorted(len(v) for v in shared.values())


def exercise(mod):
    out = []
    groups = {"kept": [0]}
    for key, item in [("a", 1), ("b", 2), ("a", 3), ("kept", 4)]:
        out.append(("group_add", key, mod.group_add(groups, key, item)))
    out.append(("groups", sorted(groups.items())))
    index = {}
    for word, where in [("x", 1), ("y", 2), ("x", 1), ("x", 5)]:
        mod.index_add(index, word, where)
    out.append(("index", sorted((k, sorted(v)) for k, v in index.items())))
    for bad in [mod.group_add, mod.index_add]:
        try:
            bad({}, [], 1)
        except TypeError as e:
            out.append(("raised", type(e).__name__))
        else:
            out.append(("no error",))
    out.append(("shared groups", shared_rounds(mod.group_add, lambda r: r)))
    out.append(("shared index", shared_rounds(mod.index_add, lambda r: str(r))))
    return out
