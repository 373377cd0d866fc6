"""Memory families across the files of a project, for object-malloc-buffer's
--fix.

One translation unit cannot rename the PyObject_Malloc calls of memory held
in a field of a type the project declares in a header, or in a global other
files name: another file may allocate or release the same memory. The check
names such storages by a key that is the same in every unit ("field
Chunk::data", "var scratch") and, given a report file (option FamilyReport),
writes what its unit does with each group of memory holding one. The driver
joins the groups of all units by key into the project's families and decides
for each family:

1. first round (every unit): the candidate keys, from groups with an
   object-domain allocation and no reason of their own not to move;
2. every unit again, asked about the candidates (SharedFamilies): each group
   holding one, whatever it allocates or releases;
3. a family is closed when every project whose files it may reach was
   checked whole (every source under its root is a unit), no source that
   does not parse (nor a header only such sources read) names its storages,
   its
   keys are all candidates, no group blocks it or may hold a Python object,
   it allocates and releases, each field is declared in a file of a checked
   project whose directory holds a checked source, and each variable is
   defined in one; the units holding a closed family's calls are checked
   once more with ClosedFamilies, and their object-malloc-buffer fixes
   replace the first round's.
"""

import json
import os
import re
from typing import Dict, Optional, Set

from .common import is_under, read_text
from .project import PROJECT_MARKERS, Project, find_sources, skipped_dir

MALLOC_CHECK = "freethreading-object-malloc-buffer"
# Past this many characters of keys, the option (one command-line argument
# per unit) is not passed and nothing is decided across files.
MAX_KEYS_LENGTH = 64 * 1024


def yaml_quoted(text):
    return "'" + text.replace("'", "''") + "'"


def report_option(path):
    """The check option writing a unit's report to path."""
    return f"{MALLOC_CHECK}.FamilyReport: {yaml_quoted(path)}"


def keys_option(name, keys):
    """The check option naming keys (SharedFamilies or ClosedFamilies)."""
    return f"{MALLOC_CHECK}.{name}: {yaml_quoted(';'.join(sorted(keys)))}"


def read_report(path) -> Optional[dict]:
    """A unit's report ({"groups": [...], "files": [the files it read],
    "reached": [keys of fields it reaches other than by member access,
    "name <n>" for member names in templates], "skipped": [identifiers of
    the code its build skipped]}), or None when it was not written (the unit
    did not finish) or cannot be read."""
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    groups, files = data.get("groups"), data.get("files")
    if not isinstance(groups, list) or not all(isinstance(g, dict) for g in groups) \
            or not all(isinstance(data.get(k), list) for k in ("files", "reached", "skipped")):
        return None
    return data


def candidate_keys(reports) -> Set[str]:
    """The keys of the groups that would be fixed if their storages were not
    shared: an object-domain allocation, not an object, no reason of their
    own."""
    keys = set()
    for r in reports:
        for g in (r or {}).get("groups", []):
            if g.get("allocates") and not g.get("object") and g.get("blocked") is None:
                keys.update(g.get("keys", []))
    return keys


# A path component '..', or an absolute path to a C/C++ source or header,
# in a build description: sources outside the root that ft-tidy may not see.
LEAVES_ROOT = re.compile(r"""(^|[/\\'"])\.\.([/\\'"]|$)"""
                         r"""|['"]/[^'"\n]*\.(c|cc|cpp|cxx|h|hh|hpp|hxx|inc)['"]""",
                         re.M | re.I)


def build_files_leave_root(root):
    """Whether a build description under root (setup.py, build.py,
    setup.cfg, pyproject.toml, meson.build, CMakeLists.txt, *.cmake) names a
    path with a '..' component or an absolute C/C++ path."""
    return any(LEAVES_ROOT.search(read_text(path)) for path in files_under([root], BUILD_FILES))


def built_by_setuptools(root):
    """Whether the project at root is built by setuptools (the sources it
    compiles are then those its extensions name): no meson.build or
    CMakeLists.txt at the root, and pyproject.toml's build backend, if any,
    is setuptools'."""
    if any(os.path.isfile(os.path.join(root, f)) for f in ("meson.build", "CMakeLists.txt")):
        return False
    m = re.search(r"""^\s*build-backend\s*=\s*["']([^"']+)["']""",
                  read_text(os.path.join(root, "pyproject.toml")), re.M)
    return m is None or m.group(1).split(".")[0] == "setuptools"


def nested_projects(root):
    """The project roots strictly under root (directories holding a project
    file), read as Projects."""
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not skipped_dir(dirpath, d)]
        if dirpath != root and any(m in filenames for m in PROJECT_MARKERS):
            out.append(Project(dirpath, lambda message: None))
    return out


def complete_roots(projects, unit_sources, db_files=()):
    """The roots of the projects checked whole: the root has a project file
    (setup.py, setup.cfg, pyproject.toml), is built by setuptools with every
    source named readably, and every C/C++ source under it, every source its
    extensions list (wherever it is) and every file of the compilation
    database under it is a unit."""
    units = set(unit_sources)
    out = []
    for p in projects:
        # Projects nested in this one are part of it: each must be whole too.
        whole = [p] + nested_projects(p.root)
        if not any(os.path.isfile(os.path.join(p.root, m)) for m in PROJECT_MARKERS) \
                or not all(q.sources_known and built_by_setuptools(q.root) for q in whole) \
                or build_files_leave_root(p.root):
            continue
        sources, _ = find_sources([p.root])
        sources += [s for q in whole for e in q.extensions for s in e.sources]
        sources += [f for f in db_files if is_under(f, p.root)]
        if sources and all(s in units for s in sources):
            out.append(p.root)
    return out


