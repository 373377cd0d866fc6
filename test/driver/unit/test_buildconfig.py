import os
import textwrap
import unittest

import ftpath  # noqa: F401
from tmpdir import TmpDirTest, write
from ft_tidy.buildconfig import (FT_WHEELS, LIMITED_API, WINDOWS_DEFINE, apply_build_fixes,
                                 check_build, enabled_rules, restricted, source_defines_limited)
from ft_tidy.buildsetup import apply_edits, setup_requests
from ft_tidy.common import norm
from ft_tidy.project import Project
from ft_tidy.versions import admits_at_least, excludes_from, find_requirements, parse


class VersionsTest(unittest.TestCase):
    def test_upper_bounds_exact_and_compatible_releases(self):
        at = (75, 7, 0)
        # (specifier, whether some release >= 75.7.0 meets it), worked out by hand.
        cases = [(">=61", True), ("<70", False), ("<75.7", False), ("<=75.7", True),
                 ("<75.7.1", True), ("==69.5.1", False), ("==75.7.0", True), ("==75.*", True),
                 ("==74.*", False), ("~=69.5", False), ("~=75.1", True),
                 ("~=74.9.9", False), ("~=75.6", True), ("~=75.6.1", False), ("!=75.7.0", True), (">=40,<76", True), (">=76", True),
                 ("", True), ("<=1!2.0", True), ("<75.7.0.post1", True), ("<75.7.0", False),
                 ("<" + "7" * 5000, True)]
        for spec, want in cases:
            with self.subTest(spec=spec):
                self.assertEqual(admits_at_least(spec, at), want)

    def test_requirement_names_markers_and_urls(self):
        self.assertEqual(parse("Meson_Python[x] (>=0.13) ; python_version<'4'"),
                         ("meson-python", ">=0.13"))
        self.assertIsNone(parse("meson @ https://example.org/meson.tar.gz"))
        self.assertIsNone(parse(42))
        self.assertEqual(find_requirements(["wheel", "SetupTools<70"], "setuptools"),
                         [("SetupTools<70", "<70", False)])
        self.assertEqual(find_requirements(["setuptools-scm"], "setuptools"), [])
        at = (75, 7, 0)
        self.assertEqual(excludes_from(["setuptools<70", "wheel"], "setuptools", at), "setuptools<70")
        # Every requirement of the name must exclude it; markers are not
        # evaluated, so a requirement with one makes the answer unknown.
        self.assertIsNone(excludes_from(["setuptools<70", "setuptools>=76"], "setuptools", at))
        self.assertIsNone(excludes_from(["setuptools<70; sys_platform != 'win32'",
                                         "setuptools>=75.8; sys_platform == 'win32'"], "setuptools", at))
        self.assertIsNone(excludes_from([], "setuptools", at))


class Tmp(TmpDirTest):
    def check(self, sources=("m.c",), rules="freethreading-*"):
        project = Project(self.root, lambda msg: None)
        srcs = [self.p(s) for s in sources]
        return restricted(check_build([project], srcs), enabled_rules(rules))


