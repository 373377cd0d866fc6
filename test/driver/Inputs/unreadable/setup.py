# define_macros with a value ft-tidy cannot read without running the file
# ('"%s" % version'): that macro is left out, the others are kept.
from setuptools import Extension, setup

version = "0.1"

setup(
    name="unreadable",
    ext_modules=[
        Extension("unreadable", ["m.c"],
                  define_macros=[("AUTHOR", '"%s"' % version), ("PLAIN", None), ("ONE", "1")]),
    ],
)
