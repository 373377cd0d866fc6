"""Exercise for lazy_constant: each lazily created constant used, with an
error path (a str prefix concatenated with a non-str). Every outcome depends
only on the call: the constants never change once made."""

from exercise_support import call


class Token:
    pass


class Holder:
    @property
    def token(self):
        return Token()


def exercise(mod):
    results = []
    for arg in ("x", "", "longer text", 1, None):
        call(results, "tag", mod.tag, arg)
    call(results, "empty_tuple", mod.empty_tuple)
    results.append(("empty is shared", mod.empty_tuple() is mod.empty_tuple()))
    results.append(("math_module", mod.math_module().__name__,
                    mod.math_module() is mod.math_module()))
    holder = Holder()
    results.append(("cached_token", type(mod.cached_token(holder)).__name__,
                    mod.cached_token(holder) is mod.cached_token(Holder())))
    call(results, "brackets", mod.brackets)
    results.append(("brackets are shared",
                    all(a is b for a, b in zip(mod.brackets(), mod.brackets()))))
    for arg in (True, False):
        call(results, "separator", mod.separator, arg)
    for arg in ("function", "method", "other", 1):
        call(results, "binding_kind", mod.binding_kind, arg)
    return results
