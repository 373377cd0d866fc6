"""Exercise for borrowed_cache: each cached lookup on a miss (the missing
branch runs and fills the cache), on a hit (the found path), and on its
error paths (unhashable and raising keys, a cached value without a length,
not a dict)."""

from exercise_support import BadEq, BadHash, call


def exercise(mod):
    r = []
    for fn in ("cached_repr", "cached_list"):
        f = getattr(mod, fn)
        cache = {}
        for k in (1, "a", 1, "a", (2, 3), (2, 3)):
            call(r, "%s %r" % (fn, k), f, cache, k)
        call(r, "%s cache size" % fn, len, cache)
        call(r, "%s identity" % fn, lambda: f(cache, 1) is f(cache, 1))
        for k in ([], BadHash()):
            call(r, "%s %r" % (fn, k), f, cache, k)
        call(r, "%s BadEq" % fn, f, {1: "one"}, BadEq(1))
    cache = {}
    call(r, "cached_len miss", mod.cached_len, cache)
    cache["items"].extend([1, 2, 3])
    call(r, "cached_len hit", mod.cached_len, cache)
    call(r, "cached_len no len", mod.cached_len, {"items": 5})
    call(r, "cached_len not a dict", mod.cached_len, [])
    cache = {1: 41, "s": "text", "n": None}
    for k in (1, 2, "s", "n", [], BadHash()):
        call(r, "cached_next %r" % (k,), mod.cached_next, cache, k)
    call(r, "cached_next BadEq", mod.cached_next, {1: 1}, BadEq(1))
    for settings in ({"a": 3, "b": 10}, {"b": 1}, {}, {"a": "x", "b": 1},
                     {"a": 1, "b": "s"}):
        call(r, "chain_sum %r" % (settings,), mod.chain_sum, settings)
        call(r, "chain_sum after %r" % (settings,), sorted, settings)
    call(r, "chain_sum not a dict", mod.chain_sum, [])
    return r
