class BadHash:
    def __hash__(self):
        raise ValueError("unhashable today")


class EqRaises:
    """Same hash as "a", so the lookup of "a" reaches __eq__."""

    def __hash__(self):
        return hash("a")

    def __eq__(self, other):
        raise RuntimeError("no comparison")


def _call(results, name, fn, *args):
    try:
        results.append((name, "returned", repr(fn(*args))))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        results.append((name, "raised", type(e).__name__, str(e)))


def exercise(mod):
    results = []
    d = {"a": 1, "b": [2], 3: "three"}
    for key in ["a", "b", 3, "missing", BadHash(), [1]]:
        _call(results, "lookup", mod.lookup, d, key)
    _call(results, "lookup", mod.lookup, {EqRaises(): 1}, "a")
    _call(results, "lookup", mod.lookup, [1], "a")
    for obj in [d, {}, [1, 2], None]:
        _call(results, "size", mod.size, obj)
    return results
