"""cibuildwheel's settings and scikit-build-core's CMake builds, as the
build-configuration rules read them (python/ft_tidy/buildcibw.py,
buildcmake.py). Expected values worked out by hand from cibuildwheel's,
scikit-build-core's and CMake's sources (cited in those modules)."""

import os
import unittest

import ftpath  # noqa: F401
from tmpdir import TmpDirTest, write
from ft_tidy.buildcibw import (braces, cibuildwheel_versions, effective_settings, ft_identifiers,
                               limited_request, requires_python)
from ft_tidy.buildworkflow import cibuildwheel_steps
from ft_tidy.buildcmake import find_python_at, mentions_anywhere, old_cmake_admitted, unguarded_sabi
from ft_tidy.buildconfig import (FT_WHEELS, LIMITED_API, WINDOWS_DEFINE, check_build, enabled_rules,
                                 restricted)
from ft_tidy.project import Project
from ft_tidy.versions import admits_before, contains

LIMITED = {"--build-option": "--py-limited-api=cp39"}


class CibuildwheelTest(unittest.TestCase):
    def idents(self, cfg, env=None, versions=(), **kw):
        found = ft_identifiers(cfg, env or {}, list(versions), **kw)
        return None if found is None else [i for i, _ in found]

    def test_which_free_threaded_builds(self):
        # The samples are 3.13's and 3.14's (no limited API there).
        every = ["cp314t-manylinux_x86_64", "cp314t-win_amd64", "cp314t-macosx_arm64",
                 "cp314t-manylinux_aarch64", "cp314t-musllinux_x86_64", "cp314t-musllinux_aarch64",
                 "cp314t-manylinux_i686", "cp314t-win32", "cp314t-win_arm64", "cp314t-macosx_x86_64",
                 "cp314t-macosx_universal2"]
        linux = [i for i in every if "linux" in i]
        # No pin: the newest cibuildwheel builds cp314t and later by default.
        self.assertEqual(self.idents({}), every)
        v3 = cibuildwheel_versions(["uses: pypa/cibuildwheel@v3"])
        self.assertEqual(self.idents({"enable": ["cpython-freethreading"]}, versions=v3)[:3],
                         ["cp313t-manylinux_x86_64", "cp313t-win_amd64", "cp313t-macosx_arm64"])
        # 4.0.0 and later have no cp313t; "all" enables it before 3.4.1 only;
        # free-threaded-support is 2.x's.
        self.assertEqual(self.idents({"enable": ["cpython-freethreading"]})[0], "cp314t-manylinux_x86_64")
        self.assertEqual(self.idents({"enable": "all"}, versions=[(3, 4, 0)])[0], "cp313t-manylinux_x86_64")
        self.assertEqual(self.idents({"enable": "all cpython-freethreading"}, versions=[(3, 4, 1)])[0],
                         "cp314t-manylinux_x86_64")
        self.assertEqual(self.idents({"free-threaded-support": True}, versions=[(2, 23, 3)])[0],
                         "cp313t-manylinux_x86_64")
        self.assertEqual(self.idents({"free-threaded-support": True, "skip": "cp314t-*"}, versions=v3), [])
        # cp313t from 2.18.1; cp314t from 3.0.0, where it also needs
        # cpython-prerelease; enable from 2.22.0.
        self.assertEqual(self.idents({"free-threaded-support": True}, versions=[(2, 16, 2)]), [])
        self.assertEqual(self.idents({"enable": "cpython-freethreading"}, versions=[(2, 21, 1)]), [])
        self.assertEqual(self.idents({"enable": "cpython-freethreading"}, versions=[(3, 0, 1)])[-1],
                         "cp313t-macosx_universal2")
        self.assertEqual(self.idents({"enable": "cpython-freethreading cpython-prerelease"},
                                     versions=[(3, 0, 1)])[-1], "cp314t-macosx_universal2")
        # Before 3.1.0 nothing free-threaded is built unless enabled; @v2
        # stands for the newest 2.x, @v3 for the newest 3.x.
        self.assertEqual(self.idents({}, versions=cibuildwheel_versions(["uses: pypa/cibuildwheel@v2.23.3"])), [])
        self.assertEqual(self.idents({}, versions=cibuildwheel_versions(["uses: pypa/cibuildwheel@v2"])), [])
        self.assertEqual(self.idents({}, versions=cibuildwheel_versions(["uses: pypa/cibuildwheel@v3"])), every)
        self.assertEqual(self.idents({}, versions=cibuildwheel_versions(["pip install cibuildwheel==3.0.1"])), [])
        self.assertEqual(self.idents({"skip": "*t-*"}), [])
        self.assertEqual(self.idents({"skip": ["cp3??t-*"]}), [])
        self.assertEqual(self.idents({"build": "cp39-* cp314t-win_*"}), ["cp314t-win_amd64", "cp314t-win_arm64"])
        self.assertEqual(self.idents({"build": "cp3*-musllinux_x86_64"}), ["cp314t-musllinux_x86_64"])
        self.assertEqual(self.idents({}, {"CIBW_SKIP": ("*t-*", 3)}), [])
        self.assertEqual(self.idents({"skip": "*t-*"}, {"CIBW_SKIP": ("pp*", 3)}), every)
        # CIBW_ENABLE adds to enable; an empty build is "*"; braces expand;
        # build and skip of a platform table; a matrix expression in build
        # stands for anything, in skip for nothing.
        v2 = cibuildwheel_versions(["uses: pypa/cibuildwheel@v2.23.3"])
        self.assertEqual(self.idents({"enable": ["cpython-freethreading"]}, {"CIBW_ENABLE": ("pypy", 3)}, v2)[0],
                         "cp313t-manylinux_x86_64")
        self.assertEqual(self.idents({}, {"CIBW_BUILD": ("", 3)}), every)
        self.assertEqual(self.idents({"build": ""}), every)
        self.assertEqual(self.idents({"skip": "cp31{3,4}t-*"}), [])
        self.assertEqual(self.idents({"linux": {"skip": "*t-*"}}), [i for i in every if i not in linux])
        self.assertEqual(self.idents({"windows": {"build": "cp39-*"}}), [i for i in every if "win" not in i])
        self.assertEqual(self.idents({"skip": "cp3{13..14}t-*"}), [])
        self.assertEqual(self.idents({"build": "cp39-*"}, {"CIBW_BUILD": ("${{ matrix.python }}-*", 3)}), every)
        self.assertEqual(self.idents({}, {"CIBW_SKIP": ("${{ matrix.skip }}", 3)}), every)
        # ... and unknown when a report would depend on it.
        self.assertIsNone(self.idents({}, {"CIBW_BUILD": ("${{ matrix.python }}-*", 3)}, strict=True))
        self.assertIsNone(self.idents({}, only="${{ matrix.only }}", strict=True))
        # ... unless a literal skip pattern leaves the build out anyway.
        self.assertEqual(self.idents({}, {"CIBW_BUILD": ("${{ matrix.python }}-*", 3),
                                          "CIBW_SKIP": ("cp31*t-* ${{ matrix.skip }}", 4)}, strict=True), [])
        # --only replaces build and skip.
        self.assertEqual(self.idents({"skip": "*"}, only="cp314t-win_amd64"), ["cp314t-win_amd64"])
        self.assertEqual(self.idents({}, only="cp39-win_amd64"), [])
        self.assertEqual(self.idents({}, only="cp313t-win_amd64"), [])  # the newest has none
        # requires-python (micro 99), from the project or the variable.
        self.assertEqual(self.idents({}, requires=">=3.9,<3.14"), [])
        self.assertEqual(self.idents({}, {"CIBW_PROJECT_REQUIRES_PYTHON": (">=3.9", 3)}, requires="<3.14"),
                         every)
        self.assertEqual(self.idents({}, requires="~=3.14.0"), every)
        self.assertIsNone(self.idents({}, requires="not a specifier", strict=True))
        # A commit pin with its version in a comment; ~= and == pins.
        self.assertEqual(cibuildwheel_versions(
            ["uses: pypa/cibuildwheel@0123456789abcdef0123456789abcdef01234567 # v2.23.3"]), [(2, 23, 3)])
        big = 10 ** 6
        self.assertEqual(cibuildwheel_versions(['pip install "cibuildwheel~=3.0"', "cibuildwheel~=2.23.1",
                                                "cibuildwheel==3.1", "cibuildwheel==3.*",
                                                'pip install "cibuildwheel[uv]==3.0.0"', "uvx cibuildwheel@3.0.1",
                                                "uses: joerick/cibuildwheel@v1.9.0"]),
                         [(3, big, big), (2, 23, big), (3, 1, 0), (3, big, big), (3, 0, 0), (3, 0, 1), (1, 9, 0)])

    def test_braces_as_bracex_expands_them(self):
        self.assertEqual(braces("cp3{8..10}-*"), ("cp38-*", "cp39-*", "cp310-*"))
        self.assertEqual(braces("{a,b}{c,d}"), ("ac", "ad", "bc", "bd"))
        self.assertEqual(braces("x{}y{a}"), ("x{}y{a}",))
        # At most 1000 patterns (bracex refuses more), found at once.
        self.assertEqual(len(braces("{a,b}" * 9)), 512)
        self.assertEqual(braces("{a,b}" * 10), ("{a,b}" * 10,))
        self.assertEqual(braces("{a,b}" * 40), ("{a,b}" * 40,))

    def test_requires_python_as_cibuildwheel_finds_it(self):
        files = {"/p/setup.cfg": "[options]\npython_requires = >=3.9\n",
                 "/p/setup.py": "from setuptools import setup\nsetup(python_requires='>=3.8')\n"}
        read = lambda path: files.get(path, "")
        self.assertEqual(requires_python({"project": {"requires-python": ">=3.10"}}, "/p", read), ">=3.10")
        self.assertEqual(requires_python({}, "/p", read), ">=3.9")
        del files["/p/setup.cfg"]
        self.assertEqual(requires_python({}, "/p", read), ">=3.8")
        files["/p/setup.py"] = "setup(python_requires=V)\n"
        self.assertIsNone(requires_python({}, "/p", read))
        self.assertTrue(contains(">=3.9,<3.14", (3, 13, 99)))
        self.assertFalse(contains(">=3.9,<3.14", (3, 14, 99)))
        self.assertFalse(contains("!=3.13.*", (3, 13, 99)))
        self.assertFalse(contains("~=3.13.0", (3, 14, 99)))
        self.assertIsNone(contains(">=3.9,foo", (3, 13, 99)))

    def test_limited_requests(self):
        self.assertEqual(limited_request(LIMITED, False), "--build-option=--py-limited-api=cp39")
        self.assertEqual(limited_request({"--build-option": ["-q", "--py_limited_api=cp38"]}, False),
                         "--build-option=--py_limited_api=cp38")
        self.assertEqual(limited_request("--build-option=--py-limited-api=cp38 x=1", False),
                         "--build-option=--py-limited-api=cp38")
        self.assertIsNone(limited_request({"setup-args": "-Dfoo=1"}, True))
        self.assertIsNone(limited_request({"wheel.py-api": "cp39"}, False))
        self.assertEqual(limited_request({"wheel.py-api": "cp39"}, True), "wheel.py-api=cp39")
        self.assertIsNone(limited_request({"wheel.py-api": "py3"}, True))
        self.assertIsNone(limited_request("'unclosed", False))

    def test_cascade(self):
        cfg = {"config-settings": LIMITED,
               "windows": {"config-settings": {"x": "1"}},
               "overrides": [{"select": "cp314t-*", "config-settings": {}},
                             {"select": "*-macosx*", "inherit": {"config-settings": "append"},
                              "config-settings": {"y": "2"}}]}
        self.assertEqual(effective_settings(cfg, {}, "cp39-manylinux_x86_64", "linux"), [LIMITED])
        self.assertEqual(effective_settings(cfg, {}, "cp39-win_amd64", "windows"), [{"x": "1"}])
        self.assertEqual(effective_settings(cfg, {}, "cp314t-manylinux_x86_64", "linux"), [{}])
        self.assertEqual(effective_settings(cfg, {}, "cp315t-macosx_arm64", "macos"), [LIMITED, {"y": "2"}])
        braced = {"config-settings": LIMITED, "overrides": [{"select": "cp31{3,4}t-*", "config-settings": {}}]}
        self.assertEqual(effective_settings(braced, {}, "cp314t-win_amd64", "windows"), [{}])
        env = {"CIBW_CONFIG_SETTINGS_LINUX": ("a=b", 9)}
        self.assertEqual(effective_settings(cfg, env, "cp315t-manylinux_x86_64", "linux"), ["a=b"])

    def test_workflow_variables(self):
        text = ("jobs:\n  w:\n    env:\n      CIBW_SKIP: \"pp* *-musllinux*\"  # not these\n"
                "      CIBW_CONFIG_SETTINGS: >\n        --build-option=--py-limited-api=cp38\n"
                "        x=1\n      OTHER: 1\n      # CIBW_ARCHS: all\n    steps:\n"
                "      - run: CIBW_BUILD=cp313t-* cibuildwheel\n")
        step, = cibuildwheel_steps(text)
        self.assertEqual(step.env, {
            "CIBW_SKIP": ("pp* *-musllinux*", 4),
            "CIBW_CONFIG_SETTINGS": ("--build-option=--py-limited-api=cp38 x=1", 5),
            "CIBW_BUILD": ("cp313t-*", 11)})
        self.assertTrue(step.certain)

    def test_workflow_steps(self):
        text = ("on: push\njobs:\n  abi3:\n    env: {CIBW_TEST_SKIP: '*', CIBW_ENABLE: pypy}\n    steps:\n"
                "    - run: echo \"CIBW_BUILD=cp3*\" >> $GITHUB_ENV\n"
                "    - uses: pypa/cibuildwheel@v3.1.4\n      env:\n        CIBW_BUILD: cp39-*\n"
                "    - uses: pypa/cibuildwheel@v3.1.4\n      with:\n        package-dir: sub\n"
                "        only: cp314t-win_amd64\n"
                "  freethreaded:\n    defaults:\n      run:\n        working-directory: python\n"
                "    steps:\n      - run: |\n          pip install cibuildwheel==2.23.3\n"
                "          pipx run cibuildwheel==2.23.3 --platform linux \\\n"
                "            --enable cpython-freethreading pkg 2>&1 | tee log\n"
                "  docs:\n    steps: []\nenv:\n  CIBW_SKIP: pp*\n")
        steps = cibuildwheel_steps(text)
        # Each step sees the workflow's env (written after the jobs too),
        # the job's (a flow mapping) and its own, not another step's; what
        # an earlier step wrote to $GITHUB_ENV may or may not apply.
        self.assertEqual([s.env for s in steps], [
            {"CIBW_SKIP": ("pp*", 26), "CIBW_TEST_SKIP": ("*", 4), "CIBW_ENABLE": ("pypy", 4),
             "CIBW_BUILD": ("cp39-*", 9)},
            {"CIBW_SKIP": ("pp*", 26), "CIBW_TEST_SKIP": ("*", 4), "CIBW_ENABLE": ("pypy", 4)},
            {"CIBW_SKIP": ("pp*", 26)}])
        self.assertEqual([s.shell_env for s in steps], [{"CIBW_BUILD": ("cp3*", 6)}] * 2 + [{}])
        self.assertEqual([(s.package_dir, s.only, s.enable, s.certain, s.line) for s in steps],
                         [(".", None, [], False, 7), ("sub", "cp314t-win_amd64", [], False, 10),
                          ("python/pkg", None, ["cpython-freethreading"], True, 19)])
        self.assertEqual(cibuildwheel_versions([steps[2].job]), [(2, 23, 3), (2, 23, 3)])

    def command(self, run, more=""):
        text = "jobs:\n  w:\n    steps:\n      - run: |\n" + "".join(
            "          " + line + "\n" for line in run.split("\n")) + more
        return cibuildwheel_steps(text)

    def test_command_lines(self):
        # An install and a run on one line; pipx's --spec; a folded run.
        step, = self.command("python -m pip install cibuildwheel==3.1.4 && python -m cibuildwheel --output-dir wh")
        self.assertEqual((step.package_dir, step.certain), (".", True))
        step, = self.command("pipx run --spec cibuildwheel==3.1.4 cibuildwheel sub")
        self.assertEqual(step.package_dir, "sub")
        step, = cibuildwheel_steps("jobs:\n  w:\n    steps:\n      - run: >\n          pipx run cibuildwheel\n"
                                   "          --output-dir wh\n          sub\n")
        self.assertEqual(step.package_dir, "sub")
        # Unknown: the folder after a cd, a $variable, a flow mapping of inputs.
        self.assertIsNone(self.command("cd sub\npipx run cibuildwheel")[0].package_dir)
        self.assertIsNone(self.command("pipx run cibuildwheel $DIR")[0].package_dir)
        self.assertEqual(self.command("pipx run cibuildwheel --only \"$ONLY\"")[0].only, "$ONLY")
        step, = cibuildwheel_steps("jobs:\n  w:\n    steps:\n      - uses: pypa/cibuildwheel@v3\n"
                                   "        with: {package-dir: sub}\n")
        self.assertIsNone(step.package_dir)
        # Uncertain: two runs, other assignments, an unread pin.
        two = self.command("pipx run cibuildwheel --only cp314t-manylinux_x86_64\n"
                           "CIBW_BUILD=\"cp39-*\" CIBW_CONFIG_SETTINGS=\"x=1\" pipx run cibuildwheel")
        self.assertEqual([(s.env, s.certain) for s in two], [({}, False)])
        self.assertEqual(two[0].shell_env, {"CIBW_BUILD": ("cp39-*", 6), "CIBW_CONFIG_SETTINGS": ("x=1", 6)})
        step, = self.command('echo "hint: set CIBW_SKIP=*t-*"\n# CIBW_BUILD=x\npipx run cibuildwheel')
        self.assertEqual((step.env, step.shell_env, step.certain), ({}, {"CIBW_SKIP": ("*t-*", 5)}, False))
        self.assertFalse(self.command('pip install "cibuildwheel<3"\ncibuildwheel')[0].certain)
        self.assertFalse(self.command('pip install cibuildwheel=="${{ env.V }}"\ncibuildwheel')[0].certain)
        # Printing the identifiers builds nothing.
        self.assertEqual(self.command("cibuildwheel --print-build-identifiers"), ())
        step, = self.command("pipx run cibuildwheel==${{ env.V }} --output-dir ${{ env.OUT }}")
        self.assertEqual((step.package_dir, step.certain), (".", False))


