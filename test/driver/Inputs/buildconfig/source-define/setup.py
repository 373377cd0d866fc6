from setuptools import Extension, setup

setup(ext_modules=[Extension("fast", ["fast.c"], py_limited_api=True)])
