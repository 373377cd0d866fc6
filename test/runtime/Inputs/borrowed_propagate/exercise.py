"""borrowed_propagate: hits, misses, and lookups whose key raises in
__hash__ or __eq__. The original turns a raising key into the KeyError of a
missing key (PyDict_GetItem swallowed the error); the fixed module passes the
key's own error on. Both are recorded as 'the lookup failed', with the
exception type checked against the two possible ones, so that the results of
the two builds compare equal while every error path runs."""

from exercise_support import BadEq, BadHash, call

RAISING = (BadHash(), BadEq(1))
# KeyError from the original (the error swallowed, the key taken as
# missing); the key's own error from the fixed module.
EXPECTED = ("KeyError", "TypeError", "ValueError", "RuntimeError")


def _failed_lookup(results, name, fn, *args):
    try:
        results.append((name, "returned", repr(fn(*args))))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        expected = type(e).__name__ in EXPECTED
        results.append((name, "lookup failed" if expected else repr(e)))


def exercise(mod):
    r = []
    d = {1: "one", "key": [1, 2], "option": 7}
    for k in (1, "key", 2, "missing"):
        call(r, "getitem", mod.getitem, d, k)
        call(r, "describe", mod.describe, d, k)
    for k in RAISING:
        _failed_lookup(r, "getitem raising", mod.getitem, d, k)
        _failed_lookup(r, "describe raising", mod.describe, d, k)
    _failed_lookup(r, "getitem unhashable", mod.getitem, d, [])
    call(r, "with_option", mod.with_option, d, [0])
    call(r, "with_option missing", mod.with_option, {}, [])
    bad = {BadEq(hash("option")): 1}
    _failed_lookup(r, "with_option raising", mod.with_option, bad, [])
    call(r, "getitem not a dict", mod.getitem, [], 1)
    return r
