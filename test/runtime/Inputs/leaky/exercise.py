"""Exercise for leaky: one call per run, so one leaked reference per run."""

TOKEN = "a long-lived object"


def exercise(mod):
    return [("identity", mod.identity(TOKEN))]
