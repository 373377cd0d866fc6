"""Exercise for uca_new_exit_nullpath: the fixed text of uca_new_exit (its
expected_fixed.c) on the paths only the fix makes reachable. With lists too
short, the original read past them; after the fix PyList_GetItemRef returns
NULL with IndexError and the added test takes the function's earlier exit:
a return, a goto to the cleanup label (which releases the NULL item with
Py_XDECREF), and a return that first releases the reference the function
holds. Nothing may leak on those paths."""

from exercise_support import call


def exercise(mod):
    out = []
    call(out, "call_on_first([])", mod.call_on_first, [], str)
    call(out, "str_pair([])", mod.str_pair, [], "tag")
    call(out, "keyed_second([1])", mod.keyed_second, [1], "key")
    call(out, "keyed_second([])", mod.keyed_second, [], "key")
    call(out, "call_on_first", mod.call_on_first, ["a"], str.upper)
    error = ("raised", "IndexError", "list index out of range")
    expected = [
        ("call_on_first([])",) + error,
        ("str_pair([])",) + error,
        ("keyed_second([1])",) + error,
        ("keyed_second([])",) + error,
        ("call_on_first", "returned", "'A'"),
    ]
    if out != expected:
        raise AssertionError("unexpected outcomes: %r" % (out,))
    return out
