"""A test case with a fresh temporary directory, and a file writer."""
import os
import tempfile
import textwrap
import unittest


def write(path, text=""):
    """Write text (dedented) to path, making its directories; returns path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(textwrap.dedent(text))
    return path


class TmpDirTest(unittest.TestCase):
    """self.root: a fresh directory (its real path) for each test; self.p(...)
    a path in it."""

    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.realpath(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def p(self, *parts):
        return os.path.join(self.root, *parts)
