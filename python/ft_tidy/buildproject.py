"""What the build-configuration rules share (buildconfig.py, buildwheels.py):
the rule ids, one project's build files (ProjectBuild), the findings they
give (BuildCheck) and the small readers of TOML and text positions."""

import os
from dataclasses import dataclass, field
from typing import Dict, List, Tuple

from .buildcmake import SKBUILD_IGNORES_PY_API
from .clangtidy import Diag, Note
from .common import is_under, read_text
from .versions import excludes_from

LIMITED_API = "freethreading-build-limited-api"
WINDOWS_DEFINE = "freethreading-build-windows-gil-define"
FT_WHEELS = "freethreading-build-free-threaded-wheels"
BUILD_RULES = (FT_WHEELS, LIMITED_API, WINDOWS_DEFINE)

# First releases that define Py_GIL_DISABLED=1 themselves when building for a
# free-threaded interpreter on Windows (setuptools' vendored distutils
# build_ext, pypa/setuptools#4662; Meson's Python dependency, mesonbuild/meson#13338).
SETUPTOOLS_DEFINES = (75, 7, 0)
MESON_DEFINES = (1, 5, 0)

ABI3T_NOTE = ("Python 3.15 adds a stable ABI for free-threaded builds, abi3t (PEP 803): "
              "a module that needs one wheel per platform can target it once it "
              "supports 3.15 and later only")
WHY_LIMITED = ("which the free-threaded builds of Python 3.13 and 3.14 do not support "
               "(Python.h stops with an #error when Py_LIMITED_API and Py_GIL_DISABLED are "
               "both defined)")

@dataclass
class BuildCheck:
    """What the build configuration of the projects gives: findings (with the
    fixes of the fixable ones), information."""
    findings: List[Diag] = field(default_factory=list)
    info: List[Diag] = field(default_factory=list)
    # finding (compared by identity) -> (its edits, the modules they import)
    fixes: Dict[Diag, Tuple[list, list]] = field(default_factory=dict)

    def add(self, diag, edits=(), imports=()):
        self.findings.append(diag)
        if edits:
            self.fixes[diag] = (list(edits), list(imports))


def load_toml(path):
    """The parsed pyproject.toml, {} when absent or unreadable (tomllib is
    Python 3.11+)."""
    if not os.path.isfile(path):
        return {}
    try:
        import tomllib
        with open(path, "rb") as f:
            return tomllib.load(f)
    except (ImportError, OSError, ValueError, RecursionError):
        return {}


def position(text, offset):
    """(1-based line, 1-based column) of an offset of text."""
    return text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)


def line_of(text, needle, start=0):
    """The 1-based line where needle first occurs in text from start (1
    when it does not)."""
    i = text.find(needle, start)
    return text.count("\n", 0, i) + 1 if i >= 0 else 1


def table(data, *keys):
    for k in keys:
        data = data.get(k, {}) if isinstance(data, dict) else {}
    return data if isinstance(data, dict) else {}


class ProjectBuild:
    """One project's build files."""

    def __init__(self, project, sources):
        self.project = project
        self.root = project.root
        self.pyproject_path = os.path.join(self.root, "pyproject.toml")
        self.pyproject = load_toml(self.pyproject_path)
        self.pyproject_text = read_text(self.pyproject_path)
        system = table(self.pyproject, "build-system")
        self.backend = system.get("build-backend") if isinstance(system.get("build-backend"), str) else None
        self.requires = system.get("requires", []) if isinstance(system.get("requires"), list) else []
        self.setup_path = os.path.join(self.root, "setup.py")
        self.cfg_path = os.path.join(self.root, "setup.cfg")
        # The sources the project builds: its Extensions', else the checked
        # sources under it (a Meson or CMake build).
        ext_sources = [s for e in project.extensions for s in e.sources]
        self.sources = ext_sources or [s for s in sources if is_under(s, self.root)]
        self.workflows = None  # [(path, text)], read when first needed
        self.wheels = None  # buildwheels.wheel_builds(self), made when first needed

    def kind(self):
        b = self.backend or ""
        if b.startswith("setuptools") or (not b and (os.path.isfile(self.setup_path)
                                                      or os.path.isfile(self.cfg_path))):
            return "setuptools"
        if b == "mesonpy":
            return "meson-python"
        if b.startswith("scikit_build_core"):
            return "scikit-build-core"
        return b or "unknown"

    def diag(self, check, path, line, col, message, notes=(), tus=None):
        d = Diag(path, line, col, "warning" if check != FT_WHEELS else "remark", message, check,
                 [Note(n[0], n[1], n[2], n[3]) for n in notes])
        d.tus = set(self.sources if tus is None else tus)
        return d


def limited_api_message(what):
    return f"{what} requests the limited API, {WHY_LIMITED}"


def add_limited(pb, out, path, line, col, what, no_fix=None, tus=None, edits=(), imports=(),
                more=""):
    """A limited-API finding of what at path:line:col: why it has no fix
    (when it has none) and the abi3t way forward as notes."""
    d = pb.diag(LIMITED_API, path, line, col, limited_api_message(what) + more, tus=tus)
    if no_fix:
        d.notes.append(Note(path, line, col, f"no fix: {no_fix}"))
    d.notes.append(Note(path, line, col, ABI3T_NOTE))
    out.add(d, edits, imports)


def skbuild_keeps_py_api(pb):
    """The build requirement that admits no scikit-build-core ignoring
    wheel.py-api on a free-threaded interpreter (before 0.9.4), or None."""
    return excludes_from(pb.requires, "scikit-build-core", SKBUILD_IGNORES_PY_API)
