#!/usr/bin/env python3
"""Robustness run: ft-tidy over many real C/C++ extensions and CPython's own modules.

    test/robustness/run_robustness.py [--llvm 19] [-j 2] [--timeout 300]
        [--only NAME ...] [--no-cpython] [--ft-python EXE] [--results FILE | --commit-results]

For every project of test/robustness/manifest.json (a pinned sdist of a
hand-written C or C++ extension released before its free-threading port) and
for CPython 3.13's own Modules/*.c and Objects/*.c (from the source tarball
that build/python-ft was built from):

 1. download the sdist (`pip download --no-deps --no-binary NAME`, cached in
    build/robustness/downloads/, sha256 checked) and unpack it twice, as
    original/ and fixed/;
 2. run `tools/ft-tidy --format json` on each listed file of original/ (lint)
    and `tools/ft-tidy --fix --compat-header ft_compat.h` on the same file of
    fixed/, one ft-tidy run per file, each with a time limit;
 3. compile every file that --fix changed (and every listed file that
    includes a changed header) with `gcc`/`g++ -fsyntax-only`, against the
    default headers (the distribution's python3, plus test/runtime/compat)
    and against the free-threaded CPython's headers, and compile the
    original file the same way.

It fails (exit status 1) on a clang-tidy crash, an ft-tidy exit status 2 or
Python traceback, a time-out, or a fixed file that does not compile where
its original does. A file that does not parse, or an original that does not
compile, is recorded, not failed. Exit status 77 (with a loud message) means
the package index could not be reached and nothing was tested; 2 is a
configuration error. The table goes to build/robustness/RESULTS.md
(test/robustness/RESULTS.md with --commit-results).
"""

import argparse
import concurrent.futures
import glob
import json
import os
import re
import resource
import shlex
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
from fix_shapes import shape_of, shape_rows  # noqa: E402

MANIFEST = os.path.join(HERE, "manifest.json")
COMPAT_DIR = os.path.join(ROOT, "test", "runtime", "compat")
FT_TIDY = os.path.join(ROOT, "tools", "ft-tidy")
SKIP_STATUS = 77
DEFAULT_TIMEOUT = 120      # seconds, one ft-tidy run (one file); the slowest takes about 7
COMPILE_TIMEOUT = 300      # seconds, one compiler run
PIP_TIMEOUT = 900          # seconds, one pip download run
PIP_PARALLEL = 3           # pip download processes at once (network-bound)
C_EXTENSIONS = (".c",)
CXX_EXTENSIONS = (".cc", ".cpp", ".cxx", ".c++")
# An implicitly declared function compiles in C with a warning only: a fix
# calling an API the headers do not declare would slip through as a warning.
C_FLAGS = ["-Werror=implicit-function-declaration"]
CRASH_MARKERS = ("PLEASE submit a bug report", "Stack dump", "Segmentation fault")

# The corpus runner's helpers: sha256 of a file, unpacking an sdist, and the
# text pip prints when the index cannot be reached.
sys.path.insert(0, os.path.join(ROOT, "test", "corpus"))
import run_corpus as corpus  # noqa: E402


class Unreachable(Exception):
    """The package index could not be reached."""


class ConfigError(Exception):
    """A problem that stops the whole run (exit status 2)."""


_print_lock = threading.Lock()


def log(msg):
    with _print_lock:
        print(f"robustness: {msg}", flush=True)


def rel(path):
    """A path as the results show it: relative to the checkout when inside it."""
    r = os.path.relpath(path, ROOT)
    return path if r.startswith("..") else r


# --------------------------------------------------------------------------
# Processes: a time limit that also stops the children (ft-tidy starts
# clang-tidy), and an interrupt that stops what is running.

_live = set()
_live_lock = threading.Lock()


class Result:
    __slots__ = ("status", "out", "err", "timed_out", "seconds")

    def __init__(self, status, out, err, timed_out, seconds):
        self.status, self.out, self.err, self.timed_out, self.seconds = status, out, err, timed_out, seconds


def run(cmd, cwd=None, timeout=None, env=None):
    start = time.monotonic()
    try:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, start_new_session=True)
    except OSError as e:
        return Result(-1, "", f"cannot run {cmd[0]}: {e.strerror}", False, 0.0)
    with _live_lock:
        _live.add(proc.pid)
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
        out, err = proc.communicate()
    finally:
        with _live_lock:
            _live.discard(proc.pid)
    return Result(proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"),
                  timed_out, time.monotonic() - start)


def stop_all():
    with _live_lock:
        for pid in list(_live):
            try:
                os.killpg(pid, signal.SIGKILL)
            except OSError:
                pass


def write_log(path, cmd, cwd, res):
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"$ {shlex.join(cmd)}\n# cwd {cwd}\n")
        f.write(f"# exit status {res.status}{' (timed out)' if res.timed_out else ''}, {res.seconds:.1f}s\n")
        f.write("# --- stdout\n" + res.out + "\n# --- stderr\n" + res.err + "\n")


def first_error(text):
    for line in text.splitlines():
        if "error:" in line:
            return line.strip()
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else "(no output)"


# --------------------------------------------------------------------------
# Sources: the sdists and the CPython tarball

def pip_command():
    """pip of the running interpreter, else the distribution's."""
    for exe in (sys.executable, "/usr/bin/python3"):
        if exe and run([exe, "-m", "pip", "--version"], timeout=60).status == 0:
            return [exe, "-m", "pip"]
    raise ConfigError("no pip found (apt-get install python3-pip)")


