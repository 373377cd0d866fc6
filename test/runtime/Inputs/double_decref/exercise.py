"""Exercise for double_decref: the first call aborts the interpreter."""


def exercise(mod):
    return [("release_twice", mod.release_twice())]
