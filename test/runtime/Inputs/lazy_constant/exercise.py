"""Exercise for lazy_constant: each lazily created constant used, with an
error path (a str prefix concatenated with a non-str). Every outcome depends
only on the call: the constants never change once made."""

from exercise_support import call


def exercise(mod):
    results = []
    for arg in ("x", "", "longer text", 1, None):
        call(results, "tag", mod.tag, arg)
    call(results, "empty_tuple", mod.empty_tuple)
    results.append(("empty is shared", mod.empty_tuple() is mod.empty_tuple()))
    results.append(("math_module", mod.math_module().__name__,
                    mod.math_module() is mod.math_module()))
    return results