class _Families:
    """Union-find over keys."""

    def __init__(self):
        self.parent: Dict[str, str] = {}

    def find(self, k):
        self.parent.setdefault(k, k)
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, keys):
        keys = list(keys)
        for k in keys[1:]:
            a, b = self.find(keys[0]), self.find(k)
            if a != b:
                self.parent[b] = a


HEADER_EXTENSIONS = (".h", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".inl", ".ipp", ".tcc", ".def")
# Sources of other languages that may name a C storage (Cython, Objective-C,
# CUDA, SWIG): not units, read for names.
OTHER_SOURCES = (".pyx", ".pxd", ".pxi", ".m", ".mm", ".cu", ".cuh", ".i", ".swg",
                 ".src", ".in", ".tmpl", ".template")
BUILD_FILES = ("setup.py", "build.py", "setup.cfg", "pyproject.toml", "meson.build",
               "cmakelists.txt", ".cmake")

# Identifiers as compilers take them: '$' and letters beyond ASCII included.
IDENTIFIER = re.compile(r"[^\W\d][\w$]*|\$[\w$]*")
# A #define with its continuation lines.
DEFINE = re.compile(r"^[ \t]*#[ \t]*define\b(?:[^\n]*\\\n)*[^\n]*", re.M)


def files_under(roots, extensions):
    """The files under the roots whose names end with one of extensions
    (skipped directories left out)."""
    out = []
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if not skipped_dir(dirpath, d)]
            out += [os.path.join(dirpath, fn) for fn in filenames
                    if fn.lower().endswith(extensions)]
    return out


def storage_name(key):
    """The identifier a key names: the field or the variable."""
    return key.split(" ", 1)[-1].rsplit("::", 1)[-1]


def unseen_words(roots, reports, unit_sources, broken):
    """The identifiers written where the units that parse do not see: the
    sources that do not parse, the headers under the roots no unit that
    parses read, sources of other languages, and, when there are sources
    that do not parse or of other languages, the #defines of the headers
    read, which those may expand. What such code does with a storage is
    known only by its name there."""
    seen = set()
    for source, r in zip(unit_sources, reports):
        if source not in broken:
            seen.update((r or {}).get("files", []))
    others = files_under(roots, OTHER_SOURCES)
    texts = list(broken) + others
    defines = []
    for h in files_under(roots, HEADER_EXTENSIONS):
        if h not in seen:
            texts.append(h)
        elif broken or others:
            defines.append(h)
    words = set()
    for path in texts:
        words.update(IDENTIFIER.findall(read_text(path)))
    for path in defines:
        for m in DEFINE.finditer(read_text(path)):
            words.update(IDENTIFIER.findall(m.group(0)))
    return words


def closed_keys(reports, examined, roots, unit_sources, broken=()):
    """The keys of the closed families (see the module's description), from
    the second round's reports (one per unit, None for a unit without a
    report: then nothing is closed); roots: those checked whole (a family
    with a group in a unit outside them is not closed); broken: the sources
    that do not parse (see unseen_words)."""
    if any(r is None for r in reports):
        return set()
    words = unseen_words(roots, reports, unit_sources, set(broken))
    reached = set()
    for r in reports:
        words.update(r.get("skipped", []))
        reached.update(r.get("reached", []))
    groups = []
    for source, r in zip(unit_sources, reports):
        inside = any(is_under(source, root) for root in roots)
        groups += [dict(g, outside=not inside) for g in r["groups"] if g.get("keys")]
    fams = _Families()
    for g in groups:
        fams.join(g["keys"])
    source_dirs = {os.path.dirname(s) for s in unit_sources}

    def under_root(path):
        return any(is_under(path, r) for r in roots)

    state = {}
    for g in groups:
        f = state.setdefault(fams.find(g["keys"][0]), {
            "keys": set(), "bad": False, "allocates": False, "frees": False,
            "defined": set()})
        f["keys"].update(g["keys"])
        f["bad"] |= g.get("blocked") is not None or bool(g.get("object")) or g["outside"]
        f["allocates"] |= bool(g.get("allocates"))
        f["frees"] |= bool(g.get("frees"))
        files = g.get("files", {})
        for k in g.get("defined", []):
            if under_root(files.get(k, "")):
                f["defined"].add(k)
        for k in g["keys"]:
            path = files.get(k, "")
            name = storage_name(k)
            if name in words or k in reached or f"name {name}" in reached:
                f["bad"] = True
            if k.startswith("field ") and not (
                    under_root(path) and os.path.dirname(path) in source_dirs):
                f["bad"] = True
            if not k.startswith(("field ", "var ")):
                f["bad"] = True

    closed = set()
    for f in state.values():
        variables = {k for k in f["keys"] if k.startswith("var ")}
        if (not f["bad"] and f["allocates"] and f["frees"] and f["keys"] <= examined
                and variables <= f["defined"]):
            closed |= f["keys"]
    return closed


def renames_expected(report, closed):
    """How many calls a unit renames for the closed families (each call of a
    closed family's group in its report)."""
    return sum(g.get("calls", 0) for g in (report or {}).get("groups", [])
               if g.get("keys") and set(g["keys"]) <= closed)


def units_with_calls(reports, closed):
    """The indexes of the units whose reports hold a group of a closed family
    with calls to rename."""
    return [i for i, r in enumerate(reports) if renames_expected(r, closed)]
