from setuptools import Extension, setup

setup(ext_modules=[Extension("fast", ["fast.c"])])
