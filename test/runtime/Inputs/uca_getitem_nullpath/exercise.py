"""Exercise for uca_getitem_nullpath: the fixed text of uca_getitem (its
expected_fixed.c) on the paths only the fix makes reachable. item_unchecked
read past the list (or from a non-list) before the fix; after it,
PyList_GetItemRef returns NULL with IndexError or TypeError and the existing
'if (!item) return NULL;' propagates it. Nothing may leak on those paths."""


def _call(name, fn, *args):
    try:
        return (name, "returned", repr(fn(*args)))
    except Exception as e:  # noqa: BLE001 - the outcome is the result
        return (name, "raised", type(e).__name__, str(e))


def exercise(mod):
    data = ["a", "bb", ("c",), 4]
    out = []
    for i in (0, 3, 4, 100, -1, -5):
        out.append(_call("item_unchecked(%d)" % i, mod.item_unchecked, data, i))
    out.append(_call("item_unchecked([])", mod.item_unchecked, [], 0))
    out.append(_call("item_unchecked(tuple)", mod.item_unchecked, ("a",), 0))
    out.append(_call("item_unchecked(dict)", mod.item_unchecked, {0: 1}, 0))
    expected = [
        ("item_unchecked(0)", "returned", "'a'"),
        ("item_unchecked(3)", "returned", "4"),
        ("item_unchecked(4)", "raised", "IndexError", "list index out of range"),
        ("item_unchecked(100)", "raised", "IndexError", "list index out of range"),
        ("item_unchecked(-1)", "raised", "IndexError", "list index out of range"),
        ("item_unchecked(-5)", "raised", "IndexError", "list index out of range"),
        ("item_unchecked([])", "raised", "IndexError", "list index out of range"),
        ("item_unchecked(tuple)", "raised", "TypeError", "expected a list"),
        ("item_unchecked(dict)", "raised", "TypeError", "expected a list"),
    ]
    if out != expected:
        raise AssertionError("unexpected outcomes: %r" % (out,))
    return out
