from setuptools import Extension, setup

setup(
    name="legacycache",
    version="0.1",
    ext_modules=[Extension("legacycache", ["legacycache.c"])],
)
