"""cibuildwheel's settings, read as cibuildwheel would apply them to its
free-threaded builds (files read, never executed): which free-threaded
identifiers a configuration builds, and the limited-API request its
config-settings pass to them.

Facts from cibuildwheel's own sources (selector.py, options.py):

* cp313t-* is built only when enabled: `enable = ["cpython-freethreading"]`
  (3.x, and 2.23.3 already; "all" enables it too) or
  `free-threaded-support = true` (2.x).
  From 3.1.0, cp314t-* and later are built by default; before 3.1.0 every
  free-threaded identifier needed enabling.
* An option's value comes from the top level of [tool.cibuildwheel], then
  its platform table, then each matching [[tool.cibuildwheel.overrides]]
  (replacing unless its `inherit` says append or prepend), then the
  CIBW_<OPTION> and CIBW_<OPTION>_<PLATFORM> environment variables.
* config-settings is a table or a string of space-separated key=value
  pairs passed to the build backend.

A GitHub Actions workflow is read per job (workflow_jobs): the job's CIBW_*
variables over the workflow's, its package-dir input naming the project it
builds, its pinned cibuildwheel release (the newest when none is pinned).
"""

import re
import shlex
from fnmatch import fnmatch

from .versions import release

# Sample identifiers of each platform's usual architectures: enough to tell
# whether a selector keeps a free-threaded build.
PLATFORMS = (("linux", "manylinux_x86_64"), ("windows", "win_amd64"), ("macos", "macosx_arm64"),
             ("linux", "manylinux_aarch64"), ("linux", "musllinux_x86_64"),
             ("linux", "musllinux_aarch64"), ("linux", "manylinux_i686"), ("windows", "win32"),
             ("windows", "win_arm64"), ("macos", "macosx_x86_64"), ("macos", "macosx_universal2"))
# The free-threaded builds of 3.13 and 3.14, which have no limited API.
OPT_IN_FT = ("cp313t",)  # needs enabling
DEFAULT_FT = ("cp314t",)  # built by default from cibuildwheel 3.1.0
DEFAULT_FT_FROM = (3, 1, 0)

ENV = re.compile(r"^[ \t-]*(CIBW_[A-Z0-9_]+)[ \t]*[:=][ \t]*(.*)$", re.M)
SHELL_ENV = re.compile(r"(?<![\w$])(CIBW_[A-Z0-9_]+)=(\"[^\"\n]*\"|'[^'\n]*'|[^\s\"']+)")
ACTION_VERSION = re.compile(r"pypa/cibuildwheel@v?(\d+(?:\.\d+)*)(?![\w.])"
                            r"|cibuildwheel[=~]=\s*(\d+(?:\.\d+)*)"
                            r"|pypa/cibuildwheel@[0-9a-fA-F]{7,40}[ \t]*#[ \t]*v?(\d+(?:\.\d+)*)")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
JOBS = re.compile(r"^jobs:[ \t]*$", re.M)
PACKAGE_DIR = re.compile(r"^[ \t]*package-dir:[ \t]*(\S+)", re.M)
LIMITED_OPTION = re.compile(r"--py[-_]limited[-_]api\b")
PY_API = re.compile(r"cp3\d+")


def patterns(value):
    """The selector patterns of a build/skip value (a string or a list)."""
    if isinstance(value, list):
        return [p for v in value if isinstance(v, str) for p in v.split()]
    return value.split() if isinstance(value, str) else []


def braces(pattern):
    """The patterns a shell-like {a,b} pattern stands for (cibuildwheel
    expands them: 'cp31{3,4}t-*')."""
    m = re.search(r"\{([^{}]*)\}", pattern)
    if not m:
        return [pattern]
    return [q for alt in m.group(1).split(",")
            for q in braces(pattern[:m.start()] + alt + pattern[m.end():])]


def selects(value, ident):
    return any(fnmatch(ident, q) for p in patterns(value) for q in braces(p))


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def workflow_env(text, first_line=1):
    """The CIBW_* variables a workflow text sets, as {name: (value, line)}:
    env keys (a folded or literal block, > or |, joined into one line), and
    VAR=value assignments of a command line. first_line is the line of the
    text's start in its file."""
    out = {}
    lines = text.split("\n")
    for m in ENV.finditer(text):
        line = text.count("\n", 0, m.start())
        value = m.group(2).split(" #")[0].strip()
        if value in (">", "|", ">-", "|-", ">+", "|+"):
            indent = len(lines[line]) - len(lines[line].lstrip())
            block = []
            for follow in lines[line + 1:]:
                if follow.strip() and len(follow) - len(follow.lstrip()) <= indent:
                    break
                block.append(follow.strip())
            value = " ".join(b for b in block if b)
        out[m.group(1)] = (unquote(value), first_line + line)
    for m in SHELL_ENV.finditer(text):  # VAR=value before a command
        out.setdefault(m.group(1), (unquote(m.group(2)), first_line + text.count("\n", 0, m.start())))
    return out


