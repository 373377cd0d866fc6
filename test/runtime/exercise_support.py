"""Objects the runtime exercises share (test/runtime/Inputs/*/exercise.py):
keys whose hashing or comparison raises, to drive the error paths of the
modules under test, and the recorder of one call's outcome. refcount_child.py puts this directory on sys.path."""


class BadHash:
    def __hash__(self):
        raise ValueError("bad __hash__")

    def __repr__(self):
        return "BadHash()"


class BadEq:
    """Hashes like an existing int key, so the lookup must call __eq__."""

    def __init__(self, h):
        self.h = h

    def __hash__(self):
        return self.h

    def __eq__(self, other):
        raise RuntimeError("bad __eq__")

    def __repr__(self):
        return "BadEq(%d)" % self.h


def call(results, name, fn, *args):
    try:
        results.append((name, "returned", repr(fn(*args))))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        results.append((name, "raised", type(e).__name__, str(e)))
