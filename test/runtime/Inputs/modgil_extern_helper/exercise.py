"""Exercise for modgil_extern_helper: the module's function and constant, with the
error path of argument parsing."""


def outcome(f, *args):
    try:
        return ("returned", repr(f(*args)))
    except Exception as e:  # noqa: BLE001 - every outcome is recorded
        return ("raised", type(e).__name__, str(e))


def exercise(mod):
    return [
        ("ANSWER", mod.ANSWER),
        ("pair(1)", outcome(mod.pair, 1)),
        ("pair(1, 'x')", outcome(mod.pair, 1, "x")),
        ("pair()", outcome(mod.pair)),
        ("pair(1, 2, 3)", outcome(mod.pair, 1, 2, 3)),
    ]
