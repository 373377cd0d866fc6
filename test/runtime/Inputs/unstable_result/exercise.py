"""Harness self-test: a result that changes from run to run (what reading
freed memory through a dangling borrowed reference tends to look like) must
make the run FAIL."""

RUNS = [0]


def exercise(mod):
    RUNS[0] += 1
    return [("nothing", mod.nothing()), ("run", RUNS[0])]
