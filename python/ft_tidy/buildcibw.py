"""cibuildwheel's settings, read as cibuildwheel would apply them to its
free-threaded builds (files read, never executed): which free-threaded
identifiers a configuration builds, and the limited-API request its
config-settings pass to them.

Facts from cibuildwheel's own sources (selector.py, options.py,
projectfiles.py, resources/build-platforms.toml):

* cp313t-* exists from 2.18.1 to 3.x (4.0.0 and later have none) and is
  built only when enabled: `free-threaded-support = true` (2.18.1 to 2.x),
  `enable = ["cpython-freethreading"]` (from 2.22.0), or `enable = "all"`
  (3.0.0 to 3.4.0; from 3.4.1 "all" leaves it out).
* cp314t-* exists from 3.0.0: in 3.0.x built only with both
  cpython-freethreading and cpython-prerelease enabled, from 3.1.0 by
  default.
* An identifier is built only when the project's requires-python (or
  CIBW_PROJECT_REQUIRES_PYTHON) contains its version with micro 99:
  project.requires-python, else setup.cfg's options.python_requires, else
  a literal python_requires of setup.py's setup() call.
* An option's value comes from the top level of [tool.cibuildwheel], then
  its platform table, then each matching [[tool.cibuildwheel.overrides]]
  (replacing unless its `inherit` says append or prepend), then the
  CIBW_<OPTION> and CIBW_<OPTION>_<PLATFORM> environment variables.
* build/skip patterns expand shell-like braces with bracex ({a,b}, {1..3}),
  at most 1000 patterns.
* config-settings is a table or a string of space-separated key=value
  pairs passed to the build backend.

GitHub Actions workflows are read per step that runs cibuildwheel
(buildworkflow.py). A selection that depends on a ${{ expression }} is
unknown: it stands for anything when asking whether any free-threaded build
is made, and for no request when asking whether a limited-API request
reaches one (a report is never made on a guess).
"""

import ast
import configparser
import functools
import os
import re
import shlex
from fnmatch import fnmatch

from .versions import contains, release

# Sample identifiers of each platform's usual architectures: enough to tell
# whether a selector keeps a free-threaded build.
PLATFORMS = (("linux", "manylinux_x86_64"), ("windows", "win_amd64"), ("macos", "macosx_arm64"),
             ("linux", "manylinux_aarch64"), ("linux", "musllinux_x86_64"),
             ("linux", "musllinux_aarch64"), ("linux", "manylinux_i686"), ("windows", "win32"),
             ("windows", "win_arm64"), ("macos", "macosx_x86_64"), ("macos", "macosx_universal2"))
# The free-threaded builds of 3.13 and 3.14, which have no limited API.
OPT_IN_FT = "cp313t"  # needs enabling; from 2.18.1, gone from 4.0.0
DEFAULT_FT = "cp314t"  # from 3.0.0 (enabled with cpython-prerelease), by default from 3.1.0
FIRST_313T = (2, 18, 1)
FIRST_314T = (3, 0, 0)
DEFAULT_FT_FROM = (3, 1, 0)
ENABLE_FROM = (2, 22, 0)  # enable = ["cpython-freethreading"]
ALL_FROM = (3, 0, 0)  # enable = "all"
ALL_WITHOUT_FT_FROM = (3, 4, 1)
NO_313T_FROM = (4, 0, 0)
NO_SUPPORT_OPTION_FROM = (3, 0, 0)  # free-threaded-support = true, from 2.18.1
NEWEST = (10 ** 6,) * 3
BRACE_LIMIT = 1000

ACTION_VERSION = re.compile(r"(?:(?:pypa|joerick)/)?cibuildwheel@v?(\d+(?:\.\d+)*)(?![\w.])"
                            r"|cibuildwheel(?:\[[\w,.-]*\])?[\"']?\s*(==|~=)\s*(\d+(?:\.\d+)*(?:\.\*)?)"
                            r"|(?:pypa|joerick)/cibuildwheel@[0-9a-fA-F]{7,40}[ \t]*#[ \t]*v?(\d+(?:\.\d+)*)")
LIMITED_OPTION = re.compile(r"--py[-_]limited[-_]api\b")
PY_API = re.compile(r"cp3\d+")
BRACES = re.compile(r"\{([^{}]*)\}")
RANGE = re.compile(r"(-?\d{1,9})\.\.(-?\d{1,9})(?:\.\.(-?\d{1,9}))?$")


def patterns(value):
    """The selector patterns of a build/skip value (a string or a list)."""
    if isinstance(value, list):
        return [p for v in value if isinstance(v, str) for p in v.split()]
    return value.split() if isinstance(value, str) else []


def alternatives(inner):
    """What one {...} stands for: [a, b] of a,b or of a numeric range
    a..b[..step]; None when it is not an expansion; [] when it stands for
    more than BRACE_LIMIT."""
    m = RANGE.match(inner)
    if m and "," not in inner:
        a, b, step = int(m.group(1)), int(m.group(2)), abs(int(m.group(3) or 1)) or 1
        numbers = range(a, b + (1 if b >= a else -1), step if b >= a else -step)
        return [str(n) for n in numbers] if len(numbers) <= BRACE_LIMIT else []
    return inner.split(",") if "," in inner else None


