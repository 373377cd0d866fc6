"""Finding the plugin and a clang-tidy of the same LLVM major (and, for
--fix, clang-apply-replacements of that major)."""

import concurrent.futures
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from typing import List

from .common import GIL_CHECK, PLUGIN_NAME, FtError, first_line, run


@dataclass
class Toolchain:
    plugin: str          # the plugin as found (made absolute by the caller)
    clang_tidy: str
    major: int           # the LLVM major of both
    enabled: List[str]   # the checks the --checks glob enables, as clang-tidy lists them


_version_cache = {}


def tool_major(exe):
    """LLVM major version of a clang-tidy / clang-apply-replacements binary, or None."""
    if exe in _version_cache:
        return _version_cache[exe]
    major = None
    try:
        res = subprocess.run([exe, "--version"], stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, universal_newlines=True,
                             errors="replace", timeout=60)
        m = re.search(r"version (\d+)\.(\d+)\.(\d+)", res.stdout)
        if m:
            major = int(m.group(1))
    except (OSError, subprocess.SubprocessError):
        major = None
    _version_cache[exe] = major
    return major


def _llvm_dirs(usr_lib):
    """(major, name) of each llvm-N directory of usr_lib, newest first."""
    found = []
    for d in os.listdir(usr_lib) if os.path.isdir(usr_lib) else []:
        m = re.fullmatch(r"llvm-(\d+)", d)
        if m:
            found.append((int(m.group(1)), d))
    return sorted(found, reverse=True)


def clang_tidy_candidates(path_env=None, usr_lib="/usr/lib"):
    """Every clang-tidy on PATH (plain and -N suffixed) and in /usr/lib/llvm-N/bin.
    path_env: a PATH value (None: the environment's)."""
    found = []
    seen = set()

    def add(path):
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            real = os.path.realpath(path)
            if real not in seen:
                seen.add(real)
                found.append(path)

    add(shutil.which("clang-tidy", path=path_env))
    dirs = os.environ.get("PATH", "") if path_env is None else path_env
    for d in dirs.split(os.pathsep):
        if not d or not os.path.isdir(d):
            continue
        try:
            names = sorted(os.listdir(d))
        except OSError:
            continue
        for name in names:
            if re.fullmatch(r"clang-tidy-\d+", name):
                add(os.path.join(d, name))
    for _, d in _llvm_dirs(usr_lib):
        add(os.path.join(usr_lib, d, "bin", "clang-tidy"))
    return found


def plugin_candidates(root):
    """Plugins of the checkout or install prefix root (the directory above the
    launcher's): a build tree (<root>/build/llvm-N) and an install prefix
    (<root>/lib/libFreeThreadingTidy.so). (path, major-or-None), newest build first."""
    out = []
    build = os.path.join(root, "build")
    if os.path.isdir(build):
        dirs = []
        for d in os.listdir(build):
            m = re.fullmatch(r"llvm-(\d+)", d)
            if m and os.path.isfile(os.path.join(build, d, PLUGIN_NAME)):
                dirs.append((int(m.group(1)), os.path.join(build, d, PLUGIN_NAME)))
        out += [(p, v) for v, p in sorted(dirs, reverse=True)]
    for lib in ("lib", "lib64"):
        p = os.path.join(root, lib, PLUGIN_NAME)
        if os.path.isfile(p):
            out.append((p, None))
    return out


def plugin_major_from_path(plugin):
    """The N of a plugin in an llvm-N directory, else None."""
    m = re.search(r"(?:^|/)llvm-(\d+)/" + re.escape(PLUGIN_NAME) + "$", plugin)
    return int(m.group(1)) if m else None


def read_list_checks(output):
    """The check names of 'clang-tidy --list-checks' (after its header line)."""
    return [l.strip() for l in output.splitlines()[1:] if l.strip()]


