"""The build configuration of each project, as a free-threaded build sees it
(files read, never executed):

* freethreading-build-limited-api: the limited API / stable ABI requested
  for a build that can be free-threaded. The free-threaded builds of 3.13 and
  3.14 support neither: Python.h stops with an #error when Py_LIMITED_API and
  Py_GIL_DISABLED are both defined, setuptools' bdist_wheel refuses
  py_limited_api, meson-python refuses limited-api; cibuildwheel passes its
  config-settings to its free-threaded builds (buildwheels.py). It blocks the
  readiness of the modules it builds. Extension(py_limited_api=True) alone
  requests nothing (drop_lone_flags).
* freethreading-build-windows-gil-define: a Windows build of a free-threaded
  interpreter that does not define Py_GIL_DISABLED=1 (the python.org
  installer's pyconfig.h does not): the project's declared build backend
  version does not define it (setuptools does from 75.7.0, Meson from 1.5.0,
  CMake's FindPython from 3.30.3: buildcmake.py) and the project does not
  either.
* freethreading-build-free-threaded-wheels (information, in the summary): a
  wheel-building or CI configuration that never builds nor tests a
  free-threaded interpreter (buildwheels.py).
"""

import configparser
import os
import re

from .buildcmake import (CMAKE_DEFINES, find_python_at, mentions_anywhere, old_cmake_admitted,
                         unguarded_sabi)
from .buildproject import (  # noqa: F401 (the rule ids are this module's interface too)
    BUILD_RULES, FT_WHEELS, LIMITED_API, MESON_DEFINES, SETUPTOOLS_DEFINES, WINDOWS_DEFINE, BuildCheck,
    ProjectBuild, add_limited, line_of, position, skbuild_keeps_py_api, table)
from .buildsetup import GIL_VAR, LIMITED_MACRO, apply_edits, setup_requests
from .buildwheels import check_cibuildwheel, check_wheels
from .clangtidy import Note
from .common import display, is_under, norm, read_text
from .versions import excludes_from, find_requirements

def check_setup_py(pb, out, windows_needed):
    """setup.py's requests: limited API (fixes), and, when windows_needed,
    an Extension that does not define Py_GIL_DISABLED. Returns the findings
    of Extension(py_limited_api=...) flags, for drop_lone_flags."""
    flags = []
    if not os.path.isfile(pb.setup_path):
        return flags
    try:
        with open(pb.setup_path, "rb") as f:
            data = f.read()
        requests = setup_requests(pb.setup_path, data, pb.root, norm)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError, IndexError):
        return flags  # project.py has said that it is not read
    for r in requests:
        ext = f"Extension '{r.extension}'" if r.extension else "an Extension"
        if r.kind == "no-gil-define":
            if windows_needed:
                d = pb.diag(WINDOWS_DEFINE, pb.setup_path, r.line, r.col,
                            f"{ext} is built without Py_GIL_DISABLED=1 on a free-threaded Windows "
                            f"interpreter: {windows_needed}", tus=[])
                if r.why_no_fix:
                    d.notes.append(Note(pb.setup_path, r.line, r.col, f"no fix: {r.why_no_fix}"))
                out.add(d, r.edits, r.imports)
            continue
        what = {"extension": f"{ext}: py_limited_api",
                "macro": f"{ext}: the define_macros entry {LIMITED_MACRO}",
                "compile-arg": f"{ext}: -D{LIMITED_MACRO} in extra_compile_args",
                "bdist_wheel": "setup(options={'bdist_wheel': {'py_limited_api': ...}})"}[r.kind]
        # An Extension whose sources cannot be read blocks every module of
        # the project, as a project-wide request does.
        tus = (r.sources or None) if r.kind != "bdist_wheel" else None
        no_fix = r.why_no_fix and (f"{r.why_no_fix}; request it only when "
                                   f"sysconfig.get_config_var(\"{GIL_VAR}\") is false")
        add_limited(pb, out, pb.setup_path, r.line, r.col, what, no_fix, tus, r.edits, r.imports)
        if r.kind == "extension":
            flags.append(out.findings[-1])
    return flags


