from setuptools import Extension, setup

setup(
    name="chunks",
    ext_modules=[Extension("chunks", sources=["src/chunks.c", "src/store.c"])],
)
