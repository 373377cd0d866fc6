"""Built for the stable ABI, pinned to an old setuptools."""
from setuptools import Extension, setup

setup(
    name="fast",
    ext_modules=[
        Extension(
            "fast",
            sources=["fast.c"],
            define_macros=[("Py_LIMITED_API", "0x03080000"), ("FAST_PATH", "1")],
            py_limited_api=True,
        )
    ],
    options={"bdist_wheel": {"py_limited_api": "cp38"}},
)
