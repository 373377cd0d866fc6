"""Exercise for uca_new_exit: every function on valid lists and on the error
paths both builds share (a non-list, an empty list where the function checks
for it, a raising callback, __len__ and __str__, a callback that shrinks the
list). call_on_first, str_pair and keyed_second get lists long enough: the
original read past a shorter one (uca_new_exit_nullpath runs the fixed text
on those)."""

from exercise_support import call


class BadLen:
    def __len__(self):
        raise RuntimeError("bad __len__")

    def __repr__(self):
        return "BadLen()"


class BadStr:
    def __str__(self):
        raise ValueError("bad __str__")

    def __repr__(self):
        return "BadStr()"


def exercise(mod):
    out = []
    heap = [1, "two", (3,)]
    call(out, "pop_last", mod.pop_last, heap)
    call(out, "pop_last again", mod.pop_last, heap)
    out.append(("heap", repr(heap)))
    call(out, "pop_last(empty)", mod.pop_last, [])
    call(out, "pop_last(tuple)", mod.pop_last, (1,))

    seen = []
    call(out, "feed", mod.feed, [1, 2, 3], seen.append)
    out.append(("seen", repr(seen)))
    shrinking = [1, 2, 3, 4]
    call(out, "feed(shrinking)", mod.feed, shrinking, lambda x: shrinking.pop())
    out.append(("shrunk", repr(shrinking)))
    call(out, "feed(raising)", mod.feed, [1, 0, 2], lambda x: 1 // x)
    call(out, "feed(empty)", mod.feed, [], seen.append)
    call(out, "feed(tuple)", mod.feed, (1,), seen.append)

    call(out, "call_on_first", mod.call_on_first, ["a", "b"], str.upper)
    call(out, "call_on_first(raising)", mod.call_on_first, [0], lambda x: 1 // x)
    call(out, "call_on_first(dict)", mod.call_on_first, {}, str)

    call(out, "str_pair", mod.str_pair, [42, 1], "tag")
    call(out, "str_pair(BadStr)", mod.str_pair, [BadStr()], "tag")
    call(out, "str_pair(BadLen)", mod.str_pair, [1], BadLen())
    call(out, "str_pair(tuple)", mod.str_pair, (1,), "tag")
    call(out, "str_pair(arity)", mod.str_pair, [1])

    call(out, "keyed_second", mod.keyed_second, [1, "two"], "key")
    call(out, "keyed_second(short)", mod.keyed_second, [1, 2], 1)
    call(out, "keyed_second(BadStr)", mod.keyed_second, [1, 2], BadStr())
    return out
