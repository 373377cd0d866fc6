"""Exercise for borrowed_tier1: every function on present values and on its
error paths (missing and unhashable keys, a raising __hash__ and __eq__,
out-of-range indexes, dead weak references, empty cells)."""

import types
import weakref


from exercise_support import BadEq, BadHash, call


class Target:
    def __repr__(self):
        return "Target()"


def _make_cell():
    x = ["captured"]
    return (lambda: x).__closure__[0]


# Made once: creating closures in every run allocates blocks the interpreter
# keeps (a per-function cache), which the blocks check would count.
CELL = _make_cell()
EMPTY_CELL = types.CellType()


def exercise(mod):
    r = []
    lst = ["a", "b", "c"]
    for i in (0, 2, 3, -1):
        call(r, "list_item %d" % i, mod.list_item, lst, i)
    call(r, "first", mod.first, lst)
    call(r, "first []", mod.first, [])
    d = {1: "one", "key": "value", "s": [1, 2]}
    for k in (1, "key", 2, [], BadHash(), BadEq(1)):
        call(r, "dict_get %r" % (k,), mod.dict_get, d, k)
        call(r, "dict_get_strict %r" % (k,), mod.dict_get_strict, d, k)
    call(r, "dict_get_string", mod.dict_get_string, d)
    call(r, "dict_get_string {}", mod.dict_get_string, {})
    sd = {}
    call(r, "setdefault new", mod.setdefault, sd, "x", [1])
    call(r, "setdefault present", mod.setdefault, sd, "x", [2])
    call(r, "setdefault unhashable", mod.setdefault, sd, [], 0)
    call(r, "setdefault BadEq", mod.setdefault, {1: 1}, BadEq(1), 0)
    alive = Target()
    ref = weakref.ref(alive)
    call(r, "referent alive", mod.referent, ref)
    call(r, "referent_x alive", mod.referent_x, ref)
    dead = weakref.ref(Target())
    call(r, "referent dead", mod.referent, dead)
    call(r, "referent_x dead", mod.referent_x, dead)
    call(r, "referent not a weakref", mod.referent, 1)
    del alive
    call(r, "cell_value", mod.cell_value, CELL)
    call(r, "cell_value empty", mod.cell_value, EMPTY_CELL)
    call(r, "module_name sys", mod.module_name, "sys")
    return r
