"""Exercise for malloc_object: objects made and deallocated (tp_free checks
the object domain), their labels, and the argument error."""


def exercise(mod):
    out = []
    for arg in ["", "tag", "\u00e9t\u00e9" * 50, 42]:
        try:
            tag = mod.make_tag(arg)
            out.append((repr(arg)[:12], "returned", type(tag).__name__, tag.label()[:8]))
            del tag
        except Exception as e:
            out.append((repr(arg)[:12], "raised", type(e).__name__, str(e)))
    return out
