"""Exercise for uca_getitem: every function on valid lists and on the error
paths both builds share (explicit bounds and type checks, a raising __str__
and __len__, an item whose __str__ shrinks the list). item_unchecked gets
valid indexes only: out of range it read past the list before the fix."""

from exercise_support import call


class Shrinker:
    """str() removes the last item of the list it was put in."""

    def __init__(self, owner):
        self.owner = owner

    def __str__(self):
        self.owner.pop()
        return "shrunk"

    def __repr__(self):
        return "Shrinker()"


class BadStr:
    def __str__(self):
        raise ValueError("bad __str__")

    def __repr__(self):
        return "BadStr()"


class BadLen:
    def __len__(self):
        raise RuntimeError("bad __len__")

    def __repr__(self):
        return "BadLen()"


def exercise(mod):
    data = ["a", "bb", ("c",), 4]
    out = []
    for i in (0, 1, 3, 4, -1):
        call(out, "item_at(%d)" % i, mod.item_at, data, i)
    call(out, "item_at(tuple)", mod.item_at, ("a",), 0)
    for i in (0, 2, 3):
        call(out, "item_unchecked(%d)" % i, mod.item_unchecked, data, i)
    call(out, "tag_first", mod.tag_first, data, "tag")
    call(out, "tag_first(empty)", mod.tag_first, [], "tag")
    call(out, "tag_first(dict)", mod.tag_first, {}, "tag")
    call(out, "len_of_last", mod.len_of_last, ["x", "yyy"])
    call(out, "len_of_last(int)", mod.len_of_last, [1, 2])
    call(out, "len_of_last(BadLen)", mod.len_of_last, [BadLen()])
    call(out, "len_of_last(empty)", mod.len_of_last, [])
    call(out, "join_strs", mod.join_strs, [1, "two", 3.0])
    call(out, "join_strs(BadStr)", mod.join_strs, [1, BadStr(), 3])
    shrinking = [1, 2, 3]
    shrinking.insert(1, Shrinker(shrinking))
    call(out, "join_strs(Shrinker)", mod.join_strs, shrinking)
    out.append(("after shrink", repr(shrinking)))
    call(out, "join_strs(tuple)", mod.join_strs, (1, 2))
    return out