def drop_lone_flags(out, before, flags):
    """Drop the Extension(py_limited_api=...) findings no other limited-API
    request of the project goes with (on the Extension's sources, or
    project-wide). The flag alone only names the built file (.abi3.so with
    older setuptools; setuptools 84.2.1 ignores it on 3.13t and 3.14t): it
    defines no Py_LIMITED_API and sets no abi3 tag, and such a module builds
    and imports with the GIL disabled (measured with setuptools 69.5.1 and
    84.2.1)."""
    if not flags:
        return
    others = [d for d in out.findings[before:] if d.check == LIMITED_API and d not in flags]
    # A source of the Extension defining Py_LIMITED_API counts whether it
    # is checked in this run or not (the result must not depend on it).
    lone = [f for f in flags if not any(o.tus & f.tus for o in others)
            and not any(source_defines_limited(s) for s in sorted(f.tus) if os.path.isfile(s))]
    out.findings[before:] = [d for d in out.findings[before:] if d not in lone]
    for d in lone:
        out.fixes.pop(d, None)


def check_setup_cfg(pb, out):
    if not os.path.isfile(pb.cfg_path):
        return
    text = read_text(pb.cfg_path)
    cp = configparser.ConfigParser(interpolation=None)
    try:
        cp.read_string(text)
    except configparser.Error:
        return
    def set_to_true(v):
        return v and v.lower() not in ("false", "0", "no", "off")

    for section, key, test in (("bdist_wheel", "py_limited_api", set_to_true),
                               ("bdist_wheel", "py-limited-api", set_to_true),
                               ("build_ext", "define", lambda v: LIMITED_MACRO in v)):
        if cp.has_option(section, key) and test(cp.get(section, key).strip()):
            line = line_of(text, key, max(0, text.find(f"[{section}]")))
            add_limited(pb, out, pb.cfg_path, line, 1, f"setup.cfg [{section}] {key}",
                        "setup.cfg cannot depend on the interpreter; move the setting to "
                        f"setup.py under 'if not sysconfig.get_config_var(\"{GIL_VAR}\")'")


def check_pyproject(pb, out):
    """pyproject.toml: setuptools ext-modules, meson-python's limited-api.
    Returns the findings of ext-modules whose only request is the
    py-limited-api flag, for drop_lone_flags."""
    path, text = pb.pyproject_path, pb.pyproject_text
    headers = [i for i in range(len(text)) if text.startswith("tool.setuptools.ext-modules", i)]
    mods = table(pb.pyproject, "tool", "setuptools").get("ext-modules", []) or []
    flags = []
    for k, m in enumerate(mods if isinstance(mods, list) else []):
        if not isinstance(m, dict):
            continue
        macros = m.get("define-macros", [])
        defined = isinstance(macros, list) and any(
            isinstance(d, list) and d[:1] == [LIMITED_MACRO] for d in macros)
        if defined or m.get("py-limited-api") is True:
            name = m.get("name", "?")
            after = headers[k] if k < len(headers) else 0
            line = line_of(text, f'"{name}"', after) if isinstance(name, str) else 1
            listed = m.get("sources") if isinstance(m.get("sources"), list) else []
            srcs = [norm(s, pb.root) for s in listed if isinstance(s, str)]
            add_limited(pb, out, path, line, 1, f"[[tool.setuptools.ext-modules]] '{name}'",
                        "pyproject.toml cannot depend on the interpreter; declare this Extension "
                        "in setup.py with "
                        f"py_limited_api=not sysconfig.get_config_var(\"{GIL_VAR}\")",
                        tus=srcs or None)
            if not defined:
                flags.append(out.findings[-1])
    meson = table(pb.pyproject, "tool", "meson-python")
    if meson.get("limited-api") is True and "allow_limited_api" not in text:
        add_limited(pb, out, path, line_of(text, "limited-api"), 1,
                    "[tool.meson-python] limited-api = true",
                    "build free-threaded wheels with -Csetup-args=-Dpython.allow_limited_api=false "
                    "(for example a cibuildwheel override for the *t-* identifiers)",
                    more="; meson-python stops the build on a free-threaded interpreter before 3.15")
    return flags


MESON_LIMITED = re.compile(r"\blimited_api\s*:\s*'([^']*)'")


