"""The project: its root, what setup.py / setup.cfg / pyproject.toml say
about its extensions (read, never executed), the sources under the paths,
and a compilation database."""

import ast
import configparser
import json
import os
import re
from dataclasses import dataclass, field
from typing import Dict, List

from .common import FtError, display, norm

PROJECT_MARKERS = ("setup.py", "setup.cfg", "pyproject.toml")
SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".c++")
SKIP_DIRS = {"build", "dist", ".git", ".hg", ".svn", ".tox", ".nox", "venv", ".venv",
             "env", ".env", "__pycache__", "node_modules", ".eggs", ".mypy_cache",
             ".pytest_cache", "site-packages"}
EXTENSION_CLASSES = ("Extension", "Pybind11Extension", "CppExtension")


def project_root(path):
    """The nearest directory at or above path holding setup.py, setup.cfg or
    pyproject.toml, not going above a repository root (.git) nor out of a
    skipped directory (build output, a virtual environment...: a project
    above it does not count the files in it among its sources); else the
    path itself (or its directory, for a file)."""
    start = path if os.path.isdir(path) else os.path.dirname(path)
    d = start
    while True:
        if any(os.path.isfile(os.path.join(d, m)) for m in PROJECT_MARKERS):
            return d
        if os.path.exists(os.path.join(d, ".git")):
            break
        parent = os.path.dirname(d)
        if parent == d or skipped_dir(parent, os.path.basename(d)):
            break
        d = parent
    return start


@dataclass
class Extension:
    """A setuptools extension module as its project declares it."""
    name: str
    root: str
    sources: List[str] = field(default_factory=list)       # absolute
    include_dirs: List[str] = field(default_factory=list)  # absolute
    defines: List[str] = field(default_factory=list)       # -DNAME[=VALUE]
    sources_read: bool = True  # every source element was read


# An element of a list or tuple SetupReader cannot read ('"%s" % version'):
# distinct from a literal None, which define_macros uses for "no value".
UNREADABLE = object()


class SetupReader(ast.NodeVisitor):
    """Reads Extension(...) calls of a setup.py without running it: literal
    arguments, names bound once to a literal at module level, list
    concatenation and os.path.join of literals. Anything else is skipped."""

    def __init__(self, tree):
        self.names = {}
        for node in tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 \
                    and isinstance(node.targets[0], ast.Name):
                self.names.setdefault(node.targets[0].id, []).append(node.value)
        self.calls = []
        # The extension classes, under the names the file imports them as.
        self.classes = set(EXTENSION_CLASSES)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                self.classes.update(a.asname for a in node.names
                                    if a.asname and a.name in EXTENSION_CLASSES)
        self.sources_changed = False
        # Lists changed after they are bound in ways that cannot be read
        # (sources.append(f()) under a platform test); appending literals or
        # a glob of a literal pattern is read as harmless (the files it adds
        # are under the project or named by a literal path).
        self.mutated = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) \
                    and node.func.attr in ("append", "extend", "insert"):
                if not all(self.readable_item(a) for a in node.args[-1:]):
                    self.mutated.add(node.func.value.id)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                if not self.readable_item(node.value):
                    self.mutated.add(node.target.id)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in ("append", "extend", "insert"):
                # ext.sources.append(...): the extensions' sources change.
                self.sources_changed = True
            elif isinstance(node, (ast.Assign, ast.AugAssign, ast.Delete)):
                targets = node.targets if isinstance(node, (ast.Assign, ast.Delete)) \
                    else [node.target]
                for t in targets:
                    if isinstance(t, ast.Subscript) and isinstance(t.value, ast.Name):
                        self.mutated.add(t.value.id)
                    elif isinstance(t, ast.Attribute) and t.attr == "sources":
                        self.sources_changed = True
                    elif isinstance(t, ast.Name) and isinstance(node, ast.Assign) \
                            and node not in tree.body and not self.readable_item(node.value):
                        # Bound again where it cannot be read (in an if).
                        self.mutated.add(t.id)

    def readable_item(self, node):
        """Whether node is a literal, a list of literals, or glob(literal)."""
        if isinstance(node, ast.Call) and _called_name(node) == "glob" \
                and len(node.args) == 1 and not node.keywords:
            node = node.args[0]
        try:
            ast.literal_eval(node)
            return True
        except ValueError:
            return False

    def changed(self, node):
        """Whether node uses a list changed after it is bound in a way that
        cannot be read."""
        return any(isinstance(n, ast.Name) and n.id in self.mutated for n in ast.walk(node))

    def value(self, node, depth=0):
        """The literal value of node; ValueError when it cannot be read."""
        if depth > 10:
            raise ValueError
        if isinstance(node, ast.Name) and len(self.names.get(node.id, [])) == 1:
            return self.value(self.names[node.id][0], depth + 1)
        if isinstance(node, (ast.List, ast.Tuple)):
            out = []
            for elt in node.elts:
                try:
                    out.append(self.value(elt, depth + 1))
                except ValueError:
                    out.append(UNREADABLE)  # an element we cannot read: skipped
            return out
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left, depth + 1), self.value(node.right, depth + 1)
            if type(left) is type(right):
                return left + right
            raise ValueError
        if isinstance(node, ast.Call):
            if _called_name(node) == "join" and not node.keywords:
                parts = [self.value(a, depth + 1) for a in node.args]
                if all(isinstance(p, str) for p in parts):
                    return os.path.join(*parts)
            raise ValueError
        return ast.literal_eval(node)

    def visit_Call(self, node):
        if _called_name(node) in self.classes:
            self.calls.append(node)
        self.generic_visit(node)

    def arguments(self, call):
        """name -> value of an Extension call's readable arguments ("sources"
        missing when they cannot all be read, or the list is changed later)."""
        nodes = dict(zip(("name", "sources"), call.args[:2]))
        nodes.update((kw.arg, kw.value) for kw in call.keywords if kw.arg)
        out = {}
        for key, node in nodes.items():
            try:
                out[key] = self.value(node)
            except (ValueError, SyntaxError, TypeError):
                pass
        if "sources" in nodes and self.changed(nodes["sources"]):
            out["sources_changed"] = True
        return out