@functools.lru_cache(maxsize=512)
def braces(pattern):
    """The patterns a shell-like brace pattern stands for ('cp31{3,4}t-*',
    'cp3{13..14}t-*'); the pattern itself, unexpanded, when it stands for
    more than BRACE_LIMIT (bracex refuses it, and cibuildwheel stops)."""
    done, todo = [], [pattern]
    while todo:
        p = todo.pop()
        m = next((m for m in BRACES.finditer(p) if alternatives(m.group(1)) is not None), None)
        if not m:
            done.append(p)
            continue
        alts = alternatives(m.group(1))
        todo += [p[:m.start()] + alt + p[m.end():] for alt in reversed(alts)]
        if not alts or len(done) + len(todo) > BRACE_LIMIT:
            return (pattern,)
    return tuple(done)


def selects(value, ident):
    return any(fnmatch(ident, q) for p in patterns(value) for q in braces(p))


def cibuildwheel_versions(texts):
    """The cibuildwheel releases the texts pin (action refs, ==/~= pins): an
    action ref of fewer than three numbers (@v3) stands for the newest
    release it admits, as do ==X.* and ~=X.Y (X.*) or ~=X.Y.Z (X.Y.*);
    ==X.Y is X.Y.0."""
    found = []
    for text in texts:
        for m in ACTION_VERSION.finditer(text):
            pin = m.group(1) or m.group(3) or m.group(4)
            v = release(pin)
            if not v:
                continue
            if m.group(2) == "==" and pin.endswith(".*"):
                found.append(v + (10 ** 6,) * max(0, 3 - len(v)))
            elif m.group(2) == "==":
                found.append(v + (0,) * max(0, 3 - len(v)))
            elif m.group(2) == "~=":
                kept = v[:max(1, len(v) - 1)]
                found.append(kept + (10 ** 6,) * (3 - len(kept)))
            else:
                found.append(v + (10 ** 6,) * max(0, 3 - len(v)))
    return found


@functools.lru_cache(maxsize=256)
def job_versions(job):
    """cibuildwheel_versions of one workflow job's text."""
    return cibuildwheel_versions([job])


def enabled_ft(cfg, env, versions, enable_args=()):
    """The free-threaded Python tags some of the cibuildwheel releases
    (the newest when none is pinned) build, before build/skip: the
    opted-in ones (CIBW_ENABLE and --enable add to enable) and those built
    by default."""
    enable = patterns(cfg.get("enable", "")) + env.get("CIBW_ENABLE", ("",))[0].split() + \
        [w for a in enable_args for w in a.split()]
    support = env.get("CIBW_FREE_THREADED_SUPPORT", (None,))[0]
    support = cfg.get("free-threaded-support") if support is None else support.lower() in ("1", "true", "yes")
    tags = []
    for v in versions or [NEWEST]:
        if "all" in enable and v >= ALL_FROM:  # "all" replaces the other groups
            opted, pre = v < ALL_WITHOUT_FT_FROM, True
        else:
            opted = "cpython-freethreading" in enable and v >= ENABLE_FROM
            pre = "cpython-prerelease" in enable
        opted = opted or (support is True and v < NO_SUPPORT_OPTION_FROM)
        if opted and FIRST_313T <= v < NO_313T_FROM:
            tags.append(OPT_IN_FT)
        if v >= DEFAULT_FT_FROM or (opted and pre and v >= FIRST_314T):
            tags.append(DEFAULT_FT)
    return [t for t in (OPT_IN_FT, DEFAULT_FT) if t in tags]


def selector(cfg, env, platform, name, default):
    """A build/skip value as cibuildwheel cascades it (top level, platform
    table, environment), as written."""
    plat = cfg.get(platform) if isinstance(cfg.get(platform), dict) else {}
    value = plat.get(name, cfg.get(name, default))
    key = "CIBW_" + name.upper()
    if key in env:
        value = env[key][0]
    return " ".join(patterns(value)) or default


