import json
import os
import sys
import textwrap
import unittest

import ftpath  # noqa: F401
from tmpdir import TmpDirTest, write
from ft_tidy.common import FtError
from ft_tidy.project import (Project, extensions_of_setup_py, find_sources, in_skipped_dir,
                             project_root, project_roots, read_compile_db, read_pyproject,
                             read_setup_cfg, read_setup_py)


class ProjectTest(TmpDirTest):
    def test_setup_py_literals_names_and_joins(self):
        exts = extensions_of_setup_py(textwrap.dedent("""
            import os
            from setuptools import Extension, setup
            INC = ["include"]
            VERSION = "1.0"
            setup(ext_modules=[
                Extension("pkg._a", ["src/a.c", os.path.join("src", "b.c")],
                          include_dirs=INC + ["third"],
                          define_macros=[("A", "1"), ("B", None), ("V", '"%s"' % VERSION)]),
                Extension(name="pkg._b", sources=SOURCES_UNKNOWN),
                Pybind11Extension("pkg._c", sources=["c.cpp"], include_dirs=get_dirs()),
            ])
        """), self.root)
        self.assertEqual([e.name for e in exts], ["pkg._a", "pkg._c"])
        a, c = exts
        self.assertEqual(a.sources, [self.p("src", "a.c"), self.p("src", "b.c")])
        self.assertEqual(a.include_dirs, [self.p("include"), self.p("third")])
        self.assertEqual(a.defines, ["-DA=1", "-DB"])  # V's value cannot be read: left out
        self.assertEqual(c.sources, [self.p("c.cpp")])
        self.assertEqual(c.include_dirs, [])

    def test_setup_py_sources_known(self):
        # Whether every source of every Extension was read: an unreadable
        # list, an unreadable element, a list changed after it is bound.
        def known(text):
            write(self.p("setup.py"), text)
            return Project(self.root, lambda w: None).sources_known

        self.assertTrue(known("""
            from setuptools import Extension
            SRC = ["a.c", "b.c"]
            Extension("m", SRC)
        """))
        self.assertFalse(known("""
            from setuptools import Extension
            Extension("m", sources=find_them())
        """))
        self.assertFalse(known("""
            import os
            from setuptools import Extension
            HERE = os.path.dirname(os.path.abspath(__file__))
            Extension("m", ["a.c", os.path.join(HERE, "..", "shared", "b.c")])
        """))
        self.assertFalse(known("""
            import sys
            from setuptools import Extension
            SRC = ["a.c"]
            if sys.platform == "darwin":
                SRC.append(find_mac_source())
            Extension("m", SRC)
        """))
        self.assertFalse(known("""
            from setuptools import Extension
            BASE, EXTRA = ["a.c"], []
            EXTRA += other_sources()
            Extension("m", sources=BASE + EXTRA)
        """))
        # Literals and a glob of a literal pattern appended: read as harmless
        # (a path leaving the project is found in the text, families.py).
        self.assertTrue(known("""
            from glob import glob
            from setuptools import Extension
            DEPS = []
            DEPS.extend(glob("./deps/*.cc"))
            DEPS.append("./lib/wrap.cc")
            Extension("m", sources=DEPS + ["a.c"])
        """))
        self.assertFalse(known("def (:\n"))
        # An extension class imported under another name is still read.
        self.assertFalse(known("""
            from setuptools import Extension as Ext
            Ext("m", sources=find_them())
        """))
        # An extension's sources changed through the object, or a list bound
        # again (in an if) to something that cannot be read.
        self.assertFalse(known("""
            from setuptools import Extension
            ext = Extension("m", ["a.c"])
            ext.sources.append(os.path.join(os.path.dirname(HERE), "x.c"))
        """))
        self.assertFalse(known("""
            from setuptools import Extension
            SRC = ["a.c"]
            if WITH_SHARED:
                SRC = SRC + [os.path.join(PARENT, "x.c")]
            Extension("m", SRC)
        """))
        # A setup.py too deep for the reader: not read, never a crash.
        self.assertFalse(known("X = " + "+".join(["1"] * 3000) + "\n"))
        # A poetry build.py is not read.
        self.assertTrue(known(""))
        write(self.p("build.py"), "")
        self.assertFalse(known(""))

    def test_setup_py_is_never_executed(self):
        marker = self.p("executed")
        write(self.p("setup.py"), f"""
            open({marker!r}, "w").close()
            from setuptools import Extension
            Extension("m", ["m.c"])
        """)
        warnings = []
        exts = read_setup_py(self.root, warnings.append)
        self.assertFalse(os.path.exists(marker))
        self.assertEqual([(e.name, e.sources) for e in exts], [("m", [self.p("m.c")])])
        self.assertEqual(warnings, [])

    def test_setup_py_that_does_not_parse(self):
        write(self.p("setup.py"), "def (:\n")
        warnings = []
        self.assertEqual(read_setup_py(self.root, warnings.append), [])
        self.assertEqual(len(warnings), 1)
        self.assertTrue(warnings[0].endswith("setup.py: not read (SyntaxError); its Extension() "
                                             "settings are ignored"))

    def test_setup_cfg(self):
        write(self.p("setup.cfg"), f"""
            [build_ext]
            include_dirs = inc, other{os.pathsep}third
        """)
        self.assertEqual(read_setup_cfg(self.root), [self.p("inc"), self.p("other"), self.p("third")])
        write(self.p("setup.cfg"), "not an ini file [\n")
        self.assertEqual(read_setup_cfg(self.root), [])

    @unittest.skipIf(sys.version_info < (3, 11), "tomllib is Python 3.11+")
    def test_pyproject(self):
        write(self.p("pyproject.toml"), """
            [[tool.setuptools.ext-modules]]
            name = "pkg._speed"
            sources = ["src/speed.c"]
            include-dirs = ["inc"]
            define-macros = [["FAST", "1"]]

            [[tool.setuptools.ext-modules]]
            sources = ["nameless.c"]
        """)
        exts = read_pyproject(self.root)
        self.assertEqual([(e.name, e.sources, e.include_dirs, e.defines) for e in exts],
                         [("pkg._speed", [self.p("src", "speed.c")], [self.p("inc")], ["-DFAST=1"])])

    def test_project_flags(self):
        write(self.p("setup.py"), """
            from setuptools import Extension
            Extension("m", ["m.c"], include_dirs=["inc", "missing"], define_macros=[("X", "2")])
        """)
        os.makedirs(self.p("inc"))
        os.makedirs(self.p("include"))
        proj = Project(self.root, lambda msg: None)
        self.assertEqual(proj.flags_for(self.p("m.c")),
                         [f"-I{self.p('inc')}", f"-I{self.p('include')}", "-DX=2"])
        # A file of no Extension: every Extension's include dirs, no defines.
        self.assertEqual(proj.flags_for(self.p("other.c")),
                         [f"-I{self.p('inc')}", f"-I{self.p('include')}"])

    def test_project_root(self):
        write(self.p("repo", ".git", "HEAD"))
        write(self.p("repo", "pkg", "setup.cfg"))
        write(self.p("repo", "pkg", "src", "a.c"))
        write(self.p("repo", "loose", "b.c"))
        self.assertEqual(project_root(self.p("repo", "pkg", "src", "a.c")), self.p("repo", "pkg"))
        # No marker up to the repository root: the file's directory.
        self.assertEqual(project_root(self.p("repo", "loose", "b.c")), self.p("repo", "loose"))
        self.assertEqual(project_roots([self.p("repo")], [self.p("repo", "pkg", "src", "a.c")]),
                         [self.p("repo", "pkg"), self.p("repo")])
        # A file in a project's build output is not the project's: its own.
        write(self.p("repo", "pkg", "build", "gen", "c.c"))
        self.assertEqual(project_root(self.p("repo", "pkg", "build", "gen", "c.c")),
                         self.p("repo", "pkg", "build", "gen"))
        write(self.p("repo", "pkg", "build", "sub", "setup.py"))
        write(self.p("repo", "pkg", "build", "sub", "d.c"))
        self.assertEqual(project_root(self.p("repo", "pkg", "build", "sub", "d.c")),
                         self.p("repo", "pkg", "build", "sub"))

    def test_find_sources_skips(self):
        for f in ("src/a.c", "src/b.CPP", "src/notes.txt", "build/x.c", "venv/pyvenv.cfg",
                  "venv/y.c", "myenv/pyvenv.cfg", "myenv/z.c", "pkg.egg-info/e.c", ".tox/t.c"):
            write(self.p(*f.split("/")))
        sources, explicit = find_sources([self.root, self.p("build", "x.c")])
        self.assertEqual(sources, [self.p("src", "a.c"), self.p("src", "b.CPP"), self.p("build", "x.c")])
        self.assertEqual(explicit, {self.p("build", "x.c")})
        self.assertTrue(in_skipped_dir(self.p("venv", "y.c"), self.root))
        self.assertFalse(in_skipped_dir(self.p("src", "a.c"), self.root))

    def test_compile_db(self):
        db = write(self.p("out", "compile_commands.json"), json.dumps([
            {"directory": self.p("src"), "file": "a.c", "command": "cc -c a.c"},
            {"file": self.p("b.c"), "arguments": ["cc"]}]))
        self.assertEqual(read_compile_db(self.p("out")),
                         (self.p("out"), [self.p("src", "a.c"), self.p("b.c")]))
        self.assertEqual(read_compile_db(db)[1], [self.p("src", "a.c"), self.p("b.c")])
        write(db, "[{}]")
        with self.assertRaises(FtError) as e:
            read_compile_db(db)
        self.assertEqual(str(e.exception), f"{db}: not a compilation database (KeyError: 'file')")
        with self.assertRaises(FtError):
            read_compile_db(self.p("nothing"))


if __name__ == "__main__":
    unittest.main()