class CMakeTest(TmpDirTest):
    def test_use_sabi_outside_guards(self):
        text = ('if(WIN32)\n  python_add_library(a MODULE USE_SABI 3.8 a.c)\nendif()\n'
                'if(NOT "${SKBUILD_SABI_VERSION}" STREQUAL "")\n'
                '  python_add_library(b MODULE USE_SABI 3.9 b.c)\nelse()\n'
                '  if(X)\n    python_add_library(c MODULE USE_SABI 3.10 c.c)\n  endif()\nendif()\n'
                'if(A)\nelseif(Python_SOABI MATCHES "t-")\nelse()\n  python_add_library(d USE_SABI 3.11 d.c)\n'
                'endif()\nmessage("USE_SABI 3.12 (\\"quoted)")\nPython3_add_library(e USE_SABI 3.13 e.c)\n')
        found = [(text.count("\n", 0, o) + 1, v) for o, v in unguarded_sabi(text)]
        # Only Python_add_library's keyword outside every if(): not a
        # message's text.
        self.assertEqual(found, [(17, "3.13")])

    def test_cmake_releases_admitted(self):
        self.assertTrue(admits_before(">=3.15", (3, 30, 3)))
        self.assertTrue(admits_before(">=3.30.2,<4", (3, 30, 3)))
        self.assertTrue(admits_before("==3.30.*", (3, 30, 3)))
        self.assertFalse(admits_before(">=3.30.3", (3, 30, 3)))
        self.assertFalse(admits_before("~=3.31", (3, 30, 3)))
        self.assertFalse(admits_before("==4.0.0", (3, 30, 3)))
        self.assertTrue(admits_before("", (3, 30, 3)))
        req = "cmake_minimum_required(VERSION 3.26...3.31)\n"
        self.assertEqual(old_cmake_admitted({}, req, (3, 30, 3)), "cmake_minimum_required(VERSION 3.26)")
        self.assertEqual(old_cmake_admitted({"cmake": {"version": "CMakeLists.txt"}}, req, (3, 30, 3)),
                         "cmake_minimum_required(VERSION 3.26)")
        self.assertIsNone(old_cmake_admitted({"cmake": {"version": ">=3.31"}}, req, (3, 30, 3)))
        self.assertIsNone(old_cmake_admitted({}, "cmake_minimum_required(VERSION 3.31)", (3, 30, 3)))
        self.assertEqual(old_cmake_admitted({"cmake": {"minimum-version": "3.20"}}, "", (3, 30, 3)),
                         'cmake.minimum-version = "3.20"')
        self.assertEqual(old_cmake_admitted({}, "", (3, 30, 3)),
                         "none declared: scikit-build-core's default, >=3.15")
        self.assertEqual(find_python_at("project(x)\nfind_package(pybind11)\nfind_package( Python3 REQUIRED)\n"), 48)
        self.assertIsNone(find_python_at("find_package(PythonLibs)\n"))

    def check(self):
        project = Project(self.root, lambda msg: None)
        return restricted(check_build([project], [self.p("m.c")]), enabled_rules("freethreading-*"))

    def test_windows_define_of_a_cmake_build(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("pyproject.toml"), '[build-system]\nrequires = ["scikit-build-core"]\n'
              'build-backend = "scikit_build_core.build"\n')
        write(self.p("CMakeLists.txt"), "cmake_minimum_required(VERSION 3.26)\n"
              "find_package(Python COMPONENTS Development.Module REQUIRED)\n"
              "python_add_library(m MODULE WITH_SOABI m.c)\n")
        c = self.check()
        self.assertEqual([(d.check, d.line, d.col) for d in c.findings], [(WINDOWS_DEFINE, 2, 14)])
        self.assertEqual(c.findings[0].tus, set())  # does not block the verdict
        # A CMake file of the project that defines it.
        write(self.p("cmake", "ft.cmake"), "add_compile_definitions(Py_GIL_DISABLED=1)\n")
        self.assertEqual(self.check().findings, [])
        os.remove(self.p("cmake", "ft.cmake"))
        with open(self.p("pyproject.toml"), "a") as f:
            f.write('\n[tool.scikit-build]\ncmake.version = ">=3.30.3"\n')
        self.assertEqual(self.check().findings, [])

    def test_a_cmake_build_requirement(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("CMakeLists.txt"), "find_package(Python COMPONENTS Development.Module REQUIRED)\n")
        project = ('[build-system]\nrequires = ["scikit-build-core", {}]\n'
                   'build-backend = "scikit_build_core.build"\n')
        # pip installs the newest cmake the requirement admits, and
        # scikit-build-core uses it before the machine's.
        write(self.p("pyproject.toml"), project.format('"cmake"'))
        self.assertEqual(self.check().findings, [])
        write(self.p("pyproject.toml"), project.format('"cmake>=3.31"'))
        self.assertEqual(self.check().findings, [])
        write(self.p("pyproject.toml"), project.format('"cmake<3.30"'))
        c = self.check()
        self.assertEqual([(d.check, d.line, d.col) for d in c.findings], [(WINDOWS_DEFINE, 1, 14)])
        self.assertIn("the build requirement 'cmake<3.30' admits no CMake release", c.findings[0].message)

    def test_any_if_block_leaves_it_alone(self):
        # Neither a version test nor a variable set from a guard elsewhere
        # is reported; a CMake file in a folder named like "buildtools" is
        # read for the Windows define.
        text = ("if(Python_VERSION VERSION_LESS 3.13)\n  python_add_library(a USE_SABI 3.8 a.c)\nelse()\n"
                "  python_add_library(a a.c)\nendif()\nif(ABI3)\n  python_add_library(b USE_SABI 3.9 b.c)\n"
                "endif()\n")
        self.assertEqual(list(unguarded_sabi(text)), [])
        # A return() under an if() decides what follows; a function's or a
        # macro's body is not read.
        early = ('if("${SKBUILD_SABI_VERSION}" STREQUAL "")\n  python_add_library(m WITH_SOABI m.c)\n'
                 '  return()\nendif()\npython_add_library(m USE_SABI 3.8 m.c)\n')
        self.assertEqual(list(unguarded_sabi(early)), [])
        body = ("function(f)\n  if(X)\n    return()\n  endif()\nendfunction()\n"
                "macro(g)\n  python_add_library(a USE_SABI 3.8 a.c)\nendmacro()\n"
                "python_add_library(b USE_SABI 3.9 b.c)\n")
        self.assertEqual([body.count("\n", 0, o) + 1 for o, _ in unguarded_sabi(body)], [9])
        write(self.p("buildtools", "py.cmake"), "add_compile_definitions(Py_GIL_DISABLED=1)\n")
        write(self.p("build", "x.cmake"), "Py_LIMITED_API\n")
        self.assertTrue(mentions_anywhere(self.root, "Py_GIL_DISABLED"))
        self.assertFalse(mentions_anywhere(self.root, "Py_LIMITED_API"))

    def test_scikit_build_py_api_by_release(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        write(self.p("CMakeLists.txt"), "python_add_library(m MODULE WITH_SOABI m.c)\n")
        project = ('[build-system]\nrequires = ["scikit-build-core{}"]\n'
                   'build-backend = "scikit_build_core.build"\n\n'
                   '[tool.scikit-build]\nwheel.py-api = "cp39"\n\n'
                   '[tool.cibuildwheel]\nconfig-settings = {{"wheel.py-api" = "cp38"}}\n')
        write(self.p("pyproject.toml"), project.format(">=0.9"))
        self.assertEqual(self.check().findings, [])
        write(self.p("pyproject.toml"), project.format("<0.9.4"))
        c = self.check()
        self.assertEqual([(d.check, d.line) for d in c.findings], [(LIMITED_API, 6), (LIMITED_API, 9)])
        self.assertIn("'scikit-build-core<0.9.4' admits no scikit-build-core", c.findings[0].message)
        self.assertIn("wheel.py-api=cp38", c.findings[1].message)


class WorkflowProjectTest(TmpDirTest):
    WORKFLOW = ("jobs:\n  wheels:\n    steps:\n      - uses: pypa/cibuildwheel@{}\n"
                "        env:\n          CIBW_BUILD_VERBOSITY: 1\n"
                "          CIBW_CONFIG_SETTINGS: \"--build-option=--py-limited-api=cp38\"\n{}")

    def setup_projects(self, *folders):
        """A setuptools project building m.c in each folder, in a repository."""
        for name in folders:
            write(self.p(name, "m.c"), "#include <Python.h>\n")
            write(self.p(name, "setup.py"), 'from setuptools import Extension, setup\n'
                  'setup(ext_modules=[Extension("m", ["m.c"])])\n')
        os.mkdir(self.p(".git"))

    def findings(self):
        project = Project(self.root, lambda msg: None)
        c = restricted(check_build([project], [self.p("m.c")]), enabled_rules("freethreading-*"))
        return [(d.check, d.file, d.line) for d in c.findings]

    def test_a_workflow_variable_reaching_free_threaded_builds(self):
        self.setup_projects("")
        wf = self.p(".github", "workflows", "wheels.yml")
        write(wf, self.WORKFLOW.format("v3.1.4", ""))
        self.assertEqual(self.findings(), [(LIMITED_API, wf, 7)])
        write(wf, self.WORKFLOW.format("v3.1.4", "          CIBW_SKIP: '*t-*'\n"))
        self.assertEqual(self.findings(), [])
        write(wf, self.WORKFLOW.format("v2.23.3", ""))
        self.assertEqual(self.findings(), [])
        write(wf, self.WORKFLOW.format("v2.23.3", "          CIBW_ENABLE: cpython-freethreading\n"))
        self.assertEqual(self.findings(), [(LIMITED_API, wf, 7)])

    def test_a_workflow_building_one_of_two_projects(self):
        # The workflow's job builds p1 (package-dir); p2 is not reached, and
        # the workflow's line is reported once.
        self.setup_projects("p1", "p2")
        wf = write(self.p(".github", "workflows", "w.yml"),
                   "jobs:\n  w:\n    steps:\n      - uses: pypa/cibuildwheel@v3.1.4\n        with:\n"
                   "          package-dir: p1\n        env:\n"
                   "          CIBW_CONFIG_SETTINGS: --build-option=--py-limited-api=cp38\n")
        projects = [Project(self.p(n), lambda msg: None) for n in ("p1", "p2")]
        c = check_build(projects, [self.p("p1", "m.c"), self.p("p2", "m.c")])
        self.assertEqual([(d.file, d.line, sorted(d.tus)) for d in c.findings],
                         [(wf, 8, [self.p("p1", "m.c")])])

    def test_a_step_whose_builds_are_unknown_reports_nothing(self):
        self.setup_projects("", "sub")
        wf = self.p(".github", "workflows", "w.yml")
        runs = ["cd sub\n          pipx run cibuildwheel==3.1.4", "pipx run cibuildwheel==3.1.4 --only \"$ONLY\"",
                "export CIBW_BUILD=cp39-*\n          pipx run cibuildwheel==3.1.4",
                "pip install 'cibuildwheel<4'\n          cibuildwheel"]
        projects = [Project(self.p(n), lambda msg: None) for n in ("", "sub")]
        for run in runs:
            write(wf, "jobs:\n  w:\n    steps:\n      - env:\n"
                  "          CIBW_CONFIG_SETTINGS: --build-option=--py-limited-api=cp38\n"
                  "        run: |\n          " + run + "\n")
            c = check_build(projects, [self.p("m.c"), self.p("sub", "m.c")])
            self.assertEqual((run, c.findings, c.info), (run, [], []))
        # Known again: the same step with the limited request reported.
        write(wf, "jobs:\n  w:\n    steps:\n      - env:\n"
              "          CIBW_CONFIG_SETTINGS: --build-option=--py-limited-api=cp38\n"
              "        run: pipx run cibuildwheel==3.1.4 sub\n")
        c = check_build(projects, [self.p("m.c"), self.p("sub", "m.c")])
        self.assertEqual([(d.line, sorted(d.tus)) for d in c.findings], [(5, [self.p("sub", "m.c")])])
        # The root project is built by no step, but the workflow builds
        # free-threaded wheels of another: no information either.
        self.assertEqual(c.info, [])
        # A workflow that names cibuildwheel where no step is read may build
        # anything.
        write(wf, "jobs: {w: {steps: [{run: cibuildwheel}]}}\n")
        c = check_build(projects, [self.p("m.c"), self.p("sub", "m.c")])
        self.assertEqual((c.findings, c.info), ([], []))

    def test_wheels_information_follows_what_cibuildwheel_builds(self):
        write(self.p("m.c"), "#include <Python.h>\n")
        os.mkdir(self.p(".git"))
        project = ('[build-system]\nrequires = ["setuptools>=75.7"]\nbuild-backend = "setuptools.build_meta"\n'
                   '[project]\nname = "m"\nversion = "1"\n[[tool.setuptools.ext-modules]]\nname = "m"\n'
                   'sources = ["m.c"]\n[tool.cibuildwheel]\n{}\n')
        def info():
            project_ = Project(self.root, lambda msg: None)
            return [d.check for d in check_build([project_], [self.p("m.c")]).info]
        # No pinned release: the newest builds cp314t-* by default.
        write(self.p("pyproject.toml"), project.format('build = "cp3*"'))
        self.assertEqual(info(), [])
        write(self.p("pyproject.toml"), project.format('skip = "*t-*"'))
        self.assertEqual(info(), [FT_WHEELS])
        write(self.p("pyproject.toml"), project.format('build = "cp3*"'))
        write(self.p(".github", "workflows", "w.yml"), "jobs:\n  w:\n    steps:\n"
              "      - uses: pypa/cibuildwheel@v2.23.3\n")
        self.assertEqual(info(), [FT_WHEELS])


if __name__ == "__main__":
    unittest.main()
