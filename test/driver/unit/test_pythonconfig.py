import json
import os
import stat
import sys
import tempfile
import unittest

import ftpath  # noqa: F401
from ft_tidy.common import FtError
from ft_tidy.pythonconfig import compiler_flags, parse_probe, python_config


class PythonConfigTest(unittest.TestCase):
    def test_compiler_flags(self):
        flags = compiler_flags("/py/inc", "/py/inc",
                               "-O2 -DNDEBUG -D_FORTIFY_SOURCE=2 -I/x -D 'A=1 2' -DNDEBUG -DB=\"q\"")
        self.assertEqual(flags, ["-I/py/inc", "-DNDEBUG", "-DB=q"])
        self.assertEqual(compiler_flags("/a", "/b", ""), ["-I/a", "-I/b"])

    def test_parse_probe(self):
        out = "noise\n" + json.dumps({"version": "3.13", "include": "/i", "platinclude": "/p",
                                      "cflags": "-DX", "gil_disabled": True, "executable": "/e"})
        c = parse_probe(out)
        self.assertEqual((c.version, c.include, c.gil_disabled, c.executable), ("3.13", "/i", True, "/e"))
        self.assertEqual(c.flags, ["-I/i", "-I/p", "-DX"])
        self.assertIsNone(parse_probe(""))
        self.assertIsNone(parse_probe("not json"))

    def test_interpreter_without_headers(self):
        with tempfile.TemporaryDirectory() as d:
            exe = os.path.join(d, "python")
            with open(exe, "w") as f:
                f.write("#!/bin/sh\necho '{\"version\": \"3.12\", \"include\": \"%s\", "
                        "\"executable\": \"%s\"}'\n" % (d, exe))
            os.chmod(exe, os.stat(exe).st_mode | stat.S_IXUSR)
            with self.assertRaises(FtError) as e:
                python_config(exe)
            self.assertEqual(str(e.exception),
                             f"no Python headers: Python.h not found in {d} (Python 3.12 at {exe}; "
                             "install python3.12-dev, or choose another interpreter with --python)")

    def test_missing_interpreter(self):
        with self.assertRaises(FtError) as e:
            python_config("/nonexistent/python")
        self.assertEqual(str(e.exception), "Python interpreter not found: /nonexistent/python")

    def test_running_interpreter(self):
        # The interpreter running the tests, when it has its headers.
        import sysconfig
        if not os.path.isfile(os.path.join(sysconfig.get_paths()["include"], "Python.h")):
            self.skipTest("no Python.h for this interpreter")
        c = python_config(sys.executable)
        self.assertEqual(c.version, "%d.%d" % sys.version_info[:2])
        self.assertEqual(c.flags[0], "-I" + sysconfig.get_paths()["include"])


if __name__ == "__main__":
    unittest.main()
