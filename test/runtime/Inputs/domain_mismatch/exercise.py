"""Exercise for domain_mismatch: the first call aborts the interpreter."""


def exercise(mod):
    return [("mismatch", mod.mismatch())]
