class Falsy:
    def __bool__(self):
        return False

    def __repr__(self):
        return "Falsy()"


class BadBool:
    def __bool__(self):
        raise ValueError("no truth value")


def _call(results, name, fn, *args):
    try:
        results.append((name, "returned", repr(fn(*args))))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        results.append((name, "raised", type(e).__name__, str(e)))


def exercise(mod):
    results = []
    dicts = [
        {},
        {"a": 1, "b": 0, "c": "x", "d": ""},
        {"a": Falsy(), 1: [1], (2,): None},
        {"x": BadBool(), "y": 1},
        {"big": 2 ** 100, "a": 1},
        {"s": 5, 7: -3, "t": 10 ** 6, "u": 2.5},
    ]
    for d in dicts:
        _call(results, "count_truthy", mod.count_truthy, d)
        _call(results, "sum_ints", mod.sum_ints, d)
        _call(results, "str_keys", mod.str_keys, d)
    _call(results, "count_truthy", mod.count_truthy, [1, 2])
    _call(results, "sum_ints", mod.sum_ints, None)
    _call(results, "str_keys", mod.str_keys)
    return results
