import os
import tempfile
import unittest

import ftpath  # noqa: F401
from canned import EXIT, EXPORT, GIL, diag
from ft_tidy.fixes import (declares_gil_not_used, fixed_diags, hold_back_declarations,
                           parse_export, read_export, remove_exported, yaml_scalar)


class ExportTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.realpath(self.tmp.name)
        self.source = os.path.join(self.dir, "ready.c")
        with open(self.source, "w") as f:
            f.write("0123456789\n0123456789\n0123456789\n")
        self.exports = os.path.join(self.dir, "fixes")
        os.mkdir(self.exports)
        self.text = EXPORT.format(dir=self.dir)
        with open(os.path.join(self.exports, "0.yaml"), "w") as f:
            f.write(self.text)

    def tearDown(self):
        self.tmp.cleanup()

    def test_yaml_scalar(self):
        self.assertEqual(yaml_scalar(" '''return'' x' "), "'return' x")
        self.assertEqual(yaml_scalar('"a\\nb"'), "a\nb")
        self.assertEqual(yaml_scalar("plain"), "plain")

    def test_parse_export(self):
        export = parse_export(self.text)
        self.assertEqual(export.text(), self.text)
        first, missing, guard = export.diagnostics
        self.assertEqual((first.name, first.message, first.file, first.offset, first.has_replacements),
                         (EXIT, "'return' leaves the section", self.source, 12, True))
        self.assertTrue(declares_gil_not_used(missing))
        self.assertFalse(declares_gil_not_used(guard))  # only adds a guard
        self.assertFalse(declares_gil_not_used(first))

    def test_hold_back_declarations(self):
        held = hold_back_declarations(self.exports)
        self.assertEqual(held, {self.source})
        names = [d.name for d in read_export(os.path.join(self.exports, "0.yaml")).diagnostics]
        self.assertEqual(names, [EXIT, GIL])  # the guard's fix stays

    def test_remove_everything_of_a_check(self):
        remove_exported(self.exports, lambda d: True)
        self.assertEqual(os.listdir(self.exports), [])

    def test_fixed_diags(self):
        fixable = diag(self.source, 2, 2, EXIT, "'return' leaves the section")   # offset 12
        other = diag(self.source, 1, 1, EXIT, "'return' leaves the section")
        undeclared = diag(self.source, 2, 10, GIL, "module 'ready' does not declare whether it needs the GIL")
        self.assertEqual(fixed_diags([fixable, other, undeclared], self.exports), [fixable, undeclared])
        # each fixed diagnostic carries the texts its fix writes, decoded
        self.assertEqual(fixable.replacements, ["result ="])
        self.assertEqual(undeclared.replacements,
                         ["#ifdef Py_GIL_DISABLED\n  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\n#endif\n"])
        self.assertEqual(other.replacements, [])


if __name__ == "__main__":
    unittest.main()
