from setuptools import Extension, setup

setup(
    name="chunks",
    ext_modules=[Extension("malloc_across_files", sources=["src/module.c", "src/store.c"])],
)