class SetupPyTest(Tmp):
    SETUP = """\
        from setuptools import Extension, setup
        setup(ext_modules=[Extension("m", ["m.c"], py_limited_api=True,
                                     define_macros=[("A", "1"), ("Py_LIMITED_API", "0x03080000")])])
        """

    def requests(self, text):
        data = textwrap.dedent(text).encode()
        return setup_requests(self.p("setup.py"), data, self.root, norm)

    def test_requests_and_their_edits(self):
        rs = self.requests(self.SETUP)
        self.assertEqual([(r.kind, r.line, r.col) for r in rs],
                         [("extension", 2, 59), ("macro", 3, 57), ("no-gil-define", 2, 20)])
        self.assertEqual([e.text for e in rs[0].edits],
                         ['not sysconfig.get_config_var("Py_GIL_DISABLED")'])
        self.assertEqual([e.text for e in rs[1].edits],
                         ['*([("Py_LIMITED_API", "0x03080000")] if not '
                          'sysconfig.get_config_var("Py_GIL_DISABLED") else [])'])
        self.assertEqual(rs[2].imports, ["sys", "sysconfig"])

    def test_guarded_values_are_left_alone(self):
        rs = self.requests("""\
            import sysconfig
            from setuptools import Extension
            FT = sysconfig.get_config_var("Py_GIL_DISABLED")
            Extension("m", ["m.c"], py_limited_api=not FT,
                      define_macros=[] if FT else [("Py_LIMITED_API", "3")])
            """)
        # FT names no Py_GIL_DISABLED itself, but the value read through the
        # name is not a literal: no request is made of it.
        self.assertEqual([r.kind for r in rs], ["no-gil-define"])

    def test_a_name_bound_to_true_is_reported_without_a_fix(self):
        rs = self.requests("""\
            from setuptools import Extension
            LIMITED = True
            Extension("m", ["m.c"], py_limited_api=LIMITED, define_macros=[("Py_GIL_DISABLED", "1")])
            """)
        self.assertEqual([(r.kind, bool(r.edits)) for r in rs], [("extension", False)])
        self.assertIn("not the literal True", rs[0].why_no_fix)

    def test_fixed_file(self):
        path = write(self.p("setup.py"), '"""doc"""\n' + textwrap.dedent(self.SETUP))
        with open(path, "rb") as f:
            rs = setup_requests(path, f.read(), self.root, norm)
        edits = [e for r in rs for e in r.edits]
        self.assertIsNone(apply_edits(path, edits, ["sys", "sysconfig"]))
        with open(path) as f:
            text = f.read()
        self.assertEqual(text, '"""doc"""\n'
                         "import sys\nimport sysconfig\n"
                         "from setuptools import Extension, setup\n"
                         'setup(ext_modules=[Extension("m", ["m.c"], py_limited_api=not '
                         'sysconfig.get_config_var("Py_GIL_DISABLED"),\n'
                         '                             define_macros=[("A", "1"), *([("Py_LIMITED_API", '
                         '"0x03080000")] if not sysconfig.get_config_var("Py_GIL_DISABLED") else []), '
                         '*([("Py_GIL_DISABLED", "1")] if sys.platform == "win32" and '
                         'sysconfig.get_config_var("Py_GIL_DISABLED") else [])])])\n')

    def fixed(self, text):
        """The text of setup.py once every request's edits are applied, or
        the reason none were."""
        path = write(self.p("setup.py"))
        with open(path, "wb") as f:
            f.write(text.encode("utf-8") if isinstance(text, str) else text)
        with open(path, "rb") as f:
            rs = setup_requests(path, f.read(), self.root, norm)
        edits = [e for r in rs for e in r.edits]
        modules = sorted({m for r in rs for m in r.imports})
        error = apply_edits(path, edits, modules)
        with open(path, "rb") as f:
            return error or f.read().decode("utf-8")

    def test_imports_go_before_every_use(self):
        # A shebang and a coding line stay first; the try/except import
        # style has no top-level import to follow.
        self.assertEqual(self.fixed(
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n"
            "try:\n    from setuptools import Extension, setup\n"
            "except ImportError:\n    from distutils.core import Extension, setup\n"
            "setup(ext_modules=[Extension('m', ['m.c'], py_limited_api=True)])\n"),
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport sys\nimport sysconfig\n"
            "try:\n    from setuptools import Extension, setup\n"
            "except ImportError:\n    from distutils.core import Extension, setup\n"
            "setup(ext_modules=[Extension('m', ['m.c'], py_limited_api=not "
            'sysconfig.get_config_var("Py_GIL_DISABLED"), define_macros=[*([("Py_GIL_DISABLED", "1")] '
            'if sys.platform == "win32" and sysconfig.get_config_var("Py_GIL_DISABLED") else [])])])\n')
        # After 'from __future__', before the first other statement; an
        # import of sysconfig further down does not count.
        out = self.fixed("from __future__ import annotations\nfrom setuptools import Extension\n"
                         "E = Extension('m', ['m.c'], define_macros=[('X', None)])\nimport sysconfig\n")
        self.assertTrue(out.startswith("from __future__ import annotations\nimport sys\nimport sysconfig\n"
                                       "from setuptools import Extension\n"), out)
        # CRLF files get CRLF lines.
        out = self.fixed("from setuptools import Extension\r\nE = Extension('m', ['m.c'], py_limited_api=True)\r\n")
        self.assertTrue(out.startswith("import sys\r\nimport sysconfig\r\nfrom setuptools"), repr(out))

    def test_line_ends_and_encodings(self):
        # A bare CR ends a line for Python: the offsets must count it.
        out = self.fixed("# old\rfrom setuptools import Extension\rE = Extension('m', ['m.c'], py_limited_api=True)\r")
        self.assertIn("py_limited_api=not sysconfig", out)
        # A byte-order mark, or another coding: reported, not rewritten.
        for data in (b"\xef\xbb\xbfE = Extension('m', ['m.c'], py_limited_api=True)\n",
                     b"# -*- coding: latin-1 -*-\n# \xe9\nE = Extension('m', ['m.c'], py_limited_api=True)\n"):
            with self.subTest(data=data):
                rs = setup_requests(self.p("setup.py"), data, self.root, norm)
                self.assertEqual([(r.kind, r.edits) for r in rs], [("extension", []), ("no-gil-define", [])])
                self.assertIn("not plain UTF-8", rs[0].why_no_fix)

    def test_calls_that_may_pass_define_macros_otherwise(self):
        for call in ("Extension('m', ['m.c'], **KW)", "Extension('m', ['m.c'], *ARGS)",
                     "Extension('m', ['m.c'], ['inc'], [('A', '1')])"):
            with self.subTest(call=call):
                rs = self.requests(f"from setuptools import Extension\nE = {call}\n")
                self.assertEqual([(r.kind, r.edits) for r in rs], [("no-gil-define", [])])
                self.assertTrue(rs[0].why_no_fix)
        # The fourth positional argument is define_macros: its
        # Py_LIMITED_API entry is found.
        rs = self.requests("from setuptools import Extension\n"
                           "E = Extension('m', ['m.c'], ['inc'], [('Py_LIMITED_API', '3')])\n")
        self.assertEqual([r.kind for r in rs], ["macro", "no-gil-define"])

    def test_builds_that_test_for_free_threading(self):
        rs = self.requests("""\
            import sysconfig
            from setuptools import Extension
            FT = sysconfig.get_config_var("Py_GIL_DISABLED")
            limited = True
            macros = [("Py_LIMITED_API", "0x03080000")]
            if FT:
                limited = False
                macros = []
            a = Extension("a", ["a.c"], py_limited_api=limited, define_macros=macros)
            if not FT:
                b = Extension("b", ["b.c"], py_limited_api=True)
            c = Extension("c", ["c.c"], define_macros=[("X", "1"), ("Py_LIMITED_API", "3")] if not FT else [])
            """)
        # a: names bound twice are not read; b: in a branch of a test of
        # FT; c: in a conditional expression testing FT. Only the Windows
        # define is asked of them.
        self.assertEqual([r.kind for r in rs], ["no-gil-define"] * 3)

    def test_overlapping_edits_write_nothing(self):
        path = write(self.p("setup.py"), "x = 1\n")
        from ft_tidy.buildsetup import Edit
        error = apply_edits(path, [Edit(path, 0, 3, "y ="), Edit(path, 2, 5, "2")], [])
        self.assertEqual(error, "two fixes overlap")
        with open(path) as f:
            self.assertEqual(f.read(), "x = 1\n")


