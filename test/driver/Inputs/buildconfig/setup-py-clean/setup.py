"""The porting guide's setup: the limited API only where it exists."""
import sysconfig

from setuptools import Extension, setup

FREE_THREADED = sysconfig.get_config_var("Py_GIL_DISABLED")

setup(
    name="fast",
    ext_modules=[
        Extension(
            "fast",
            sources=["fast.c"],
            define_macros=[] if FREE_THREADED else [("Py_LIMITED_API", "0x03080000")],
            py_limited_api=not sysconfig.get_config_var("Py_GIL_DISABLED"),
        )
    ],
)
