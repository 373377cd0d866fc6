"""Exercise for global_counter: ids taken in runs long enough for threads
to interleave inside them, a setting written and read, and the error
paths. Every call's outcome
depends only on that call while the counter is updated atomically: each
run of ids increases. The counter's value itself depends on every call
made before, so only whether it is positive is recorded."""

from exercise_support import call


def exercise(mod):
    results = []
    for n in (0, 1, 2, 1000, 20000, 20000):
        call(results, "take", mod.take, n)
    for bad in (-1, 1000001, "7", 2 ** 70):
        call(results, "take", mod.take, bad)
    results.append(("peek", mod.peek() > 0))
    for m in (1, 0, 2, "x"):
        call(results, "set_mode", mod.set_mode, m)
    # Another thread may have set it since: only that it is a valid mode.
    results.append(("mode", mod.mode() in (0, 1)))
    return results
