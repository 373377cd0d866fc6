"""Exercise for buffer_leak: one call, one leaked 32-byte buffer per run."""


def exercise(mod):
    return [("checksum", mod.checksum())]
