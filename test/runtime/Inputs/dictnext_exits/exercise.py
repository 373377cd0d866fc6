def _call(results, name, fn, *args):
    try:
        results.append((name, "returned", repr(fn(*args))))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        results.append((name, "raised", type(e).__name__, str(e)))


def exercise(mod):
    results = []
    marker = object()
    dicts = [
        {},
        {1: 1, "a": 2, "b": 3},
        {"a": 5, "b": 0, "c": 7},
        {"a": 1, "b": "x"},
        {"a": 2 ** 100},
        {"x": 1, 2: 2},
        {(1,): marker, "k": None},
        {"a": 1, "b": 2, "c": 3},
    ]
    for d in dicts:
        _call(results, "first_str_key", mod.first_str_key, d)
        _call(results, "all_positive", mod.all_positive, d)
        _call(results, "str_values", mod.str_values, d)
        _call(results, "index_of", mod.index_of, d, marker)
        _call(results, "index_of", mod.index_of, d, None)
    _call(results, "first_str_key", mod.first_str_key, [1])
    _call(results, "all_positive", mod.all_positive, None)
    _call(results, "index_of", mod.index_of, {})
    return results
