from setuptools import Extension, setup

setup(name="fast", ext_modules=[Extension("fast", sources=["fast.c"])])
