import os
import subprocess
import sys
import unittest

from ftpath import ROOT
from ft_tidy import VERSION


class LauncherTest(unittest.TestCase):
    def run_launcher(self, *args):
        return subprocess.run([sys.executable, os.path.join(ROOT, "tools", "ft-tidy"), *args],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True)

    def test_version(self):
        res = self.run_launcher("--version")
        self.assertEqual((res.returncode, res.stdout), (0, f"ft-tidy {VERSION}\n"))

    def test_usage_error(self):
        res = self.run_launcher("--format", "xml")
        self.assertEqual(res.returncode, 2)
        self.assertTrue(res.stderr.startswith("ft-tidy: error: argument --format: invalid choice"))

    def test_module_entry(self):
        res = subprocess.run([sys.executable, "-m", "ft_tidy", "--version"], stdout=subprocess.PIPE,
                             universal_newlines=True, cwd=os.path.join(ROOT, "python"))
        self.assertEqual(res.stdout, f"ft-tidy {VERSION}\n")


if __name__ == "__main__":
    unittest.main()
