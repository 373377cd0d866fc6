"""Exercise for malloc_field: growth over several reallocations, clear(),
the error paths, and deallocation with and without a buffer."""


def exercise(mod):
    out = []
    acc = mod.Accumulator()
    out.append(("empty", acc.value()))
    for chunk in [b"ab", b"", b"cdef", b"x" * 300, b"gh"]:
        acc.append(chunk)
    out.append(("grown", len(acc.value()), acc.value()[:10], acc.value()[-4:]))
    for bad in ["str", b"y" * 70000]:
        try:
            acc.append(bad)
        except Exception as e:
            out.append(("raised", type(e).__name__, str(e)))
    out.append(("after errors", len(acc.value())))
    acc.clear()
    out.append(("cleared", acc.value()))
    acc.clear()
    acc.append(b"again")
    out.append(("again", acc.value()))
    del acc                     # deallocated with a buffer
    mod.Accumulator()           # deallocated without one
    return out
