"""Exercise for modgil_multi: the constant and the state the exec slot set
up at import, and the error paths of offset()."""


def outcome(f, *args):
    try:
        return ("returned", repr(f(*args)))
    except Exception as e:  # noqa: BLE001 - every outcome is recorded
        return ("raised", type(e).__name__, str(e))


def exercise(mod):
    return [
        ("KIND", mod.KIND),
        ("offset()", outcome(mod.offset)),
        ("offset(4)", outcome(mod.offset, 4)),
        ("offset(-1)", outcome(mod.offset, -1)),
        ("offset('x')", outcome(mod.offset, "x")),
        ("offset(1, 2)", outcome(mod.offset, 1, 2)),
    ]
