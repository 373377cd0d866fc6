"""Exercise for malloc_calloc: results and the type error."""


def exercise(mod):
    out = []
    for arg in [b"", b"abracadabra", bytes(range(256)) * 2, "str", None]:
        try:
            out.append((repr(arg)[:20], "returned", mod.histogram(arg)[:8]))
        except Exception as e:
            out.append((repr(arg)[:20], "raised", type(e).__name__, str(e)))
    return out
