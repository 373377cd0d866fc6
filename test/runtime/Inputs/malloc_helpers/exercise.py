"""Exercise for malloc_helpers: a buffer grown by doubling (several
reallocations, none, and the error path), and a field buffer replaced,
read, handed back and released by the deallocator."""


def exercise(mod):
    out = []
    for data, times in [(b"ab", 0), (b"a", 3), (b"abc", 40), (b"", 5)]:
        out.append(("repeat", data, times, mod.repeat(data, times)[1],
                    len(mod.repeat(data, times)[0])))
    for bad in [(b"x", -1), (b"x" * 1000, 5000), ("str", 1)]:
        try:
            mod.repeat(*bad)
        except Exception as e:
            out.append(("raised", type(e).__name__))
    note = mod.Note()
    out.append(("empty", note.read(), note.pop()))
    note.write(b"first")
    note.write(b"second, longer than the first")
    out.append(("read", note.read()))
    out.append(("pop", note.pop(), note.read()))
    note.write(b"kept")
    try:
        note.write("str")
    except TypeError as e:
        out.append(("raised", str(e)))
    del note                    # deallocated with a buffer
    mod.Note()                  # deallocated without one
    return out