def probe_plugin(clang_tidy, plugin, checks):
    """Load the plugin into clang-tidy and list the enabled checks.
    Returns (checks, None) on success or (None, built_for_major) on a version
    mismatch; raises FtError on any other failure."""
    res = run([clang_tidy, f"--load={plugin}", "--list-checks", f"--checks=-*,{checks}"])
    err = res.stderr + res.stdout
    m = re.search(r"built for LLVM (\d+) but is loaded into clang-tidy", err)
    if m:
        return None, int(m.group(1))
    m = re.search(r"^Error opening '.*?': (.*)$", err, re.M)
    if m:
        raise FtError(f"cannot load the plugin {plugin} into {clang_tidy}: {m.group(1)}")
    if "no checks enabled" in err.lower():
        raise FtError(f"--checks '{checks}' enables no check (the plugin provides "
                      f"freethreading-*; see clang-tidy --list-checks)")
    if res.returncode != 0:
        line = first_line(res.stderr) or first_line(res.stdout) or f"exit status {res.returncode}"
        raise FtError(f"cannot load the plugin {plugin} into {clang_tidy}: {line}")
    return read_list_checks(res.stdout), None


def _given_plugins(plugin_arg, environ, root):
    """The plugins to try: [(path, major-or-None)]."""
    if plugin_arg or environ.get("FT_TIDY_PLUGIN"):
        p = plugin_arg or environ["FT_TIDY_PLUGIN"]
        origin = "--plugin" if plugin_arg else "FT_TIDY_PLUGIN"
        if not os.path.isfile(p):
            raise FtError(f"plugin not found: {p} (from {origin}) does not exist")
        return [(p, plugin_major_from_path(os.path.abspath(p)))]
    plugins = plugin_candidates(root)
    if not plugins:
        raise FtError(
            f"plugin not found: no --plugin, no FT_TIDY_PLUGIN, no "
            f"{os.path.join(root, 'build', 'llvm-N', PLUGIN_NAME)} and no "
            f"{os.path.join(root, 'lib', PLUGIN_NAME)}; build it with "
            f"'bash scripts/build.sh 19' or pass --plugin")
    return plugins


def _load_given(exe, plugins, checks):
    """With one plugin and one clang-tidy, a plugin that loads has passed its
    version guard (it refuses a clang-tidy of another LLVM major) and names
    the enabled checks: that settles it, and the major is the one the
    plugin's build directory names. '--version' is asked when the directory
    names none (an install prefix), alongside. (Every subprocess here is
    start-up that each -jN run pays before its first unit.) None when that
    does not settle it."""
    if len(plugins) != 1:
        return None
    plugin, pmajor = plugins[0]
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        version = pool.submit(tool_major, exe) if pmajor is None else None
        try:
            names, _ = probe_plugin(exe, plugin, checks)
        except FtError:
            names = None  # asked again by the caller, for the message that fits
        loaded_major = version.result() if version else pmajor
    if names is not None and loaded_major is not None:
        return Toolchain(plugin, exe, loaded_major, names)
    return None


def find_tools(plugin_arg, clang_tidy_arg, checks, root, environ=None):
    """Pick the plugin, the clang-tidy and the enabled checks. root is the
    checkout or install prefix the launcher belongs to."""
    environ = os.environ if environ is None else environ
    plugins = _given_plugins(plugin_arg, environ, root)

    if clang_tidy_arg or environ.get("FT_TIDY_CLANG_TIDY"):
        given = clang_tidy_arg or environ["FT_TIDY_CLANG_TIDY"]
        where = "--clang-tidy" if clang_tidy_arg else "FT_TIDY_CLANG_TIDY"
        exe = given if os.sep in given else shutil.which(given)
        if not exe or not os.path.isfile(exe):
            raise FtError(f"clang-tidy not found: {given} (from {where}) does not exist")
        settled = _load_given(exe, plugins, checks)
        if settled:
            return settled
        major = tool_major(exe)
        if major is None:
            raise FtError(f"{exe} (from {where}) is not a clang-tidy: '--version' names no LLVM version")
        tidies = [(exe, major)]
        tidy_given = True
    else:
        candidates = clang_tidy_candidates(environ.get("PATH"))
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            tidies = list(zip(candidates, pool.map(tool_major, candidates)))
        tidies = [(t, v) for t, v in tidies if v is not None]
        tidy_given = False
        if not tidies:
            raise FtError("no clang-tidy found on PATH or in /usr/lib/llvm-N/bin; install "
                          "clang-tidy-19 (Debian: apt-get install clang-tidy-19) or pass --clang-tidy")
    return _match(plugins, tidies, tidy_given, checks)


