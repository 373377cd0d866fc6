"""Exercise for borrowed_tier4: live and dead weak references, a
non-weakref argument, and a comparison with the referent that raises."""

import weakref

from exercise_support import call


class Target:
    def __init__(self, v=0):
        self.v = v

    def __eq__(self, other):
        if isinstance(other, str) and other == "raise":
            raise RuntimeError("bad __eq__")
        return isinstance(other, Target) and other.v == self.v

    __hash__ = object.__hash__

    def __repr__(self):
        return "Target(%d)" % self.v


def call_misuse(results, name, fn, *args):
    """A non-weakref argument: PyWeakref_GetObject raised SystemError,
    PyWeakref_GetRef raises TypeError (a documented difference, internal
    misuse only), so only the fact that it raised is compared."""
    try:
        results.append((name, "returned", repr(fn(*args))))
    except (SystemError, TypeError):
        results.append((name, "raised"))


def exercise(mod):
    r = []
    alive = Target(1)
    ref = weakref.ref(alive)
    dead = weakref.ref(Target(2))
    for name, w in (("alive", ref), ("dead", dead)):
        call(r, "deref " + name, mod.deref, w)
        call(r, "describe " + name, mod.describe, w)
        call(r, "is_dead " + name, mod.is_dead, w)
        call(r, "referent_equals same " + name, mod.referent_equals, w, Target(1))
        call(r, "referent_equals other " + name, mod.referent_equals, w, Target(3))
        call(r, "referent_equals raising " + name, mod.referent_equals, w, "raise")
        call(r, "referent_repr " + name, mod.referent_repr, w)
    call_misuse(r, "deref not a weakref", mod.deref, 1)
    call(r, "describe not a weakref", mod.describe, 1)
    call_misuse(r, "referent_repr not a weakref", mod.referent_repr, 1)
    del alive
    return r