def check_meson(pb, out):
    """meson.build's extension_module(..., limited_api: 'V'): Meson defines
    Py_LIMITED_API for it unless python.allow_limited_api is false."""
    path = os.path.join(pb.root, "meson.build")
    if not os.path.isfile(path) or "allow_limited_api" in pb.pyproject_text:
        return  # (a project that sets python.allow_limited_api decides it itself)
    text = strip_hash_comments(read_text(path))
    for m in MESON_LIMITED.finditer(text):
        add_limited(pb, out, path, *position(text, m.start()),
                    f"extension_module(..., limited_api: '{m.group(1)}')",
                    "build free-threaded wheels with -Dpython.allow_limited_api=false "
                    "(meson-python: -Csetup-args=-Dpython.allow_limited_api=false)")


def check_cmake(pb, out):
    """A CMakeLists.txt of a scikit-build-core project that asks for the
    stable ABI with a literal version outside every if() block (scikit-build-core leaves
    SKBUILD_SABI_VERSION empty on a free-threaded interpreter; a literal is
    requested there too)."""
    path = os.path.join(pb.root, "CMakeLists.txt")
    if pb.kind() != "scikit-build-core" or not os.path.isfile(path):
        return
    text = strip_hash_comments(read_text(path))
    for offset, version in unguarded_sabi(text):
        add_limited(pb, out, path, *position(text, offset), f"USE_SABI {version}",
                    "write USE_SABI ${SKBUILD_SABI_VERSION} under "
                    "if(NOT \"${SKBUILD_SABI_VERSION}\" STREQUAL \"\"): scikit-build-core "
                    "(0.11.0 and later) leaves it empty on a free-threaded interpreter")


def check_scikit_build(pb, out):
    """[tool.scikit-build] wheel.py-api = "cp3X" under a scikit-build-core
    that keeps it on a free-threaded interpreter."""
    api = table(pb.pyproject, "tool", "scikit-build", "wheel").get("py-api")
    req = pb.kind() == "scikit-build-core" and skbuild_keeps_py_api(pb)
    if req and isinstance(api, str) and re.fullmatch(r"cp3\d+", api):
        line = line_of(pb.pyproject_text, "py-api")
        add_limited(pb, out, pb.pyproject_path, line, 1, f"[tool.scikit-build] wheel.py-api = \"{api}\"",
                    "require scikit-build-core>=0.9.4, which ignores wheel.py-api on a "
                    "free-threaded interpreter",
                    more=f"; the build requirement '{req}' admits no scikit-build-core that "
                    "ignores it there (from 0.9.4 on)")