def workflow_jobs(text):
    """[(the CIBW_* variables, the job's text)] of each job of a GitHub
    Actions workflow that runs cibuildwheel: the workflow's top-level env,
    then the job's own (steps included). A text without a jobs: key is one
    job."""
    m = JOBS.search(text)
    if not m:
        return [(workflow_env(text), text)] if "cibuildwheel" in text else []
    top = workflow_env(text[:m.start()])
    body_start = m.end() + 1
    body = text[body_start:]
    first = re.search(r"^([ \t]+)\S", body, re.M)
    if not first:
        return []
    starts = [j.start() for j in re.finditer(r"^" + first.group(1) + r"[\w.-]+:", body, re.M)]
    out = []
    for a, b in zip(starts, starts[1:] + [len(body)]):
        job = body[a:b]
        if "cibuildwheel" in job:
            line = text.count("\n", 0, body_start + a) + 1
            out.append(({**top, **workflow_env(job, line)}, job))
    return out


def job_builds(job, repo_root, root, join):
    """Whether a workflow job's cibuildwheel builds the project at root: its
    package-dir input (the repository root by default) names it."""
    m = PACKAGE_DIR.search(job)
    where = unquote(m.group(1)) if m else "."
    return EXPRESSION.search(where) is not None or join(repo_root, where) == root


def cibuildwheel_versions(texts):
    """The cibuildwheel releases the workflows pin (action refs, ==/~= pins);
    a pin of fewer than three numbers (@v3) stands for the newest release it
    admits."""
    found = []
    for text in texts:
        for m in ACTION_VERSION.finditer(text):
            v = release(m.group(1) or m.group(2) or m.group(3))
            if v:
                found.append(v + (10 ** 6,) * max(0, 3 - len(v)))
    return found


def enabled_ft(cfg, env, versions):
    """The free-threaded Python tags the configuration builds, before
    build/skip: the opted-in ones (CIBW_ENABLE adds to enable), and those
    built by default when no pinned cibuildwheel predates 3.1.0."""
    enable = patterns(cfg.get("enable", "")) + env.get("CIBW_ENABLE", ("",))[0].split()
    support = env.get("CIBW_FREE_THREADED_SUPPORT", (None,))[0]
    support = cfg.get("free-threaded-support") if support is None else support.lower() in ("1", "true", "yes")
    opted = support is True or "cpython-freethreading" in enable or "all" in enable
    by_default = not versions or any(v >= DEFAULT_FT_FROM for v in versions)
    return (OPT_IN_FT + DEFAULT_FT) if opted else (DEFAULT_FT if by_default else ())


def selector(cfg, env, platform, name, default):
    """A build/skip value as cibuildwheel cascades it (top level, platform
    table, environment), with each ${{ expression }} standing for anything
    in build and dropped from skip (the workflow's matrix decides it)."""
    plat = cfg.get(platform) if isinstance(cfg.get(platform), dict) else {}
    value = plat.get(name, cfg.get(name, default))
    key = "CIBW_" + name.upper()
    if key in env:
        value = env[key][0]
    value = " ".join(patterns(value))
    if name == "build":
        return EXPRESSION.sub("*", value) or default
    return " ".join(EXPRESSION.sub(" ", value).split())


def ft_identifiers(cfg, env, versions):
    """[(identifier, platform)] of the sample free-threaded builds the
    configuration keeps."""
    out = []
    for tag in enabled_ft(cfg, env, versions):
        for platform, suffix in PLATFORMS:
            ident = f"{tag}-{suffix}"
            if selects(selector(cfg, env, platform, "build", "*"), ident) and \
                    not selects(selector(cfg, env, platform, "skip", ""), ident):
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


def limited_in_builds(cfg, env, versions, py_api_kept):
    """(the request, the free-threaded identifier it reaches) for the first
    sample free-threaded build whose config-settings request the limited
    API; None when none does."""
    for ident, platform in ft_identifiers(cfg, env, versions):
        for value in effective_settings(cfg, env, ident, platform):
            request = limited_request(value, py_api_kept)
            if request:
                return request, ident
    return None