def _called_name(call):
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")


def _macro_flag(name, value):
    return f"-D{name}" if value is None else f"-D{name}={value}"


def extensions_of_setup_py(source, root, filename="setup.py", unread=None):
    """The Extensions a setup.py's text declares readably (SyntaxError or
    ValueError when it does not parse); the names of those it declares
    unreadably are added to unread, when given."""
    tree = ast.parse(source, filename)
    reader = SetupReader(tree)
    reader.visit(tree)
    exts = []
    if reader.sources_changed and unread is not None:
        unread.append("?")
    for call in reader.calls:
        args = reader.arguments(call)
        name, sources = args.get("name"), args.get("sources")
        if not isinstance(name, str) or not isinstance(sources, list):
            if unread is not None:
                unread.append(name if isinstance(name, str) else "?")
            continue
        ext = Extension(name, root)
        ext.sources = [norm(s, root) for s in sources if isinstance(s, str)]
        ext.sources_read = len(ext.sources) == len(sources) and not args.get("sources_changed")
        inc = args.get("include_dirs", [])
        ext.include_dirs = [norm(d, root) for d in inc if isinstance(d, str)] if isinstance(inc, list) else []
        macros = args.get("define_macros", [])
        for m in macros if isinstance(macros, list) else []:
            if isinstance(m, (tuple, list)) and len(m) == 2 and isinstance(m[0], str) \
                    and m[1] is not UNREADABLE:
                ext.defines.append(_macro_flag(m[0], m[1]))
        exts.append(ext)
    return exts


def read_setup_py(root, warn, unread=None):
    path = os.path.join(root, "setup.py")
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return extensions_of_setup_py(f.read(), root, path, unread)
    except (OSError, SyntaxError, ValueError, RecursionError, MemoryError) as e:
        warn(f"{display(path)}: not read ({e.__class__.__name__}); its Extension() settings are ignored")
        if unread is not None:
            unread.append("?")
        return []


def read_setup_cfg(root):
    """include_dirs of [build_ext] in setup.cfg (setuptools' own option)."""
    path = os.path.join(root, "setup.cfg")
    if not os.path.isfile(path):
        return []
    cp = configparser.ConfigParser(interpolation=None)
    try:
        cp.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeError):
        return []
    out = []
    for key in ("include_dirs", "include-dirs"):
        if cp.has_option("build_ext", key):
            for d in re.split(r"[\s%s,]+" % re.escape(os.pathsep), cp.get("build_ext", key)):
                if d:
                    out.append(norm(d, root))
    return out


