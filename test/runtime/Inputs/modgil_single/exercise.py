"""Exercise for modgil_single: the module's function and constant, with the
error paths of argument parsing and of the multiplication."""


def outcome(f, *args):
    try:
        return ("returned", repr(f(*args)))
    except Exception as e:  # noqa: BLE001 - every outcome is recorded
        return ("raised", type(e).__name__, str(e))


def exercise(mod):
    return [
        ("ANSWER", mod.ANSWER),
        ("scale(3)", outcome(mod.scale, 3)),
        ("scale(3, 5)", outcome(mod.scale, 3, 5)),
        ("scale('ab', 3)", outcome(mod.scale, "ab", 3)),
        ("scale(None)", outcome(mod.scale, None)),
        ("scale()", outcome(mod.scale)),
        ("scale(1, 2, 3)", outcome(mod.scale, 1, 2, 3)),
    ]
