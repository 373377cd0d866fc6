"""Exercise for borrowed_tier2: every function on present values and on its
error paths (missing and unhashable keys, a raising __hash__ and __eq__,
out-of-range indexes, a comparison raising inside a loop, empty cells), so
that every exit of the rewritten functions runs."""

import types


from exercise_support import BadEq, BadHash, call


def _make_cell():
    x = ["captured"]
    return (lambda: x).__closure__[0]


# Made once: creating closures in every run allocates blocks the interpreter
# keeps (a per-function cache), which the blocks check would count.
CELL = _make_cell()
EMPTY_CELL = types.CellType()


def exercise(mod):
    r = []
    lst = [1, "a", 2, None, 3]
    for n in (0, 2, 3, 5, 6):
        call(r, "list_sum %d" % n, mod.list_sum, lst, n)
    call(r, "list_sum short", mod.list_sum, [1, 2], 3)
    call(r, "count_equal", mod.count_equal, [1, 2, 1, "x"], 1)
    call(r, "count_equal raising", mod.count_equal, [1, BadEq(7), 1], 1)
    call(r, "count_equal raising target", mod.count_equal, [1, 2], BadEq(1))
    d = {1: "one", "key": "value", "lst": [1, 2], 2: 2.5}
    for k in (1, "key", "lst", 2, 3, [], BadHash(), BadEq(1)):
        call(r, "dict_repr %r" % (k,), mod.dict_repr, d, k)
        call(r, "dict_strict %r" % (k,), mod.dict_strict, d, k)
    call(r, "dict_string", mod.dict_string, d)
    call(r, "dict_string {}", mod.dict_string, {})
    call(r, "dict_string not a dict", mod.dict_string, [])
    sd = {}
    call(r, "setdefault new", mod.setdefault_repr, sd, "x", [1])
    call(r, "setdefault present", mod.setdefault_repr, sd, "x", [2])
    call(r, "setdefault unhashable", mod.setdefault_repr, sd, [], 0)
    call(r, "setdefault BadEq", mod.setdefault_repr, {1: 1}, BadEq(1), 0)
    call(r, "cell_repr", mod.cell_repr, CELL)
    call(r, "cell_repr empty", mod.cell_repr, EMPTY_CELL)
    call(r, "module_is_module sys", mod.module_is_module, "sys")
    return r