def setup_py_python_requires(text):
    """A literal python_requires= of a setup() call at setup.py's top level
    (or under its `if __name__ == "__main__":`), None when there is none."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    body = list(tree.body)
    body += [n for node in tree.body if isinstance(node, ast.If) for n in node.body]
    for node in body:
        call = node.value if isinstance(node, ast.Expr) else None
        func = call.func if isinstance(call, ast.Call) else None
        name = getattr(func, "id", getattr(func, "attr", None))
        if name == "setup":
            for k in call.keywords:
                if k.arg == "python_requires" and isinstance(k.value, ast.Constant) \
                        and isinstance(k.value.value, str):
                    return k.value.value
    return None


def requires_python(pyproject, root, read):
    """The project's requires-python as cibuildwheel finds it, None when it
    declares none."""
    project = pyproject.get("project") if isinstance(pyproject.get("project"), dict) else {}
    if "requires-python" in project:
        return str(project["requires-python"])
    cfg = configparser.ConfigParser(interpolation=None)
    try:
        cfg.read_string(read(os.path.join(root, "setup.cfg")))
        if cfg.has_option("options", "python_requires"):
            return cfg.get("options", "python_requires")
    except configparser.Error:
        pass
    return setup_py_python_requires(read(os.path.join(root, "setup.py")))


def ft_identifiers(cfg, env, versions, requires=None, only=None, enable_args=(), strict=False):
    """[(identifier, platform)] of the sample free-threaded builds the
    configuration keeps. requires: the project's requires-python; only: a
    --only identifier (it replaces build and skip and enables every group).
    A selection that depends on an expression or a $variable, or a
    requires-python that cannot be read, stands for every build; with
    strict, the answer is None then (unknown)."""
    requires = env.get("CIBW_PROJECT_REQUIRES_PYTHON", ("",))[0] or requires
    if only is not None and "$" in only:
        if strict:
            return None
        return ft_identifiers(cfg, env, versions, requires, None, ["cpython-freethreading"])
    if only is not None:
        tag = only.split("-")[0]
        exists = tag != OPT_IN_FT or any(v < NO_313T_FROM for v in versions or [NEWEST])
        platform = next((p for p, suffix in PLATFORMS if only.endswith(suffix)), "linux")
        candidates = [(only, platform)] if re.fullmatch(r"cp3\d{1,3}t", tag) and exists else []
    else:
        candidates = [(f"{tag}-{suffix}", platform) for tag in enabled_ft(cfg, env, versions, enable_args)
                      for platform, suffix in PLATFORMS]
    out = []
    for ident, platform in candidates:
        kept = contains(requires, (3, int(ident[3:ident.index("-") - 1]), 99)) if requires else True
        if only is None:
            build, skip = selector(cfg, env, platform, "build", "*"), selector(cfg, env, platform, "skip", "")
            if selects(" ".join(p for p in skip.split() if "$" not in p), ident):
                continue  # skipped whatever the unknown parts say
            if "$" in build + " " + skip:
                kept = None if kept is not False else False
            elif not selects(build, ident) or selects(skip, ident):
                continue
        if kept is None and strict:
            return None
        if kept is not False:
            out.append((ident, platform))
    return out


def setting_pairs(value):
    """[(key, value)] of a config-settings value (a table or a string)."""
    if isinstance(value, dict):
        pairs = []
        for k, v in value.items():
            for item in (v if isinstance(v, list) else [v]):
                pairs.append((str(k), str(item)))
        return pairs
    if not isinstance(value, str):
        return []
    try:
        words = shlex.split(value)
    except ValueError:
        words = value.split()
    return [tuple(w.split("=", 1)) if "=" in w else (w, "") for w in words]


def limited_request(value, py_api_kept):
    """The key=value of a config-settings value that requests the limited
    API on a free-threaded interpreter, None when there is none: setuptools'
    --py-limited-api passed as a build or global option, and
    scikit-build-core's wheel.py-api = "cp3X" when py_api_kept (a
    scikit-build-core that does not ignore it there)."""
    for k, v in setting_pairs(value):
        if k.lstrip("-") in ("build-option", "global-option") and LIMITED_OPTION.search(v):
            return f"{k}={v}"
        if k == "wheel.py-api" and py_api_kept and PY_API.fullmatch(v):
            return f"{k}={v}"
    return None


def effective_settings(cfg, env, ident, platform):
    """[the config-settings values that apply to ident], most general
    first, as cibuildwheel cascades them."""
    values = []

    def put(value, rule="none"):
        if value is None:
            return
        if rule == "none":
            values.clear()
        values.append(value)

    put(cfg.get("config-settings"))
    plat = cfg.get(platform) if isinstance(cfg.get(platform), dict) else {}
    plat_inherit = plat.get("inherit") if isinstance(plat.get("inherit"), dict) else {}
    put(plat.get("config-settings"), str(plat_inherit.get("config-settings", "none")))
    overrides = cfg.get("overrides") if isinstance(cfg.get("overrides"), list) else []
    for o in overrides:
        if isinstance(o, dict) and selects(o.get("select", ""), ident) and "config-settings" in o:
            inherit = o.get("inherit") if isinstance(o.get("inherit"), dict) else {}
            put(o["config-settings"], str(inherit.get("config-settings", "none")))
    put(env.get("CIBW_CONFIG_SETTINGS", (None,))[0])
    put(env.get(f"CIBW_CONFIG_SETTINGS_{platform.upper()}", (None,))[0])
    return values


def limited_in_builds(cfg, env, versions, py_api_kept, requires=None, only=None, enable_args=()):
    """(the request, the free-threaded identifier it reaches) for the first
    sample free-threaded build whose config-settings request the limited
    API; None when none does, or when which builds are made is unknown."""
    for ident, platform in ft_identifiers(cfg, env, versions, requires, only, enable_args, strict=True) or []:
        for value in effective_settings(cfg, env, ident, platform):
            request = limited_request(value, py_api_kept)
            if request:
                return request, ident
    return None
