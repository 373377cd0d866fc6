"""Exercise for modgil_return (C and C++ builds): join() over ordinary
inputs and its error paths (bad separator, non-sequence, raising __str__)."""


class BadStr:
    def __str__(self):
        raise ValueError("bad __str__")

    def __repr__(self):
        return "BadStr()"


def outcome(f, *args):
    try:
        return ("returned", repr(f(*args)))
    except Exception as e:  # noqa: BLE001 - every outcome is recorded
        return ("raised", type(e).__name__, str(e))


def exercise(mod):
    return [
        ("join('-', [1, 2, 3])", outcome(mod.join, "-", [1, 2, 3])),
        ("join('', ())", outcome(mod.join, "", ())),
        ("join(', ', 'ab')", outcome(mod.join, ", ", "ab")),
        ("join(b'-', [1])", outcome(mod.join, b"-", [1])),
        ("join('-', 5)", outcome(mod.join, "-", 5)),
        ("join('-', [1, BadStr()])", outcome(mod.join, "-", [1, BadStr()])),
        ("module name", mod.__name__),
    ]
