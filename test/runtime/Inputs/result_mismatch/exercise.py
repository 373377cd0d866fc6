"""Exercise for result_mismatch: [('answer', 42)] for the original,
[('answer', 43)] for fixed_override.c."""


def exercise(mod):
    return [("answer", mod.answer())]