def read_pyproject(root):
    """[[tool.setuptools.ext-modules]] of pyproject.toml (needs tomllib, Python 3.11+)."""
    path = os.path.join(root, "pyproject.toml")
    if not os.path.isfile(path):
        return []
    try:
        import tomllib
    except ImportError:
        return []
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except (OSError, ValueError):
        return []
    mods = data.get("tool", {}).get("setuptools", {}).get("ext-modules", [])
    exts = []
    for m in mods if isinstance(mods, list) else []:
        if not isinstance(m, dict) or not isinstance(m.get("name"), str):
            continue
        ext = Extension(m["name"], root)
        ext.sources = [norm(s, root) for s in m.get("sources", []) if isinstance(s, str)]
        ext.include_dirs = [norm(d, root) for d in m.get("include-dirs", []) if isinstance(d, str)]
        for d in m.get("define-macros", []):
            if isinstance(d, list) and len(d) == 2 and isinstance(d[0], str):
                ext.defines.append(_macro_flag(d[0], d[1]))
        exts.append(ext)
    return exts


class Project:
    """A project root with its extensions and include directories."""

    def __init__(self, root, warn):
        self.root = root
        self.extensions: List[Extension] = []
        unread: List[str] = []
        if os.path.isfile(os.path.join(root, "setup.py")):
            self.extensions += read_setup_py(root, warn, unread)
        self.extensions += read_pyproject(root)
        # Whether every source the extensions name is known (for decisions
        # that need all of a project's files, families.py).
        # (A poetry build.py is not read.)
        self.sources_known = not unread and all(e.sources_read for e in self.extensions) \
            and not os.path.isfile(os.path.join(root, "build.py"))
        self.include_dirs: List[str] = []
        inc = os.path.join(root, "include")
        if os.path.isdir(inc):
            self.include_dirs.append(norm(inc))
        self.include_dirs += read_setup_cfg(root)
        self.by_source: Dict[str, Extension] = {}
        for ext in self.extensions:
            for s in ext.sources:
                self.by_source.setdefault(s, ext)

    def flags_for(self, source):
        """-I and -D for a source of this project."""
        ext = self.by_source.get(source)
        dirs, defines = [], []
        if ext:
            dirs += ext.include_dirs
            defines += ext.defines
        else:  # a file of no readable Extension: every Extension's include dirs
            for e in self.extensions:
                dirs += e.include_dirs
        dirs += self.include_dirs
        out = []
        for d in dirs:
            if f"-I{d}" not in out and os.path.isdir(d):
                out.append(f"-I{d}")
        return out + defines


def skipped_dir(dirpath, name):
    """Whether the directory name in dirpath is not searched (build output, VCS,
    a virtual environment...)."""
    if name in SKIP_DIRS or name.endswith(".egg-info"):
        return True
    full = os.path.join(dirpath, name)
    return os.path.isfile(os.path.join(full, "pyvenv.cfg"))


def find_sources(paths):
    """(sources, explicitly named) under the given paths, sorted."""
    out, explicit = [], set()
    for p in paths:
        if os.path.isfile(p):
            out.append(norm(p))
            explicit.add(norm(p))
            continue
        for dirpath, dirnames, filenames in os.walk(p):
            dirnames[:] = sorted(d for d in dirnames if not skipped_dir(dirpath, d))
            for fn in sorted(filenames):
                if fn.lower().endswith(SOURCE_EXTENSIONS):
                    out.append(norm(os.path.join(dirpath, fn)))
    seen, uniq = set(), []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq, explicit


def in_skipped_dir(path, root):
    """Whether path lies in a skipped directory below root."""
    rel = os.path.relpath(path, root)
    parts = rel.split(os.sep)[:-1]
    d = root
    for part in parts:
        if skipped_dir(d, part):
            return True
        d = os.path.join(d, part)
    return False


def project_roots(paths, sources):
    """A project per setup.py/setup.cfg/pyproject.toml directory holding
    sources, else per PATH; the innermost first."""
    roots = []
    for p in [norm(p) for p in paths] + list(sources):
        r = project_root(p)
        if r not in roots:
            roots.append(r)
    roots.sort(key=len, reverse=True)
    return roots


def read_compile_db(p):
    """(the database's directory, its files) of DIR/compile_commands.json or FILE."""
    path = os.path.join(p, "compile_commands.json") if os.path.isdir(p) else p
    if not os.path.isfile(path):
        raise FtError(f"no compile_commands.json in {p}")
    try:
        with open(path, encoding="utf-8") as f:
            entries = json.load(f)
        files = []
        for e in entries:
            files.append(norm(e["file"], e.get("directory", os.path.dirname(path))))
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise FtError(f"{path}: not a compilation database ({e.__class__.__name__}: {e})")
    return os.path.dirname(os.path.abspath(path)), files
