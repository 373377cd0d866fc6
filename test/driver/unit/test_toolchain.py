import os
import stat
import tempfile
import unittest

import ftpath  # noqa: F401
from ft_tidy.common import PLUGIN_NAME, FtError
from ft_tidy.toolchain import (clang_tidy_candidates, find_tools, plugin_candidates,
                               plugin_major_from_path, read_list_checks, tool_major)

# A clang-tidy of LLVM <major> for the tests: '--version', and '--list-checks'
# with a plugin built for <built> (refused unless the majors match).
FAKE_TIDY = """#!/bin/sh
case "$*" in
  *--version*) echo "Ubuntu LLVM version {major}.1.7"; echo "  Optimized build." ;;
  *--list-checks*)
    if [ "{built}" != "{major}" ]; then
      echo "error: the ft-tidy plugin was built for LLVM {built} but is loaded into clang-tidy {major}.1.7" >&2
      exit 1
    fi
    echo "Enabled checks:"; echo "    freethreading-borrowed-reference"; echo "    freethreading-missing-mod-gil"; echo ;;
esac
"""


def write_exe(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR)
    return path


def touch(path):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").close()
    return path


class ToolchainTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.realpath(self.tmp.name)

    def tearDown(self):
        self.tmp.cleanup()

    def fake_tidy(self, path, major, built):
        return write_exe(os.path.join(self.dir, path), FAKE_TIDY.format(major=major, built=built))

    def test_plugin_candidates_newest_build_first(self):
        root = os.path.join(self.dir, "checkout")
        p19 = touch(os.path.join(root, "build", "llvm-19", PLUGIN_NAME))
        p22 = touch(os.path.join(root, "build", "llvm-22", PLUGIN_NAME))
        os.makedirs(os.path.join(root, "build", "llvm-23"))  # no plugin in it
        lib = touch(os.path.join(root, "lib", PLUGIN_NAME))
        self.assertEqual(plugin_candidates(root), [(p22, 22), (p19, 19), (lib, None)])
        self.assertEqual(plugin_candidates(os.path.join(self.dir, "none")), [])

    def test_plugin_major_from_path(self):
        self.assertEqual(plugin_major_from_path(f"/x/build/llvm-19/{PLUGIN_NAME}"), 19)
        self.assertIsNone(plugin_major_from_path(f"/opt/lib/{PLUGIN_NAME}"))
        self.assertIsNone(plugin_major_from_path("/x/build/llvm-19/other.so"))

    def test_tool_major(self):
        self.assertEqual(tool_major(self.fake_tidy("bin/clang-tidy", 21, 21)), 21)
        self.assertIsNone(tool_major(touch(os.path.join(self.dir, "not-executable"))))

    def test_clang_tidy_candidates(self):
        a = self.fake_tidy("a/clang-tidy", 19, 19)
        b = self.fake_tidy("b/clang-tidy-22", 22, 22)
        usr_lib = os.path.join(self.dir, "usr-lib")
        c = self.fake_tidy("usr-lib/llvm-20/bin/clang-tidy", 20, 20)
        touch(os.path.join(self.dir, "b", "clang-tidy-23"))  # not executable
        path = os.pathsep.join([os.path.dirname(a), os.path.dirname(b), "/nonexistent"])
        self.assertEqual(clang_tidy_candidates(path, usr_lib), [a, b, c])

    def test_read_list_checks(self):
        self.assertEqual(read_list_checks("Enabled checks:\n    a\n    b\n\n"), ["a", "b"])

    def test_find_tools_from_checkout(self):
        root = os.path.join(self.dir, "checkout")
        touch(os.path.join(root, "build", "llvm-19", PLUGIN_NAME))
        t22 = self.fake_tidy("bin22/clang-tidy", 22, 19)
        t19 = self.fake_tidy("bin19/clang-tidy-19", 19, 19)
        env = {"PATH": os.pathsep.join([os.path.dirname(t22), os.path.dirname(t19)])}
        tools = find_tools(None, None, "freethreading-*", root, env)
        self.assertEqual((tools.clang_tidy, tools.major), (t19, 19))
        self.assertEqual(tools.enabled, ["freethreading-borrowed-reference",
                                         "freethreading-missing-mod-gil"])

    def test_find_tools_mismatch_messages(self):
        root = os.path.join(self.dir, "checkout")
        plugin = touch(os.path.join(root, "build", "llvm-19", PLUGIN_NAME))
        t22 = self.fake_tidy("bin22/clang-tidy", 22, 19)
        with self.assertRaises(FtError) as e:
            find_tools(None, t22, "freethreading-*", root, {"PATH": ""})
        self.assertEqual(str(e.exception),
                         f"the plugin {plugin} was built for LLVM 19 but the clang-tidy {t22} is "
                         f"LLVM 22; use /usr/lib/llvm-19/bin/clang-tidy or a plugin built for LLVM 22")

    def test_find_tools_asks_an_installed_plugin(self):
        prefix = os.path.join(self.dir, "prefix")
        touch(os.path.join(prefix, "lib", PLUGIN_NAME))
        t = self.fake_tidy("bin/clang-tidy", 19, 19)
        tools = find_tools(None, None, "freethreading-*", prefix, {"PATH": os.path.dirname(t)})
        self.assertEqual((tools.clang_tidy, tools.major), (t, 19))

    def test_find_tools_errors(self):
        empty = os.path.join(self.dir, "empty")
        with self.assertRaises(FtError) as e:
            find_tools(None, None, "freethreading-*", empty, {})
        self.assertTrue(str(e.exception).startswith("plugin not found: no --plugin, no FT_TIDY_PLUGIN"))
        with self.assertRaises(FtError) as e:
            find_tools(None, None, "x", empty, {"FT_TIDY_PLUGIN": "/nonexistent.so"})
        self.assertEqual(str(e.exception),
                         "plugin not found: /nonexistent.so (from FT_TIDY_PLUGIN) does not exist")
        plugin = touch(os.path.join(self.dir, "p", PLUGIN_NAME))
        with self.assertRaises(FtError) as e:
            find_tools(plugin, "/nonexistent/clang-tidy", "x", empty, {})
        self.assertEqual(str(e.exception),
                         "clang-tidy not found: /nonexistent/clang-tidy (from --clang-tidy) does not exist")


if __name__ == "__main__":
    unittest.main()
