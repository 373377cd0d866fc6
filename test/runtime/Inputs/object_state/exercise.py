"""Exercise for object_state: every method and getter of ONE Ledger, shared
by all the threads of the free-threaded leg (made by the first call, kept in
_shared), over valid arguments and the error paths.

Each call's outcome depends only on that call, as long as no other call runs
inside it: render(n) is n copies of one letter, add(n) is n*(n+1)/2 however
large the total already is, relabel(t) is "tag-" + t. The 'label' getter
returns whichever label the last relabel() stored, which with several
threads may be another thread's: only its prefix and its length (all labels
here have the same) are recorded."""

from exercise_support import call

_shared = None


def _ledger(mod):
    global _shared
    if _shared is None:
        _shared = mod.Ledger()
    return _shared


def _label_shape(ledger):
    label = ledger.label
    return (label[:4], len(label))


def exercise(mod):
    ledger = _ledger(mod)
    results = []
    for n in (0, 1, 7, 26, 40, 64):
        call(results, "render", ledger.render, n)
    for bad in (-1, 65, "7", 2 ** 70):
        call(results, "render", ledger.render, bad)
    for n in (0, 1, 5, 12, 30):
        call(results, "add", ledger.add, n)
    for bad in (-3, None, 2 ** 70):
        call(results, "add", ledger.add, bad)
    for i in range(6):
        call(results, "relabel", ledger.relabel, "%02d" % i)
        call(results, "label", _label_shape, ledger)
    for bad in ("", 5, b"07"):
        call(results, "relabel", ledger.relabel, bad)
    call(results, "capacity", getattr, ledger, "capacity")
    return results