def fetch_sdists(projects, base, logs):
    """Download the sdists missing from base/downloads and check every sha256.
    A few pip processes run at once, each for a share of the missing sdists;
    pip prepares each sdist's metadata in an isolated build environment, with
    the build tools as wheels (--no-binary names only the project)."""
    downloads = os.path.join(base, "downloads")
    os.makedirs(downloads, exist_ok=True)
    missing = [p for p in projects if not os.path.exists(os.path.join(downloads, p["sdist"]))]
    if missing:
        pip = pip_command()
        shares = [missing[i::PIP_PARALLEL] for i in range(min(PIP_PARALLEL, len(missing)))]
        log(f"downloading {len(missing)} sdists ({', '.join(p['name'] + '==' + p['version'] for p in missing)})")

        def one(i, share):
            cmd = pip + ["download", "--no-deps", "--no-binary", ",".join(p["name"] for p in share),
                         "--cache-dir", os.path.join(base, "pip-cache"), "--disable-pip-version-check",
                         "--progress-bar", "off", "--timeout", "60", "--retries", "2", "-d", downloads]
            cmd += [f"{p['name']}=={p['version']}" for p in share]
            res = run(cmd, timeout=PIP_TIMEOUT)
            lf = os.path.join(logs, f"download-{i}.log")
            write_log(lf, cmd, os.getcwd(), res)
            return res, lf

        with concurrent.futures.ThreadPoolExecutor(max_workers=len(shares)) as pool:
            outcomes = list(pool.map(lambda a: one(*a), enumerate(shares)))
        for res, lf in outcomes:
            if res.status != 0:
                text = res.out + res.err
                if res.timed_out or any(m.lower() in text.lower() for m in corpus.NETWORK_MARKERS):
                    raise Unreachable(f"pip download: the package index is unreachable (log: {rel(lf)})")
                tail = "\n".join("  | " + l for l in text.strip().splitlines()[-12:])
                raise ConfigError(f"pip download failed (log: {rel(lf)}):\n{tail}")
    paths = {}
    for p in projects:
        path = os.path.join(downloads, p["sdist"])
        if not os.path.exists(path):
            raise ConfigError(f"pip download {p['name']}=={p['version']} did not produce {p['sdist']}")
        digest = corpus.sha256(path)
        if digest != p["sha256"]:
            raise ConfigError(f"{rel(path)}: sha256 {digest} does not match the manifest's {p['sha256']}")
        paths[p["name"]] = path
    return paths


def cpython_tree(spec, tarball, base):
    """The tarball's directories that the CPython part needs, unpacked once
    into base/cpython/src-VERSION (reused while its sha256 stamp matches)."""
    digest = corpus.sha256(tarball)
    if digest != spec["sha256"]:
        raise ConfigError(f"{tarball}: sha256 {digest} does not match the manifest's {spec['sha256']} "
                          f"(CPython {spec['version']})")
    dest = os.path.join(base, "cpython", f"src-{spec['version']}")
    stamp = os.path.join(dest, ".robustness-stamp")
    if os.path.exists(stamp) and open(stamp).read() == digest:
        return dest
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    top = f"Python-{spec['version']}"
    res = run(["tar", "-xJf", tarball, "-C", dest, "--strip-components=1"]
              + [f"{top}/{d}" for d in spec["extract"]], timeout=600)
    if res.status != 0:
        raise ConfigError(f"could not unpack {tarball}: {first_error(res.err)}")
    with open(stamp, "w") as f:
        f.write(digest)
    return dest


def default_tarball(ft_python, spec):
    """scripts/build-ft-python.sh keeps the source it built from in PREFIX-src/download."""
    prefix = os.path.dirname(os.path.dirname(os.path.abspath(ft_python)))
    return os.path.join(prefix + "-src", "download", spec["tarball"])


