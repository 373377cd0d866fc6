"""Exercise for malloc_across_files: buffers allocated and grown in one file
and released in the other, by a function (grown from 1 byte to each
length) and by a type's deallocator (blobs of several sizes, one kept
alive across calls)."""


def exercise(mod):
    out = []
    for text in [b"", b"a", b"hello", b"x" * 5000]:
        got = mod.roundtrip(text)
        out.append(("roundtrip", len(text), got == text))
    blobs = [mod.Blob(n) for n in (0, 1, 64, 4096)]
    out.append(("blobs", [len(b.tobytes()) for b in blobs],
                [b.tobytes().count(0) for b in blobs]))
    del blobs
    try:
        mod.Blob(-1)
    except ValueError as e:
        out.append(("raised", str(e)))
    return out