class ProjectChecksTest(Tmp):
    def test_windows_define_follows_the_declared_setuptools(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("setup.py"), """\
            from setuptools import Extension, setup
            setup(ext_modules=[Extension("m", ["m.c"])])
            """)
        write(self.p("pyproject.toml"), """\
            [build-system]
            requires = ["setuptools>=61,<75.7"]
            build-backend = "setuptools.build_meta"
            """)
        c = self.check()
        self.assertEqual([(d.check, os.path.basename(d.file), d.line) for d in c.findings],
                         [(WINDOWS_DEFINE, "setup.py", 2)])
        self.assertIn("'setuptools>=61,<75.7'", c.findings[0].message)
        # It does not block the module's readiness: no source of it is named.
        self.assertEqual(c.findings[0].tus, set())
        # A release that defines it is admitted: nothing to say.
        write(self.p("pyproject.toml"), '[build-system]\nrequires = ["setuptools>=61"]\n')
        self.assertEqual(self.check().findings, [])

    def test_fix_then_nothing_left(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("setup.py"), """\
            from setuptools import Extension, setup
            setup(ext_modules=[Extension("m", ["m.c"], py_limited_api=True)],
                  options={"bdist_wheel": {"py_limited_api": "cp38"}})
            """)
        c = self.check()
        self.assertEqual([d.check for d in c.findings], [LIMITED_API, LIMITED_API])
        self.assertEqual(c.findings[0].tus, {self.p("m.c")})
        fixed, warnings = apply_build_fixes(c)
        self.assertEqual((len(fixed), warnings), (2, []))
        self.assertEqual(self.check().findings, [])

    def test_the_extension_flag_alone_is_not_reported(self):
        # py_limited_api=True alone names the file and nothing else: a
        # free-threaded build of it builds and imports (setuptools 69.5.1
        # and 84.2.1). It is reported with a request that goes with it: on
        # the same sources, or project-wide.
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("n.c"), "#include <Python.h>\n")
        write(self.p("setup.py"), """\
            from setuptools import Extension, setup
            setup(ext_modules=[Extension("m", ["m.c"], py_limited_api=True),
                               Extension("n", ["n.c"], py_limited_api=True,
                                         define_macros=[("Py_LIMITED_API", "0x03080000")])])
            """)
        c = self.check(sources=("m.c", "n.c"))
        self.assertEqual([(d.check, d.line, d.col) for d in c.findings],
                         [(LIMITED_API, 3, 59), (LIMITED_API, 4, 45)])
        self.assertEqual(len(c.fixes), 2)
        write(self.p("setup.cfg"), "[bdist_wheel]\npy_limited_api = cp38\n")
        c = self.check(sources=("m.c", "n.c"))
        self.assertEqual([(os.path.basename(d.file), d.line) for d in c.findings],
                         [("setup.cfg", 2), ("setup.py", 2), ("setup.py", 3), ("setup.py", 4)])
        # m.c's own #define goes with m's flag, checked in this run or not.
        os.remove(self.p("setup.cfg"))
        write(self.p("m.c"), "#define Py_LIMITED_API 3\n#include <Python.h>\n")
        for checked in (("m.c", "n.c"), ("n.c",)):
            c = self.check(sources=checked)
            self.assertIn(("setup.py", 2), [(os.path.basename(d.file), d.line) for d in c.findings])

    def test_setup_cfg_meson_python_and_cmake(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("setup.cfg"), "[metadata]\nname = m\n\n[bdist_wheel]\npy_limited_api = cp39\n")
        c = self.check()
        self.assertEqual([(d.check, d.line) for d in c.findings], [(LIMITED_API, 5)])
        self.assertFalse(c.fixes)
        os.remove(self.p("setup.cfg"))
        write(self.p("pyproject.toml"), """\
            [build-system]
            requires = ["meson-python", "meson==1.4.2"]
            build-backend = "mesonpy"

            [tool.meson-python]
            limited-api = true
            """)
        c = self.check()
        self.assertEqual([(d.check, d.line) for d in c.findings],
                         [(WINDOWS_DEFINE, 2), (LIMITED_API, 6)])
        write(self.p("pyproject.toml"), """\
            [build-system]
            requires = ["scikit-build-core"]
            build-backend = "scikit_build_core.build"
            """)
        write(self.p("CMakeLists.txt"), "python_add_library(m MODULE WITH_SOABI USE_SABI 3.8 m.c)\n")
        c = self.check()
        self.assertEqual([(d.check, d.line, d.col) for d in c.findings], [(LIMITED_API, 1, 40)])

    def test_source_define_before_python_h(self):
        path = self.p("m.c")
        # (text, the expected (line, column) or None), worked out by hand.
        cases = [
            ("/* #define Py_LIMITED_API 3 */\n#ifndef Py_GIL_DISABLED_NEVER\n"
             "#  define Py_LIMITED_API 0x03080000\n#endif\n#include \"Python.h\"\n", (3, 1)),
            # Before pyconfig.h, Py_GIL_DISABLED is not defined yet on a
            # free-threaded Linux build: the test does not guard.
            ("#ifndef Py_GIL_DISABLED\n#define Py_LIMITED_API 3\n#endif\n#include <Python.h>\n", (2, 1)),
            ("#include <pyconfig.h>\n#ifndef Py_GIL_DISABLED\n#define Py_LIMITED_API 3\n#endif\n"
             "#include <Python.h>\n", None),
            ("#include <Python.h>\n#define Py_LIMITED_API 3\n", None),
            ("#include <stdio.h>\n  # define Py_LIMITED_API 3\n#include <python3.12/Python.h>\n", (2, 3)),
            ("#if 0\n#define Py_LIMITED_API 3\n#else\n#define OTHER 1\n#endif\n#include <Python.h>\n", None),
            ("#if 0\n#define OTHER 1\n#else\n#define Py_LIMITED_API 3\n#endif\n#include <Python.h>\n", (4, 1)),
            ("#define Py_LIMITED_API 3\n#undef Py_LIMITED_API\n#include <Python.h>\n", None),
            # Python.h through another header: only a definition before every #include.
            ("#define Py_LIMITED_API 3\n#include \"module.h\"\n", (1, 1)),
            ("#include \"module.h\"\n#define Py_LIMITED_API 3\n", None),
            ('const char *s = "\\n#define Py_LIMITED_API 3";\n#include <Python.h>\n', None),
        ]
        for text, want in cases:
            with self.subTest(text=text):
                write(path, text)
                self.assertEqual(source_defines_limited(path), want)

    def test_nested_projects_report_a_source_once(self):
        write(self.p("pyproject.toml"), "[project]\nname = 'top'\n")
        sub = write(self.p("sub", "m.c"), "#define Py_LIMITED_API 3\n#include <Python.h>\n")
        write(self.p("sub", "setup.py"), 'from setuptools import Extension, setup\n'
              'setup(ext_modules=[Extension("m", ["m.c"])])\n')
        projects = [Project(self.p("sub"), lambda msg: None), Project(self.root, lambda msg: None)]
        c = check_build(projects, [sub])
        self.assertEqual([(d.check, d.file) for d in c.findings], [(LIMITED_API, sub)])

    def test_comments_in_meson_and_cmake(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("pyproject.toml"), '[build-system]\nbuild-backend = "mesonpy"\n')
        write(self.p("meson.build"), "# was: limited_api: '3.8'\n"
              "py.extension_module('m', 'm.c', c_args: ['-DX=#1'], limited_api: '3.9')\n")
        c = self.check()
        self.assertEqual([(d.line, d.col) for d in c.findings], [(2, 53)])

    def test_wheels_information(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("setup.py"), 'from setuptools import Extension, setup\nsetup(ext_modules=[Extension("m", ["m.c"])])\n')
        os.mkdir(self.p(".git"))
        wf = write(self.p(".github", "workflows", "wheels.yml"),
                   "jobs:\n  build:\n    steps:\n      - uses: pypa/cibuildwheel@v2.16\n")
        write(self.p(".github", "workflows", "docs.yml"), "jobs:\n  docs:\n    steps: []\n")
        c = self.check()
        self.assertEqual([(d.check, d.file, d.severity) for d in c.info], [(FT_WHEELS, wf, "remark")])
        self.assertNotIn("docs.yml", c.info[0].message)
        with open(wf, "a") as f:
            f.write("        env:\n          CIBW_BUILD: cp312-* cp313t-*\n")
        self.assertEqual(self.check().info, [])
        self.assertEqual(self.check(rules="freethreading-*,-freethreading-build-*").info, [])


if __name__ == "__main__":
    unittest.main()