def legacy_problems(root, sources):
    """The manifest's promise: hand-written, and no free-threading declaration yet."""
    problems = []
    for s in sources:
        with open(os.path.join(root, s), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "Generated by Cython" in text:
            problems.append(f"{s} is Cython output, not hand-written")
        for word in ("Py_mod_gil", "Py_MOD_GIL_NOT_USED", "PyUnstable_Module_SetGIL"):
            if word in text:
                problems.append(f"{s} already names {word} (not a pre-port version)")
                break
    return problems


# --------------------------------------------------------------------------
# The tools

class Tools:
    def __init__(self, args):
        self.llvm = args.llvm
        self.plugin = os.path.join(ROOT, "build", f"llvm-{args.llvm}", "libFreeThreadingTidy.so")
        self.clang_tidy = args.clang_tidy or f"/usr/lib/llvm-{args.llvm}/bin/clang-tidy"
        self.python = args.python
        self.timeout = args.timeout
        for path, hint in ((FT_TIDY, "the ft-tidy driver is missing"),
                           (self.plugin, f"build it: bash scripts/build.sh {args.llvm}"),
                           (self.clang_tidy, f"apt-get install clang-tidy-{args.llvm}"),
                           (self.python, "apt-get install python3-dev")):
            if not os.path.exists(path):
                raise ConfigError(f"{path} not found ({hint})")
        self.cc, self.cxx = shutil.which("gcc"), shutil.which("g++")
        if not self.cc or not self.cxx:
            raise ConfigError("gcc and g++ are needed (apt-get install build-essential)")
        self.cc_version = run([self.cc, "-dumpfullversion"]).out.strip()
        self.default_version = self.py_version(self.python)
        self.ft_python = None
        self.ft_version = None

    @staticmethod
    def py_version(exe):
        res = run([exe, "-c", "import sys, sysconfig; print(sys.version.split()[0], "
                              "sysconfig.get_paths()['include'], bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"],
                  timeout=60)
        fields = res.out.split()
        if res.status != 0 or len(fields) != 3:
            raise ConfigError(f"{exe} did not report its version: {first_error(res.err)}")
        return {"version": fields[0], "include": fields[1], "free_threaded": fields[2] == "True"}

    def ft_tidy_args(self, python, include_dirs, defines, extra_args=()):
        """ft-tidy's options common to lint, --fix and --print-flags (paths as given)."""
        args = [rel(FT_TIDY), "--plugin", rel(self.plugin), "--clang-tidy", rel(self.clang_tidy),
                "--python", python, "-I", rel(COMPAT_DIR)]
        for d in include_dirs:
            args += ["-I", d]
        for d in defines:
            args += ["-D", d]
        for a in extra_args:
            args.append(f"--extra-arg={a}")
        return args


# --------------------------------------------------------------------------
# One ft-tidy run over one file

def classify(res, report):
    """What went wrong with an ft-tidy run, or None."""
    text = res.out + res.err
    if res.timed_out:
        return "timeout", "no end within the time limit"
    crash = re.search(r"clang-tidy failed on .*\(exit status (-\d+)\)", res.err)
    if res.status < 0:
        return "crash", f"ft-tidy killed by {corpus.signal_name(-res.status)}"
    if crash:
        return "crash", f"clang-tidy killed by {corpus.signal_name(-int(crash.group(1)))}: {first_line_of(res.err)}"
    if any(m in text for m in CRASH_MARKERS):
        return "crash", first_line_of(res.err)
    if "Traceback (most recent call last)" in text:
        return "traceback", "Python traceback: " + last_line_of(text)
    if res.status not in (0, 1):
        return "tool-error", f"exit status {res.status}: {first_line_of(res.err)}"
    if report is None:
        return "tool-error", f"no JSON report (exit status {res.status}): {first_line_of(res.err)}"
    return None


def first_line_of(text):
    for line in text.splitlines():
        if line.strip() and "warning:" not in line:
            return line.strip()
    return "(no output)"


def last_line_of(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else "(no output)"


def ft_tidy_file(tools, task, tree, source, fix, index):
    """Run ft-tidy (lint, or --fix) on one file; return a record."""
    label = "fix" if fix else "lint"
    out_json = os.path.join(task.logs, f"{label}-{index}.json")
    if os.path.exists(out_json):
        os.remove(out_json)
    common = tools.ft_tidy_args(task.python, [rel(os.path.join(tree, d)) for d in task.include_dirs],
                                task.defines, task.extra_args)
    cmd = [sys.executable] + common + ["-q", "--format", "json", "-o", rel(out_json)]
    if fix:
        cmd += ["--fix", "--compat-header", task.compat_header]
    cmd.append(rel(os.path.join(tree, source)))
    res = run(cmd, cwd=ROOT, timeout=tools.timeout)
    logfile = os.path.join(task.logs, f"{label}-{index}.log")
    write_log(logfile, cmd, ROOT, res)
    report = None
    if os.path.exists(out_json):
        try:
            with open(out_json, encoding="utf-8") as f:
                report = json.load(f)
        except ValueError:
            report = None
    rec = {"file": source, "status": res.status, "seconds": res.seconds, "log": rel(logfile),
           "command": "python3 " + shlex.join(cmd[1:]), "problem": None}
    bad = classify(res, report)
    if bad:
        kind, what = bad
        rec["problem"] = {"kind": kind, "what": what}
        if kind == "crash":
            rec["problem"]["trace"] = crash_trace(tools, task, tree, source, common, f"{label}-{index}")
    if report:
        rec["findings"] = [finding_key(tree, d) for d in report.get("findings", [])]
        rec["fixed"] = [finding_key(tree, d) + [shape_of(d)] for d in report.get("fixed", [])]
        pes = report.get("parse_errors", [])
        if pes:
            e = pes[0].get("error", {})
            where = f"{relative_to(tree, e.get('file', ''))}:{e.get('line')}: " if e.get("line") else ""
            rec["parse_error"] = f"{where}{e.get('message')}"
    return rec


def relative_to(tree, path):
    full = path if os.path.isabs(path) else os.path.join(ROOT, path)
    r = os.path.relpath(full, tree)
    return full if r.startswith("..") else r


def finding_key(tree, d):
    return [relative_to(tree, d.get("file", "")), d.get("line"), d.get("column"), d.get("check"), d.get("message")]


def crash_trace(tools, task, tree, source, common, tag):
    """Run the clang-tidy command of the crashed file again, by itself, for
    its full output (the stack dump); return the command and the output's
    first lines."""
    res = run([sys.executable] + common + ["--print-commands", rel(os.path.join(tree, source))], cwd=ROOT,
              timeout=120)
    lines = [l for l in res.out.splitlines() if l.strip()]
    if res.status != 0 or not lines:
        return {"command": None, "output": ["(could not get the clang-tidy command: "
                                            f"{first_line_of(res.err)})"]}
    cmd = shlex.split(lines[0])
    again = run(cmd, cwd=ROOT, timeout=tools.timeout)
    logfile = os.path.join(task.logs, f"crash-{tag}.log")
    write_log(logfile, cmd, ROOT, again)
    keep = [l for l in again.err.splitlines() if l.strip()][:30]
    return {"command": lines[0], "status": again.status, "output": keep, "log": rel(logfile)}


# --------------------------------------------------------------------------
# Compiling: the fixed files and their originals

def changed_files(orig, fixed):
    """Files whose content differs between the two trees (relative paths)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(fixed):
        dirnames.sort()
        for name in sorted(filenames):
            pf = os.path.join(dirpath, name)
            r = os.path.relpath(pf, fixed)
            po = os.path.join(orig, r)
            if not os.path.exists(po):
                out.append(r)
                continue
            with open(pf, "rb") as a, open(po, "rb") as b:
                if a.read() != b.read():
                    out.append(r)
    return out


def compile_flags(tools, task, tree, source, python):
    """The flags ft-tidy derives for the file with that interpreter (the same
    that clang-tidy was given), for the compiler."""
    common = tools.ft_tidy_args(python, [rel(os.path.join(tree, d)) for d in task.include_dirs], task.defines,
                                task.extra_args)
    res = run([sys.executable] + common + ["--print-flags", rel(os.path.join(tree, source))], cwd=ROOT,
              timeout=120)
    if res.status != 0:
        return None, first_line_of(res.err)
    return [l for l in res.out.splitlines() if l.strip()], None


def compiler_for(source, tools):
    return (tools.cxx, []) if source.lower().endswith(CXX_EXTENSIONS) else (tools.cc, C_FLAGS)


def compile_one(tools, task, tree, source, flags, tag):
    cc, extra = compiler_for(source, tools)
    cmd = [cc, "-fsyntax-only"] + extra + flags + [os.path.join(tree, source)]
    res = run(cmd, cwd=tree, timeout=COMPILE_TIMEOUT)
    logfile = os.path.join(task.logs, f"compile-{tag}-{source.replace('/', '_')}.log")
    write_log(logfile, cmd, tree, res)
    warnings = sorted({normalize_diag(l, tree) for l in res.err.splitlines() if ": warning:" in l})
    errors = sorted({normalize_diag(l, tree) for l in res.err.splitlines() if ": error:" in l})
    return {"ok": res.status == 0 and not res.timed_out, "timed_out": res.timed_out,
            "error": None if res.status == 0 else first_error(res.err).replace(tree + "/", ""),
            "warnings": warnings, "errors": errors, "log": rel(logfile),
            "command": shlex.join([os.path.basename(cc), "-fsyntax-only"] + extra + [rel_flag(f) for f in flags]
                                  + [rel(os.path.join(tree, source))])}


def rel_flag(flag):
    if flag.startswith("-I") and os.path.isabs(flag[2:]):
        return "-I" + rel(flag[2:])
    return flag


def normalize_diag(line, tree):
    """A compiler diagnostic without its line and column, to compare the
    original's with the fixed file's."""
    line = line.replace(tree + "/", "")
    return re.sub(r":\d+:\d+:", ":", line).strip()


def header_users(tools, task, orig, sources, headers, python):
    """The listed sources that include any of the changed headers (by the
    compiler's dependency list)."""
    users = []
    wanted = {os.path.realpath(os.path.join(orig, h)) for h in headers}
    for s in sources:
        flags, _ = compile_flags(tools, task, orig, s, python)
        if flags is None:
            users.append(s)
            continue
        cc, extra = compiler_for(s, tools)
        res = run([cc, "-M", "-MG"] + flags + [os.path.join(orig, s)], cwd=orig, timeout=COMPILE_TIMEOUT)
        deps = {os.path.realpath(os.path.join(orig, d)) for d in res.out.replace("\\\n", " ").split()[1:]}
        if res.status != 0 or deps & wanted:
            users.append(s)
    return users


def compile_check(tools, task, changed, headers_sets):
    """Compile the fixed files and their originals with each header set;
    fill task.compile and task.failures."""
    sources = [s for s in task.sources if s in task.parsed]
    listed = set(task.sources)
    direct = [s for s in sources if s in changed]
    others = [c for c in changed if c not in listed]
    units = list(direct)
    if others:
        for s in header_users(tools, task, task.orig, [s for s in sources if s not in direct], others,
                              headers_sets[0][1]):
            units.append(s)
    units = [s for s in task.sources if s in units]
    task.compiled = units
    for name, python in headers_sets:
        rows = []
        for s in units:
            flags, why = compile_flags(tools, task, task.orig, s, python)
            if flags is None:
                rows.append({"file": s, "original": {"ok": False, "error": f"no flags: {why}"}, "fixed": None})
                continue
            fixed_flags = [f.replace(task.orig, task.fixed) for f in flags]
            o = compile_one(tools, task, task.orig, s, flags, f"{name}-original")
            f = compile_one(tools, task, task.fixed, s, fixed_flags, f"{name}-fixed")
            row = {"file": s, "original": o, "fixed": f,
                   "new_warnings": [w for w in f["warnings"] if w not in set(o["warnings"])],
                   # Where both fail, errors only the fixed file has (not a failure: recorded).
                   "new_errors": [e for e in f["errors"] if e not in set(o["errors"])]}
            rows.append(row)
            if o["ok"] and not f["ok"]:
                task.fail("compile", f"{s}: the fixed file does not compile against the {name} headers, "
                                     f"its original does: {f['error']}",
                          repro=f"{f['command']}   # original: {o['command']}")
            if f.get("timed_out") or o.get("timed_out"):
                task.fail("timeout", f"{s}: the compiler ran past {COMPILE_TIMEOUT}s ({name} headers)")
        task.compile[name] = rows


# --------------------------------------------------------------------------
# A task: one project, or one group of CPython's files

class Task:
    def __init__(self, name, version, kind, orig, fixed, sources, include_dirs, defines, python,
                 compat_header, logs, left_out="", skipped=None, extra_args=(), notes=""):
        self.name, self.version, self.kind = name, version, kind
        self.orig, self.fixed = orig, fixed
        self.sources, self.include_dirs, self.defines = sources, include_dirs, defines
        self.python, self.compat_header, self.logs = python, compat_header, logs
        self.left_out, self.skipped = left_out, skipped or {}
        self.extra_args, self.notes = list(extra_args), notes
        self.files = []
        self.parsed = set()
        self.compile = {}
        self.compiled = []
        self.changed = []
        self.failures = []
        self.seconds = 0.0
        self.prepare = None

    def fail(self, kind, what, repro=None):
        self.failures.append({"kind": kind, "what": what, "repro": repro})

    def size(self):
        total = 0
        for s in self.sources:
            try:
                total += os.path.getsize(os.path.join(self.orig, s))
            except OSError:
                pass
        return total


def do_task(tools, task, headers_sets):
    start = time.monotonic()
    try:
        if task.prepare:
            task.prepare()
        os.makedirs(task.logs, exist_ok=True)
        for i, s in enumerate(task.sources):
            lint = ft_tidy_file(tools, task, task.orig, s, False, i)
            fix = ft_tidy_file(tools, task, task.fixed, s, True, i)
            task.files.append({"file": s, "lint": lint, "fix": fix})
            if "parse_error" not in lint and not lint["problem"]:
                task.parsed.add(s)
            for rec, label in ((lint, "lint"), (fix, "--fix")):
                p = rec["problem"]
                if not p:
                    continue
                repro = rec["command"]
                if rec is fix:
                    repro = (f"rm -rf {rel(task.fixed)} && cp -a {rel(task.orig)} {rel(task.fixed)} && {repro}")
                task.fail(p["kind"], f"{s}: ft-tidy {label}: {p['what']} (log: {rec['log']})", repro=repro)
        task.changed = changed_files(task.orig, task.fixed)
        compile_check(tools, task, set(task.changed), headers_sets)
    except Exception as e:  # a bug of this runner: the task fails, the others go on
        import traceback
        task.fail("runner", f"run_robustness.py failed: {e.__class__.__name__}: {e}\n" + traceback.format_exc())
    task.seconds = time.monotonic() - start
    return task


def project_task(p, sdist, tools, base, compat_header):
    work = os.path.join(base, "work", p["name"])
    t = Task(p["name"], p["version"], "project", os.path.join(work, "original"), os.path.join(work, "fixed"),
             p["sources"], p.get("include_dirs", []), p.get("defines", []), tools.python,
             p.get("compat_header", compat_header), os.path.join(work, "logs"), p.get("left_out", ""),
             notes=p.get("notes", ""))

    def prepare():
        shutil.rmtree(work, ignore_errors=True)
        os.makedirs(work)
        top = corpus.unpack(sdist, os.path.join(work, "unpack"))
        os.rename(top, t.orig)
        shutil.rmtree(os.path.join(work, "unpack"))
        shutil.copytree(t.orig, t.fixed, symlinks=True)
        for s in p["sources"]:
            if not os.path.isfile(os.path.join(t.orig, s)):
                raise ConfigError(f"{p['name']}: {s} is not in {p['sdist']}")
        for problem in legacy_problems(t.orig, p["sources"]):
            t.fail("manifest", problem)
    t.prepare = prepare
    return t


def cpython_tasks(spec, src, tools, base, compat_header):
    tasks = []
    for g in spec["groups"]:
        name = f"CPython {g['name']}"
        work = os.path.join(base, "work", f"cpython-{g['name']}")
        sources = sorted(os.path.relpath(f, src) for f in glob.glob(os.path.join(src, g["glob"])))
        skipped = {s: why for s, why in spec.get("skip", {}).items() if s in sources}
        sources = [s for s in sources if s not in skipped]
        t = Task(name, spec["version"], "cpython", src, os.path.join(work, "fixed"), sources,
                 g.get("include_dirs", []), g.get("defines", []), tools.ft_python, compat_header,
                 os.path.join(work, "logs"), skipped=skipped, extra_args=g.get("extra_args", []))
        t.glob = g["glob"]

        def prepare(t=t, work=work):
            shutil.rmtree(work, ignore_errors=True)
            os.makedirs(work)
            shutil.copytree(src, t.fixed, symlinks=True)
        t.prepare = prepare
        tasks.append(t)
    return tasks


# --------------------------------------------------------------------------
# The results

def merged(task, key):
    """Findings (or fixes) of all the task's files, deduplicated (a header's
    finding is reported by every file that includes it)."""
    seen = {}
    for f in task.files:
        rec = f["lint"] if key == "lint" else f["fix"]
        items = rec.get("findings" if key in ("lint", "left") else "fixed", [])
        for k in items:
            seen.setdefault(tuple(k), k)
    return list(seen.values())


def by_check(items):
    out = {}
    for k in items:
        out[k[3]] = out.get(k[3], 0) + 1
    return out


def short(check):
    return check.replace("freethreading-", "")


def compile_cell(task, name):
    rows = task.compile.get(name)
    if rows is None:
        return "n/a" if task.kind == "cpython" and name == "default" else "not run"
    if not rows:
        return "-"
    base = [r for r in rows if r["original"].get("ok")]
    ok = sum(1 for r in base if r["fixed"] and r["fixed"]["ok"])
    cell = f"{ok}/{len(base)}"
    if ok < len(base):
        cell = f"**{cell}**"
    orig_bad = len(rows) - len(base)
    if orig_bad:
        cell += f" (+{orig_bad} whose original fails)"
    return cell


def summarize(task):
    lint, fixed, left = merged(task, "lint"), merged(task, "fixed"), merged(task, "left")
    kinds = [f["kind"] for f in task.failures]
    return {
        "name": task.name, "version": task.version, "kind": task.kind,
        "files": len(task.sources), "parsed": len(task.parsed), "lint": by_check(lint),
        "findings": len(lint), "fixed": len(fixed), "left": len(left),
        "changed": task.changed, "compiled": task.compiled,
        "crashes": kinds.count("crash"), "timeouts": kinds.count("timeout"),
        "failures": task.failures, "seconds": task.seconds, "ok": not task.failures,
    }


def write_results(path, tasks, checks, tools, seconds, cpu, load, command, ft_state, cpython_state, jobs):
    sums = [summarize(t) for t in tasks]
    projects = [t for t in tasks if t.kind == "project"]
    failed = [s for s in sums if not s["ok"]]
    L = []
    L.append("# Robustness results: ft-tidy on real extensions and on CPython's own modules")
    L.append("")
    L.append(f"Generated by `{command}` (test/robustness/run_robustness.py); do not edit by hand: "
             "the projects, their files and the reasons for what is left out are in "
             "test/robustness/manifest.json.")
    L.append("")
    L.append(f"* ft-tidy: commit {git_head()}; clang-tidy {tools.llvm} (`{tools.clang_tidy}`, plugin "
             f"`{rel(tools.plugin)}`); one ft-tidy run per file (`--format json`, then `--fix --compat-header "
             f"ft_compat.h -I test/runtime/compat` on a copy), each limited to {tools.timeout} s; "
             f"{jobs} projects at a time")
    L.append(f"* projects: ft-tidy with `--python {tools.python}` (CPython {tools.default_version['version']}); "
             f"CPython's files: ft-tidy with `--python {rel(tools.ft_python) if tools.ft_python else '-'}`")
    ft_desc = (f"the free-threaded CPython {tools.ft_version['version']} (`{rel(tools.ft_version['include'])}`)"
               if tools.ft_python else "**not run** (" + ft_state + ")")
    L.append(f"* compile check: `gcc`/`g++ -fsyntax-only` ({tools.cc_version}; C also with "
             f"`{' '.join(C_FLAGS)}`) with the flags ft-tidy used, against the default headers "
             f"(CPython {tools.default_version['version']}, `{tools.default_version['include']}`, "
             f"plus test/runtime/compat) and against {ft_desc}")
    L.append(f"* {len(projects)} projects and {len(tasks) - len(projects)} groups of CPython's files, "
             f"{sum(s['files'] for s in sums)} files, in {seconds:.0f} s wall time on {os.cpu_count()} cores, "
             f"of which the run used {cpu:.0f} s of CPU; 1-minute load average {load[0]:.1f} at the start, "
             f"{load[1]:.1f} at the end (above the number of cores: other work shared them)")
    if cpython_state:
        L.append(f"* CPython part: {cpython_state}")
    L.append("")
    L.append("**Result: " + ("PASS" if not failed else f"FAIL ({len(failed)} of {len(sums)} failed: "
                                                       + ", ".join(s["name"] for s in failed) + ")") + "**")
    L.append("")
    L.append("A row fails on a clang-tidy crash, an ft-tidy exit status 2 or Python traceback, a time-out, or "
             "a fixed file that does not compile where its original does. *parse*: files that parse "
             "(one that does not is listed below, not failed). *fixed files*: files that `--fix` changed. "
             "*compile*: for each listed file that `--fix` changed or whose included header it changed, "
             "fixed files that compile / files whose original compiles with those headers (originals that "
             "do not compile are counted apart and listed below). *s*: wall seconds of the row (two rows ran "
             "at a time).")
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("| project | version | files | parse | findings | fixed | left | fixed files | compile default "
             "| compile free-threaded | crashes | timeouts | s | result |")
    L.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for t, s in zip(tasks, sums):
        L.append(f"| {s['name']} | {s['version']} | {s['files']} | {s['parsed']} | {s['findings']} | "
                 f"{s['fixed']} | {s['left']} | {len(s['changed'])} | {compile_cell(t, 'default')} | "
                 f"{compile_cell(t, 'free-threaded')} | {s['crashes']} | {s['timeouts']} | {s['seconds']:.0f} | "
                 f"{'PASS' if s['ok'] else '**FAIL**'} |")
    tot = lambda key: sum(s[key] for s in sums)  # noqa: E731
    comp = {}
    for name in ("default", "free-threaded"):
        rows = [r for t in tasks for r in t.compile.get(name, [])]
        base = [r for r in rows if r["original"].get("ok")]
        ok = sum(1 for r in base if r["fixed"] and r["fixed"]["ok"])
        comp[name] = f"{ok}/{len(base)}" + (f" (+{len(rows) - len(base)} whose original fails)"
                                            if len(rows) > len(base) else "")
    L.append(f"| **total** | | {tot('files')} | {tot('parsed')} | {tot('findings')} | {tot('fixed')} | "
             f"{tot('left')} | {sum(len(s['changed']) for s in sums)} | {comp['default']} | "
             f"{comp['free-threaded']} | {tot('crashes')} | {tot('timeouts')} | {seconds:.0f} | "
             f"{'PASS' if not failed else '**FAIL**'} |")
    L.append("")
    L.append("## Findings per check (lint of the original files)")
    L.append("")
    L.append("| project | " + " | ".join(short(c) for c in checks) + " |")
    L.append("|---|" + "---|" * len(checks))
    for s in sums:
        L.append(f"| {s['name']} | " + " | ".join(str(s["lint"].get(c, 0)) for c in checks) + " |")
    L.append("| **total** | " + " | ".join(str(sum(s["lint"].get(c, 0) for s in sums)) for c in checks) + " |")
    L.append("")
    L.append("## Fixes by shape")
    L.append("")
    rate = 100.0 * tot("fixed") / tot("findings") if tot("findings") else 0.0
    L.append(f"{tot('fixed')} of {tot('findings')} findings fixed ({rate:.1f}%). Each fix counted under "
             "the kind of rewrite it made, read from the texts it wrote (test/tools/fix_shapes.py):")
    L.append("")
    L.extend(shape_rows([(k[3], k[5] if len(k) > 5 else "other") for t in tasks for k in merged(t, "fixed")]))
    L.append("")
    L.append("## Failures")
    L.append("")
    if not failed:
        L.append("None.")
    for s in failed:
        for f in s["failures"]:
            L.append(f"* **{s['name']}** ({f['kind']}): {f['what']}")
            if f.get("repro"):
                L.append(f"  * reproduce (from the checkout's root, after a run): `{f['repro']}`")
        for t in tasks:
            if t.name != s["name"]:
                continue
            for fr in t.files:
                for rec in (fr["lint"], fr["fix"]):
                    tr = (rec.get("problem") or {}).get("trace")
                    if tr:
                        L.append(f"  * `{fr['file']}`: clang-tidy alone: `{tr.get('command')}` "
                                 f"(exit status {tr.get('status')}; log {tr.get('log')})")
                        if tr.get("output"):
                            L.append("")
                            L.append("    ```")
                            L.extend("    " + l for l in tr["output"][:20])
                            L.append("    ```")
    L.append("")
    L.append("## Per project")
    for t, s in zip(tasks, sums):
        L.append("")
        L.append(f"### {s['name']} {s['version']}: {'PASS' if s['ok'] else 'FAIL'}")
        L.append("")
        if t.kind == "cpython":
            L.append(f"* files: `{t.glob}` ({len(t.sources)}), with `-I` {', '.join(t.include_dirs)}, "
                     f"`-D` {', '.join(t.defines)}" + (f", `{' '.join(t.extra_args)}`" if t.extra_args else ""))
            for f, why in sorted(t.skipped.items()):
                L.append(f"  * skipped `{f}`: {why}")
        else:
            L.append(f"* files: {', '.join('`' + f + '`' for f in t.sources)}")
            if t.left_out:
                L.append(f"* left out: {t.left_out}")
        for fr in t.files:
            if fr["lint"].get("parse_error"):
                L.append(f"* does not parse: `{fr['file']}`: {fr['lint']['parse_error']}")
        if s["changed"]:
            L.append(f"* `--fix` changed ({len(s['changed'])}): " + ", ".join(f"`{c}`" for c in s["changed"][:20])
                     + (" ..." if len(s["changed"]) > 20 else ""))
        for name in ("default", "free-threaded"):
            for r in t.compile.get(name, []):
                o, f = r["original"], r["fixed"]
                if not o.get("ok"):
                    L.append(f"* {name} headers: the original `{r['file']}` does not compile: {o.get('error')}"
                             + ("; the fixed file " + ("compiles" if f and f["ok"] else "does not either")
                                if f else ""))
                elif f and not f["ok"]:
                    L.append(f"* {name} headers: **the fixed `{r['file']}` does not compile**: {f['error']}")
                if r.get("new_errors") and not o.get("ok"):
                    L.append(f"* {name} headers: `{r['file']}`: {len(r['new_errors'])} compiler errors in the "
                             f"fixed file that its original does not have, e.g. `{r['new_errors'][0]}`")
                if r.get("new_warnings"):
                    L.append(f"* {name} headers: `{r['file']}`: {len(r['new_warnings'])} new compiler warnings "
                             f"in the fixed file, e.g. `{r['new_warnings'][0]}`")
        for f in s["failures"]:
            L.append(f"* **failure** ({f['kind']}): {f['what'].splitlines()[0]}")
        if t.notes:
            L.append(f"* note: {t.notes}")
    L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))
    return sums


def git_head():
    res = run(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"], timeout=30)
    if res.status != 0:
        return "unknown"
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no", "--", ".",
                 ":!test/robustness/RESULTS.md"], timeout=30).out.strip()
    return res.out.strip() + (" (with uncommitted changes)" if dirty else "")