GIL_WORD = re.compile(r"\bPy_GIL_DISABLED\b")
DIRECTIVE = re.compile(r"^\s*#\s*(\w+)\s*(.*)$")
PY_INCLUDE = re.compile(r'^[<"](?:[^<>"]*/)?Python\.h[>"]')
PYCONFIG_INCLUDE = re.compile(r'^[<"](?:[^<>"]*/)?pyconfig\.h[>"]')
C_COMMENT_OR_LITERAL = re.compile(r"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)


def blank(text):
    return re.sub(r"[^\n]", " ", text)


def strip_comments(text):
    """C/C++ text with its comments blanked (lines and columns kept)."""
    return C_COMMENT_OR_LITERAL.sub(
        lambda m: m.group(0) if m.group(0)[0] in "\"'" else blank(m.group(0)), text)


def strip_hash_comments(text):
    """Meson or CMake text with its '#' comments blanked (not in quotes)."""
    return re.sub(r"""(?m)^((?:[^#'"\n]|'[^'\n]*'|"[^"\n]*")*)(#.*)$""",
                  lambda m: m.group(1) + blank(m.group(2)), text)


def source_defines_limited(path):
    """(line, col) of a #define Py_LIMITED_API that takes effect for the
    file's #include of Python.h: made before it (or before every #include,
    when the file includes Python.h through another header), not undone,
    not in an '#if 0' block, and not under a test of Py_GIL_DISABLED made
    after pyconfig.h is included (before it, the macro is not defined yet
    on a free-threaded Linux or macOS build). None when there is none."""
    text = strip_comments(read_text(path))
    conditions = []   # [(condition, whether the branch is dead)]
    found, pyconfig, included = None, False, False
    for i, line in enumerate(text.split("\n"), 1):
        m = DIRECTIVE.match(line)
        if not m:
            continue
        word, rest = m.group(1), m.group(2).strip()
        dead = any(d for _, d in conditions)
        if word in ("if", "ifdef", "ifndef"):
            conditions.append((rest, word == "if" and rest == "0"))
        elif word in ("else", "elif") and conditions:
            cond, was_dead = conditions[-1]
            conditions[-1] = (cond, not was_dead if cond == "0" else was_dead)
        elif word == "endif" and conditions:
            conditions.pop()
        elif dead:
            continue
        elif word == "include" and PY_INCLUDE.match(rest):
            return found and found[:2]
        elif word == "include":
            pyconfig = pyconfig or bool(PYCONFIG_INCLUDE.match(rest))
            included = True
        elif word == "undef" and rest.split()[:1] == [LIMITED_MACRO]:
            found = None
        elif word == "define" and rest.split("(")[0].split()[:1] == [LIMITED_MACRO] and \
                not (pyconfig and any(GIL_WORD.search(c) for c, _ in conditions)):
            found = (i, line.index("#") + 1, included)
    # No direct #include of Python.h: only a definition made before every
    # #include is sure to precede the one that brings Python.h in.
    return found[:2] if found and not found[2] else None


def check_sources(pb, sources, out):
    for s in sources:
        if not is_under(s, pb.root):
            continue
        at = source_defines_limited(s)
        if at:
            add_limited(pb, out, s, *at, f"#define {LIMITED_MACRO} before Python.h",
                        "the source cannot test for a free-threaded build before Python.h; "
                        "define it from the build configuration, only when "
                        f"sysconfig.get_config_var(\"{GIL_VAR}\") is false", tus=[s])


def windows_reason(pb):
    """(why a free-threaded Windows build of the project lacks
    Py_GIL_DISABLED=1, the requirement that says so) when the declared build
    backend's versions cannot define it and the project's build files never
    mention it; None otherwise (a backend or project that defines it, or a
    build ft-tidy cannot judge: CMake's, another backend's)."""
    texts = [pb.pyproject_text] + [read_text(p) for p in (pb.setup_path, pb.cfg_path,
                                                          os.path.join(pb.root, "meson.build"))]
    if any(GIL_VAR in t for t in texts):
        return None
    kind = pb.kind()
    for backend, tool, first in (("setuptools", "setuptools", SETUPTOOLS_DEFINES),
                                 ("meson-python", "meson", MESON_DEFINES)):
        req = excludes_from(pb.requires, tool, first) if kind == backend else None
        if req:
            version = ".".join(map(str, first))
            return (f"the build requirement '{req}' admits no {tool} release that defines it "
                    f"(from {version} on), and the project does not define it", req)
    return None


def check_windows(pb, out, reason, before):
    """The Windows finding where setup.py had no Extension call to put it on:
    at the build requirement in pyproject.toml, without a fix."""
    if any(d.check == WINDOWS_DEFINE and d.file == pb.setup_path for d in out.findings[before:]):
        return
    path = pb.pyproject_path
    line = line_of(pb.pyproject_text, reason[1])
    d = pb.diag(WINDOWS_DEFINE, path, line, 1,
                f"a free-threaded Windows build of this project is compiled without "
                f"Py_GIL_DISABLED=1: {reason[0]}", tus=[])
    d.notes.append(Note(path, line, 1, "no fix: raise the requirement, or define "
                        "Py_GIL_DISABLED=1 when sys.platform is 'win32' and "
                        f"sysconfig.get_config_var(\"{GIL_VAR}\") is true"))
    out.add(d)


def check_windows_cmake(pb, out):
    """A scikit-build-core project whose CMakeLists.txt finds Python with
    CMake's FindPython, which defines Py_GIL_DISABLED=1 on Windows from
    3.30.3 only, while the project admits an older CMake and never
    defines it. (Too many CMake files counts as defining it: not judged.)"""
    path = os.path.join(pb.root, "CMakeLists.txt")
    if pb.kind() != "scikit-build-core" or not os.path.isfile(path) or GIL_VAR in pb.pyproject_text:
        return
    text = strip_hash_comments(read_text(path))
    at = find_python_at(text)
    # A cmake build requirement is used before the machine's CMake: pip
    # installs its newest admitted release.
    pinned = excludes_from(pb.requires, "cmake", CMAKE_DEFINES)
    if at is None or (find_requirements(pb.requires, "cmake") and not pinned):
        return
    if pinned:
        why = f"the build requirement '{pinned}' admits no CMake release that defines it"
    else:
        admitted = old_cmake_admitted(table(pb.pyproject, "tool", "scikit-build"), text, CMAKE_DEFINES)
        if not admitted:
            return
        why = (f"scikit-build-core runs the machine's CMake when it meets the project's minimum "
               f"({admitted}), while CMake's FindPython defines it only")
    if mentions_anywhere(pb.root, GIL_VAR):
        return
    line, col = position(text, at)
    d = pb.diag(WINDOWS_DEFINE, path, line, col,
                "a free-threaded Windows build of this project may be compiled without "
                f"Py_GIL_DISABLED=1: {why} from 3.30.3 on, and the project does not define it",
                tus=[])
    d.notes.append(Note(path, line, col, "no fix: set cmake.version = \">=3.30.3\" in "
                        "[tool.scikit-build] (scikit-build-core then installs a newer CMake "
                        "where the machine's is older), or define Py_GIL_DISABLED=1 for a "
                        "free-threaded Windows interpreter in CMakeLists.txt"))
    out.add(d)


def check_build(projects, sources):
    """Every finding and piece of information of the projects' build
    configuration."""
    out = BuildCheck()
    seen, reported = set(), set()
    roots = [p.root for p in projects]

    def owner(path):  # the innermost project holding path
        return max((r for r in roots if is_under(path, r)), key=len, default=None)

    for project in projects:
        owned = [s for s in sources if owner(s) == project.root]
        pb = ProjectBuild(project, owned)
        if not pb.sources:
            continue  # builds no extension ft-tidy checks
        reason = windows_reason(pb)
        before = len(out.findings)
        flags = check_setup_py(pb, out, reason and reason[0])
        if reason:
            check_windows(pb, out, reason, before)
        check_windows_cmake(pb, out)
        check_setup_cfg(pb, out)
        flags += check_pyproject(pb, out)
        check_cmake(pb, out)
        check_scikit_build(pb, out)
        check_cibuildwheel(pb, out, reported)
        check_meson(pb, out)
        check_sources(pb, owned, out)
        drop_lone_flags(out, before, flags)
        check_wheels(pb, out, seen)
    out.findings.sort(key=lambda d: (d.file, d.line, d.col))
    return out


def enabled_rules(glob):
    """The build rules a clang-tidy style --checks glob enables: comma-
    separated patterns, '-' removes, '*' matches anything, the last match
    wins."""
    on = set()
    for pat in filter(None, (p.strip() for p in glob.split(","))):
        neg = pat.startswith("-")
        rx = re.compile(re.escape(pat.lstrip("-")).replace(r"\*", ".*") + "$")
        for rule in BUILD_RULES:
            if rx.match(rule):
                (on.discard if neg else on.add)(rule)
    return on


def restricted(check, rules):
    """check with only the enabled rules' findings and information."""
    return BuildCheck([d for d in check.findings if d.check in rules],
                      [d for d in check.info if d.check in rules],
                      {d: fix for d, fix in check.fixes.items() if d.check in rules})


def apply_build_fixes(check):
    """Apply the edits of the fixable findings, per file. Returns (the
    findings fixed, warnings for the files left unchanged)."""
    by_file = {}
    for d in check.fixes:
        by_file.setdefault(d.file, []).append(d)
    fixed, warnings = [], []
    for path, diags in sorted(by_file.items()):
        edits = [e for d in diags for e in check.fixes[d][0]]
        modules = sorted({m for d in diags for m in check.fixes[d][1]})
        error = apply_edits(path, edits, modules)
        if error:
            warnings.append(f"{display(path)}: build configuration not fixed: {error}")
        else:
            for d in diags:
                d.replacements = [e.text for e in check.fixes[d][0]]
            fixed += diags
    return fixed, warnings
