# A plain setuptools project, read by ft-tidy without running it.
from setuptools import Extension, setup

INCLUDES = ["include"]

setup(
    name="fixture",
    version="0.1",
    ext_modules=[
        # third_party/inc is only known from here; FIXTURE_LOCKED enables
        # a finding in core.c.
        Extension("fixture._core", ["src/core.c", "src/helpers.c"],
                  include_dirs=INCLUDES + ["third_party/inc"],
                  define_macros=[("FIXTURE_LOCKED", "1")]),
        Extension("fixture.clean", sources=["src/clean.c"], include_dirs=INCLUDES),
    ],
)
