"""Harness self-test: an exercise that raises (a broken expectation in a
case) must make the run FAIL with the exception, not pass silently. Also
shows case.json reusing another case's module.c."""


def exercise(mod):
    mod.nothing()
    raise AssertionError("expected 1, got 2")
