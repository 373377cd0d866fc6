"""Exercise for clean_dict_lookup: every function over ordinary inputs and
error paths (missing keys, unhashable keys, raising __hash__/__eq__/__len__/
__bool__/__str__, wrong types, dead weak references). Returns a list of
(call, outcome) tuples whose repr is deterministic."""

import weakref


from exercise_support import BadEq, BadHash


class Named:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Named(%r)" % self.name


class BadLen:
    def __len__(self):
        raise LookupError("bad __len__")


class BadBool:
    def __bool__(self):
        raise ArithmeticError("bad __bool__")


class BadStr:
    def __str__(self):
        raise UnicodeError("bad __str__")


def call(out, label, fn, *args):
    try:
        result = fn(*args)
    except Exception as e:  # the outcome is the result
        out.append((label, "raised", type(e).__name__, str(e)))
    else:
        out.append((label, "returned", repr(result)))


def exercise(mod):
    out = []
    d = {"a": 1, "b": [1, 2, 3], 7: "seven", "s": "text", "bad": BadLen()}

    for key in ("a", "b", 7, "missing", [1], BadHash(), BadEq(7)):
        call(out, "get_or_none(%r)" % (key,), mod.get_or_none, d, key)
        call(out, "get_strict(%r)" % (key,), mod.get_strict, d, key)
        call(out, "value_length(%r)" % (key,), mod.value_length, d, key)
        call(out, "has_key(%r)" % (key,), mod.has_key, d, key)
    call(out, "value_length(bad)", mod.value_length, d, "bad")
    call(out, "get_or_none(list)", mod.get_or_none, [], "a")
    call(out, "get_strict(list)", mod.get_strict, [], "a")
    call(out, "has_key(tuple)", mod.has_key, (), "a")

    for config in ({"flag": 1}, {"flag": 0}, {}, {"flag": BadBool()},
                   {"other": True}, [("flag", 1)]):
        call(out, "flag_enabled(%s)" % type(config).__name__,
             mod.flag_enabled, config)

    items = ["zero", 1, 2.5, BadStr(), Named("last")]
    for index in (0, 1, 2, 3, 4, 5, -1, 10**6):
        call(out, "item_str(%d)" % index, mod.item_str, items, index)
    call(out, "item_str(tuple)", mod.item_str, ("x",), 0)
    call(out, "first_and_last", mod.first_and_last, items)
    call(out, "first_and_last(one)", mod.first_and_last, [Named("only")])
    call(out, "first_and_last(empty)", mod.first_and_last, [])
    call(out, "first_and_last(dict)", mod.first_and_last, {})

    target = Named("target")
    ref = weakref.ref(target)
    call(out, "referent_repr(alive)", mod.referent_repr, ref)
    call(out, "referent_or_none(alive)", mod.referent_or_none, ref)
    proxy = weakref.proxy(target)
    call(out, "referent_repr(proxy)", mod.referent_repr, proxy)
    del target
    call(out, "referent_repr(dead)", mod.referent_repr, ref)
    call(out, "referent_or_none(dead)", mod.referent_or_none, ref)
    call(out, "referent_repr(proxy dead)", mod.referent_repr, proxy)
    call(out, "referent_repr(int)", mod.referent_repr, 5)
    call(out, "referent_or_none(str)", mod.referent_or_none, "x")

    memo = {}
    call(out, "remember(new)", mod.remember, memo, "k", Named("first"))
    call(out, "remember(present)", mod.remember, memo, "k", Named("second"))
    call(out, "remember(unhashable)", mod.remember, memo, {}, 1)
    call(out, "remember(bad hash)", mod.remember, memo, BadHash(), 1)
    call(out, "remember(bad eq)", mod.remember, {7: 0}, BadEq(7), 1)
    out.append(("memo", repr(memo)))

    call(out, "module_attr(sys.maxsize)", mod.module_attr, "sys", "maxsize")
    call(out, "module_attr(missing)", mod.module_attr, "sys", "no_such_attr")
    call(out, "module_attr(bytes)", mod.module_attr, b"sys", "maxsize")
    return out