def find_tools_for(options, root, build_rules):
    """find_tools for the command line's options. A --checks glob that
    selects build-configuration rules only (build_rules) enables no check of
    the plugin: missing-mod-gil is run anyway, for the module verdicts, and
    no check counts as enabled."""
    try:
        return find_tools(options.plugin, options.clang_tidy, options.checks, root)
    except FtError as e:
        if not build_rules or "enables no check" not in str(e):
            raise
    tools = find_tools(options.plugin, options.clang_tidy, f"{options.checks},{GIL_CHECK}", root)
    tools.enabled = []
    return tools


def _match(plugins, tidies, tidy_given, checks):
    """A plugin of known major takes the first clang-tidy of that major; one
    of unknown major (an install prefix, a renamed file) is loaded to ask it."""
    mismatches = []
    for plugin, pmajor in plugins:
        if pmajor is None:
            # Ask the plugin by loading it: it loads, or names its LLVM. A
            # clang-tidy too old for its version guard may fail otherwise:
            # try the next major.
            failure = None
            for exe, tmajor in tidies:
                try:
                    names, built_for = probe_plugin(exe, plugin, checks)
                except FtError as e:
                    if "enables no check" in str(e):
                        raise
                    failure = failure or e
                    continue
                if names is not None:
                    return Toolchain(plugin, exe, tmajor, names)
                pmajor = built_for
                break
            if pmajor is None:
                raise failure
        for exe, tmajor in tidies:
            if tmajor == pmajor:
                names, built_for = probe_plugin(exe, plugin, checks)
                if names is None:
                    raise FtError(f"the plugin {plugin} was built for LLVM {built_for} but "
                                  f"{exe} is LLVM {tmajor}")
                return Toolchain(plugin, exe, tmajor, names)
        mismatches.append((plugin, pmajor))

    plugin, pmajor = mismatches[0]
    have = ", ".join(f"{t} (LLVM {v})" for t, v in tidies)
    if tidy_given:
        raise FtError(f"the plugin {plugin} was built for LLVM {pmajor} but the clang-tidy "
                      f"{tidies[0][0]} is LLVM {tidies[0][1]}; use "
                      f"/usr/lib/llvm-{pmajor}/bin/clang-tidy or a plugin built for "
                      f"LLVM {tidies[0][1]}")
    raise FtError(f"no clang-tidy of LLVM {pmajor} found for the plugin {plugin} (found: {have}); "
                  f"install clang-tidy-{pmajor} or pass --clang-tidy")


def find_apply_replacements(clang_tidy, major):
    candidates = [os.path.join(os.path.dirname(clang_tidy), "clang-apply-replacements"),
                  os.path.join(os.path.dirname(os.path.realpath(clang_tidy)), "clang-apply-replacements"),
                  shutil.which(f"clang-apply-replacements-{major}") or "",
                  f"/usr/lib/llvm-{major}/bin/clang-apply-replacements",
                  shutil.which("clang-apply-replacements") or ""]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK) and tool_major(c) == major:
            return c
    raise FtError(f"--fix needs clang-apply-replacements of LLVM {major}; none found next to "
                  f"{clang_tidy}, on PATH or in /usr/lib/llvm-{major}/bin (Debian: apt-get install "
                  f"clang-tools-{major})")