# --------------------------------------------------------------------------

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default=os.environ.get("FT_ROBUSTNESS_LLVM", "19"),
                   help="the LLVM whose clang-tidy and build/llvm-N plugin are used (default 19)")
    p.add_argument("-j", "--jobs", type=int, default=min(2, os.cpu_count() or 1),
                   help="projects processed at once (default 2)")
    p.add_argument("--timeout", type=int, default=DEFAULT_TIMEOUT,
                   help=f"seconds one ft-tidy run on one file may take (default {DEFAULT_TIMEOUT})")
    p.add_argument("--python", default="/usr/bin/python3",
                   help="the interpreter whose headers are the default ones (default /usr/bin/python3)")
    p.add_argument("--ft-python", metavar="EXE",
                   help="a free-threaded CPython (default build/python-ft/bin/python3.13t): its headers "
                        "are the free-threaded ones, and the CPython part needs the source it was built from")
    p.add_argument("--cpython-tarball", metavar="FILE",
                   help="CPython's source tarball (default: the one scripts/build-ft-python.sh kept next to "
                        "the free-threaded build)")
    p.add_argument("--no-cpython", action="store_true", help="leave CPython's own files out")
    p.add_argument("--only", action="append", default=[], metavar="NAME",
                   help="run only this project (repeatable; 'cpython' for CPython's files)")
    p.add_argument("--results", metavar="FILE",
                   help="where to write the table (default build/robustness/RESULTS.md)")
    p.add_argument("--commit-results", action="store_true",
                   help="write the table to test/robustness/RESULTS.md (the checked-in one)")
    p.add_argument("--clang-tidy", metavar="EXE", help=argparse.SUPPRESS)  # to test the runner itself
    p.add_argument("--workdir", default=os.path.join(ROOT, "build", "robustness"),
                   help="downloads, unpacked sources and logs (default build/robustness; kept between runs)")
    args = p.parse_args()

    with open(MANIFEST) as f:
        manifest = json.load(f)
    projects = manifest["projects"]
    want_cpython = not args.no_cpython
    if args.only:
        known = {pr["name"] for pr in projects} | {"cpython"}
        unknown = sorted(set(args.only) - known)
        if unknown:
            print(f"robustness: error: no project named {', '.join(unknown)} in the manifest", file=sys.stderr)
            return 2
        projects = [pr for pr in projects if pr["name"] in args.only]
        want_cpython = want_cpython and "cpython" in args.only
        if args.commit_results:
            print("robustness: error: --commit-results writes the whole table: not with --only", file=sys.stderr)
            return 2
    base = os.path.realpath(args.workdir)
    if args.commit_results:
        results_path = os.path.join(HERE, "RESULTS.md")
    elif args.results:
        results_path = os.path.abspath(args.results)
    else:
        results_path = os.path.join(base, "RESULTS-partial.md" if args.only else "RESULTS.md")
    command = "python3 test/robustness/run_robustness.py" + (" --commit-results" if args.commit_results else "") \
        + (f" --llvm {args.llvm}" if args.llvm != "19" else "")
    logs = os.path.join(base, "logs")
    os.makedirs(logs, exist_ok=True)
    start = time.monotonic()
    load_start = os.getloadavg()[0]
    compat_header = manifest.get("compat_header", "ft_compat.h")
    cpython_state = None
    try:
        tools = Tools(args)
        ft_state = ""
        ft = args.ft_python or os.path.join(ROOT, "build", "python-ft", "bin", "python3.13t")
        if os.path.exists(ft):
            info = tools.py_version(ft)
            if not info["free_threaded"]:
                raise ConfigError(f"{ft} is not a free-threaded CPython (build one: bash scripts/build-ft-python.sh)")
            tools.ft_python, tools.ft_version = ft, info
        elif args.ft_python:
            raise ConfigError(f"{ft} not found (build it: bash scripts/build-ft-python.sh)")
        else:
            ft_state = f"no free-threaded CPython at {rel(ft)} (bash scripts/build-ft-python.sh)"
            log(f"{ft_state}: the free-threaded compile check and CPython's files are NOT RUN")
        spec = manifest["cpython"]
        src = None
        if want_cpython:
            if not tools.ft_python:
                cpython_state = "**not run**: " + ft_state
            else:
                tarball = args.cpython_tarball or default_tarball(tools.ft_python, spec)
                if not os.path.exists(tarball):
                    if args.cpython_tarball:
                        raise ConfigError(f"{tarball} not found")
                    cpython_state = f"**not run**: no source tarball at {rel(tarball)} (scripts/build-ft-python.sh)"
                    log(f"CPython's files are NOT RUN: {cpython_state}")
                else:
                    src = cpython_tree(spec, tarball, base)
                    cpython_state = (f"`{spec['tarball']}` (sha256 checked), ft-tidy and the compiler with "
                                     f"`--python {rel(tools.ft_python)}`; compiled against the free-threaded "
                                     f"headers only")
        # Download everything first: an unreachable index skips the whole run.
        sdists = fetch_sdists(projects, base, logs) if projects else {}
    except Unreachable as e:
        bar = "!" * 78
        print(f"{bar}\nrobustness: SKIPPED, NOTHING WAS TESTED: {e}\n{bar}", file=sys.stderr)
        return SKIP_STATUS
    except (ConfigError, corpus.CorpusError) as e:
        print(f"robustness: error: {e}", file=sys.stderr)
        return 2

    headers_sets = [("default", tools.python)]
    if tools.ft_python:
        headers_sets.append(("free-threaded", tools.ft_python))
    tasks = []
    if src:
        tasks += cpython_tasks(spec, src, tools, base, compat_header)
    tasks += [project_task(pr, sdists[pr["name"]], tools, base, compat_header) for pr in projects]
    # The largest first, so that the two workers finish together.
    order = sorted(tasks, key=lambda t: -(t.size() if t.kind == "cpython" else
                                           os.path.getsize(sdists[t.name]) // 4))
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            futures = {}
            for t in order:
                sets = [hs for hs in headers_sets if t.kind == "project" or hs[0] == "free-threaded"]
                futures[pool.submit(do_task, tools, t, sets)] = t
            for fut in concurrent.futures.as_completed(futures):
                t = fut.result()
                s = summarize(t)
                log(f"{t.name} {t.version}: {'PASS' if s['ok'] else 'FAIL'}: {s['files']} files, "
                    f"{s['findings']} findings, {s['fixed']} fixed, {len(s['changed'])} files changed, "
                    f"{s['seconds']:.0f}s" + "".join(f"\n    {f['kind']}: {f['what'].splitlines()[0]}"
                                                     for f in t.failures))
    except KeyboardInterrupt:
        stop_all()
        print("robustness: interrupted", file=sys.stderr)
        return 130
    except ConfigError as e:
        print(f"robustness: error: {e}", file=sys.stderr)
        return 2
    for t in tasks:  # a manifest error found while preparing a project
        for f in t.failures:
            if f["kind"] == "runner" and "ConfigError" in f["what"]:
                print(f"robustness: error: {f['what'].splitlines()[0]}", file=sys.stderr)
                return 2
    seconds = time.monotonic() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    load = (load_start, os.getloadavg()[0])
    checks = sorted({c for t in tasks for f in t.files for rec in (f["lint"], f["fix"])
                     for key in ("findings", "fixed") for c in (k[3] for k in rec.get(key, []))})
    sums = write_results(results_path, tasks, checks, tools, seconds, cpu, load, command, ft_state,
                         cpython_state, args.jobs)
    with open(os.path.join(base, "summary-partial.json" if args.only else "summary.json"), "w") as f:
        json.dump({"seconds": seconds, "cpu": cpu, "results": sums,
                   "files": {t.name: t.files for t in tasks},
                   "compile": {t.name: t.compile for t in tasks}}, f, indent=1, default=str)
    failed = [s for s in sums if not s["ok"]]
    log(f"wrote {rel(results_path)}; {len(sums)} rows, {sum(s['files'] for s in sums)} files in {seconds:.0f}s "
        f"({cpu:.0f}s CPU); crashes {sum(s['crashes'] for s in sums)}, timeouts {sum(s['timeouts'] for s in sums)}")
    log(f"{len(sums) - len(failed)} PASS, {len(failed)} FAIL" +
        (f" ({', '.join(s['name'] for s in failed)})" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
