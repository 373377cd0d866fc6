"""Exercise for malloc_local: results, and the error paths before and after
the allocation."""


def exercise(mod):
    out = []
    for args in [(b"ab", 3), (b"", 5), (b"xyz", 0), (b"q", 4096),
                 (b"ab", -1), (b"ab", 4000), ("text", 2), (b"ab",)]:
        try:
            out.append((args, "returned", mod.repeat(*args)[:16]))
        except Exception as e:
            out.append((args, "raised", type(e).__name__, str(e)))
    return out
