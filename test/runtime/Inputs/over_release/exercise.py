"""Exercise for over_release: one call per run, one reference of None
released too many per run."""


def exercise(mod):
    return [("consume", mod.consume(None))]
