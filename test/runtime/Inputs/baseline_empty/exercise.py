"""Exercise for baseline_empty: no work at all (the module is not even
called), so the measured delta is the interpreter's own noise."""


def exercise(mod):
    return []
