"""Exercise for borrowed_tier3: membership tests over present, missing,
unhashable and raising keys, alone and inside loops."""


from exercise_support import BadEq, BadHash, call


def exercise(mod):
    r = []
    d = {1: "one", "option": None, "k": 0}
    for k in (1, "k", 2, [], BadHash(), BadEq(1)):
        call(r, "has_key %r" % (k,), mod.has_key, d, k)
        call(r, "has_key_strict %r" % (k,), mod.has_key_strict, d, k)
    call(r, "lacks_option", mod.lacks_option, d)
    call(r, "lacks_option {}", mod.lacks_option, {})
    keys = (1, BadEq(1), "k", [], 2, BadHash(), "option")
    call(r, "count_present", mod.count_present, d, keys)
    call(r, "count_present_strict ok", mod.count_present_strict, d, (1, "k", 2))
    call(r, "count_present_strict raising", mod.count_present_strict, d, keys)
    return r
