#!/usr/bin/env python3
"""Run ft-tidy --fix over real legacy extensions and compare their own test suites.

    test/corpus/run_corpus.py [--llvm 19] [-j 2] [--only NAME ...] [--results FILE]

For every project in test/corpus/manifest.json (a pinned sdist of a
hand-written C extension released before its free-threading port):

 1. download the sdist with `pip download --no-deps --no-binary :all:` into
    build/corpus/downloads/ (kept between runs) and check its sha256;
 2. unpack it twice, as original/ and fixed/;
 3. run `tools/ft-tidy` (no fixes) over the original to count the findings,
    and `tools/ft-tidy --fix --compat-header H` over the fixed copy;
 4. build both copies against the release CPython 3.11 (`setup.py build`
    with CFLAGS=-I test/runtime/compat, so the 3.13 API the fixes introduce
    exists) and check that each compiled module imports from the build;
 5. run the project's own test suite (pytest, in a venv under build/corpus/)
    on both builds.

It writes test/corpus/RESULTS.md and exits 1 when ft-tidy fails or does not
parse a file, when a build fails, or when the fixed build passes fewer
tests or fails more than the original. Exit status 77 (and a loud message)
means the package index could not be reached and nothing was tested.
"""

import argparse
import difflib
import filecmp
import hashlib
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "test", "tools"))
from fix_shapes import shape_of, shape_rows  # noqa: E402

MANIFEST = os.path.join(HERE, "manifest.json")
COMPAT_DIR = os.path.join(ROOT, "test", "runtime", "compat")
SUPPORT_DIR = os.path.join(HERE, "support")  # pytest plugins the manifest may load with -p
DEFAULT_COMPAT_HEADER = "ft_compat.h"
# The start of the note a check attaches when it gives no fix (lib/FixPlan.h).
NO_FIX_PREFIX = "no automatic fix: "
SKIP_STATUS = 77
STEP_TIMEOUT = 900  # seconds, per subprocess
# A free-threaded test round that runs longer than this many times the
# project's single-threaded suite on the default build (within the bounds,
# seconds) counts as hung. The bounds are wide: with the GIL enabled by an
# undeclared module, 4 threads on 2 busy cores ran a 20 s suite for 115 s.
# A single test still running after FT_TEST_DUMP seconds has every thread's
# stack dumped into the round's log (pytest's faulthandler_timeout), so that
# a hang is traced, not only timed.
FT_TIMEOUT_FACTOR = 40
FT_MIN_TIMEOUT = 300
FT_MAX_TIMEOUT = 600
FT_TEST_DUMP = 90
# One run of a project's ft_stress script (it takes seconds when it passes).
FT_STRESS_TIMEOUT = 120

# Text pip prints when the index cannot be reached at all (as opposed to a
# package or version that does not exist).
NETWORK_MARKERS = ("NewConnectionError", "Max retries exceeded", "Temporary failure in name resolution",
                   "Network is unreachable", "ConnectTimeoutError", "ReadTimeoutError",
                   "Connection refused", "No route to host", "ProxyError", "Could not fetch URL",
                   "connection broken")


class Unreachable(Exception):
    """The package index could not be reached."""


class CorpusError(Exception):
    """A configuration problem that stops the whole run (exit status 2)."""


def log(msg):
    print(f"corpus: {msg}", flush=True)


def rel(path):
    return os.path.relpath(path, ROOT)


def run(cmd, cwd=None, env=None, logfile=None, timeout=STEP_TIMEOUT):
    """Run cmd; return (exit status, combined output). Output also goes to logfile."""
    start = time.monotonic()
    try:
        res = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, timeout=timeout)
        out, status = res.stdout.decode("utf-8", "replace"), res.returncode
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace") + f"\n[timed out after {timeout}s]\n"
        status = -1
    except OSError as e:
        out, status = f"[cannot run {cmd[0]}: {e.strerror}]\n", -1
    if logfile:
        with open(logfile, "w", encoding="utf-8") as f:
            f.write(f"$ {' '.join(cmd)}\n# cwd {cwd or os.getcwd()}\n{out}\n"
                    f"# exit status {status}, {time.monotonic() - start:.1f}s\n")
    return status, out


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def pip_failed(what, out, logfile):
    if any(m.lower() in out.lower() for m in NETWORK_MARKERS):
        raise Unreachable(f"{what}: the package index is unreachable (log: {rel(logfile)})")
    tail = "\n".join("  | " + l for l in out.strip().splitlines()[-15:])
    raise CorpusError(f"{what} failed (log: {rel(logfile)}):\n{tail}")


# --------------------------------------------------------------------------
# The venv holding the build and test tools (shared by every project; the
# projects themselves are never installed into it)

def ensure_venv(python, reqs, venv, base, logs, hint):
    if not os.path.exists(python):
        raise CorpusError(f"{python} not found ({hint})")
    stamp_text = json.dumps({"python": python, "requirements": reqs}, sort_keys=True)
    stamp = os.path.join(venv, "ft-corpus-stamp.json")
    vpy = os.path.join(venv, "bin", "python")
    if os.path.exists(stamp) and os.path.exists(vpy):
        with open(stamp) as f:
            if f.read() == stamp_text:
                return venv
    log(f"creating {rel(venv)} ({python}) and installing {' '.join(reqs)}")
    shutil.rmtree(venv, ignore_errors=True)
    name = os.path.basename(venv)
    lf = os.path.join(logs, f"{name}.log")
    status, out = run([python, "-m", "venv", venv], logfile=lf)
    if status != 0:
        raise CorpusError(f"{python} -m venv failed (apt-get install python3-venv?); log: {rel(lf)}")
    req_file = os.path.join(base, f"{name}-requirements.txt")
    with open(req_file, "w") as f:
        f.write("\n".join(reqs) + "\n")
    lf = os.path.join(logs, f"{name}-pip-install.log")
    status, out = run([vpy, "-m", "pip", "install", "--no-deps", "--cache-dir", os.path.join(base, "pip-cache"),
                       "--timeout", "60", "--retries", "2", "-r", req_file], logfile=lf)
    if status != 0:
        pip_failed("installing the test tools", out, lf)
    status, out = run([vpy, "-m", "pip", "check"], logfile=os.path.join(logs, f"{name}-pip-check.log"))
    if status != 0:
        raise CorpusError("the pinned requirements are incomplete (pip check):\n" + out)
    with open(stamp, "w") as f:
        f.write(stamp_text)
    return venv


def fetch_all(projects, base, venv, logs):
    """Download the sdists not yet in build/corpus/downloads (one pip run) and
    check every sdist against its sha256. Returns {name: path}."""
    downloads = os.path.join(base, "downloads")
    os.makedirs(downloads, exist_ok=True)
    missing = [pr for pr in projects if not os.path.exists(os.path.join(downloads, pr["sdist"]))]
    if missing:
        specs = [f"{pr['name']}=={pr['version']}" for pr in missing]
        log(f"downloading {' '.join(specs)}")
        lf = os.path.join(logs, "download.log")
        # --no-build-isolation: pip prepares each sdist's metadata with the
        # venv's pinned setuptools instead of building setuptools from source.
        status, out = run([os.path.join(venv, "bin", "python"), "-m", "pip", "download", "--no-deps",
                           "--no-binary", ":all:", "--no-build-isolation",
                           "--cache-dir", os.path.join(base, "pip-cache"),
                           "--timeout", "60", "--retries", "2", "-d", downloads] + specs, logfile=lf)
        if status != 0:
            pip_failed(f"pip download {' '.join(specs)}", out, lf)
    paths = {}
    for pr in projects:
        path = os.path.join(downloads, pr["sdist"])
        if not os.path.exists(path):
            raise CorpusError(f"pip download {pr['name']}=={pr['version']} did not produce {pr['sdist']} "
                              f"(found: {', '.join(sorted(os.listdir(downloads)))})")
        digest = sha256(path)
        if digest != pr["sha256"]:
            raise CorpusError(f"{rel(path)}: sha256 {digest} does not match the manifest's {pr['sha256']}")
        paths[pr["name"]] = path
    return paths


def unpack(sdist, dest):
    """Unpack sdist into dest and return its single top-level directory."""
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    with tarfile.open(sdist) as tar:
        if hasattr(tarfile, "data_filter"):
            tar.extractall(dest, filter="data")
        else:
            for m in tar.getmembers():
                if m.name.startswith(("/", "..")) or ".." in m.name.split("/"):
                    raise CorpusError(f"{sdist}: unsafe member {m.name}")
            tar.extractall(dest)
    tops = os.listdir(dest)
    if len(tops) != 1:
        raise CorpusError(f"{sdist}: expected one top-level directory, found {tops}")
    return os.path.join(dest, tops[0])


def check_legacy(project, root):
    """The manifest's promise: hand-written C that does not declare free-threading support yet."""
    problems = []
    for s in project["sources"]:
        with open(os.path.join(root, s), encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "Generated by Cython" in text:
            problems.append(f"{s} is Cython output, not hand-written C")
        if "Py_mod_gil" in text or "Py_MOD_GIL_NOT_USED" in text:
            problems.append(f"{s} already declares Py_mod_gil (not a pre-port version)")
    return problems


# --------------------------------------------------------------------------
# ft-tidy

class Tools:
    def __init__(self, args):
        self.ft_tidy = os.path.join(ROOT, "tools", "ft-tidy")
        self.plugin = os.path.join(ROOT, "build", f"llvm-{args.llvm}", "libFreeThreadingTidy.so")
        self.clang_tidy = f"/usr/lib/llvm-{args.llvm}/bin/clang-tidy"
        self.llvm = args.llvm
        self.jobs = args.jobs
        for path, hint in ((self.ft_tidy, "the ft-tidy driver is missing"),
                           (self.plugin, f"build it: bash scripts/build.sh {args.llvm}"),
                           (self.clang_tidy, f"apt-get install clang-tidy-{args.llvm}")):
            if not os.path.exists(path):
                raise CorpusError(f"{path} not found ({hint})")


def ft_tidy(tools, manifest, project, root, fix, out_json, logfile):
    """Run ft-tidy; return (report dict or None, list of problems)."""
    cmd = [sys.executable, tools.ft_tidy, "--python", manifest["python"], "--plugin", tools.plugin,
           "--clang-tidy", tools.clang_tidy, "-I", COMPAT_DIR]
    for d in project.get("include_dirs", []):
        cmd += ["-I", d]
    cmd += ["-j", str(tools.jobs), "-q", "--format", "json", "-o", out_json]
    if fix:
        cmd += ["--fix", "--compat-header", project.get("compat_header", DEFAULT_COMPAT_HEADER)]
        cmd += project.get("fix_args", [])  # selftest.py's --declare-anyway
    cmd += project["sources"]
    if os.path.exists(out_json):
        os.remove(out_json)
    status, out = run(cmd, cwd=root, logfile=logfile)
    what = "ft-tidy --fix" if fix else "ft-tidy"
    problems = []
    if status not in (0, 1):
        problems.append(f"{what} exited with status {status}: {first_error(out)} (log: {rel(logfile)})")
    if "Traceback (most recent call last)" in out:
        problems.append(f"{what} crashed with a Python traceback (log: {rel(logfile)})")
    report = None
    if os.path.exists(out_json):
        with open(out_json, encoding="utf-8") as f:
            try:
                report = json.load(f)
            except ValueError as e:
                problems.append(f"{what} wrote invalid JSON: {e}")
    elif not problems:
        problems.append(f"{what} wrote no report (log: {rel(logfile)})")
    if report:
        for pe in report.get("parse_errors", []):
            err = pe.get("error", {})
            problems.append(f"{what}: {pe.get('file')} does not parse: {err.get('file')}:{err.get('line')}: "
                            f"{err.get('message')}")
    return report, problems


def first_error(text):
    for line in text.splitlines():
        if "error" in line.lower():
            return line.strip()
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1].strip() if lines else "(no output)"


def diff_trees(a, b, out_path):
    """Unified diff of every text file that differs between trees a and b."""
    chunks, files, plus, minus = [], [], 0, 0
    for dirpath, dirnames, filenames in os.walk(a):
        dirnames.sort()
        for name in sorted(filenames):
            pa = os.path.join(dirpath, name)
            r = os.path.relpath(pa, a)
            pb = os.path.join(b, r)
            if os.path.exists(pb) and filecmp.cmp(pa, pb, shallow=False):
                continue
            files.append(r)
            la = open(pa, encoding="utf-8", errors="replace").read().splitlines(keepends=True)
            lb = (open(pb, encoding="utf-8", errors="replace").read().splitlines(keepends=True)
                  if os.path.exists(pb) else [])
            for line in difflib.unified_diff(la, lb, f"original/{r}", f"fixed/{r}"):
                chunks.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
                if line.startswith("+") and not line.startswith("+++"):
                    plus += 1
                elif line.startswith("-") and not line.startswith("---"):
                    minus += 1
    for dirpath, _, filenames in os.walk(b):
        for name in filenames:
            r = os.path.relpath(os.path.join(dirpath, name), b)
            if not os.path.exists(os.path.join(a, r)):
                files.append(r + " (new)")
    with open(out_path, "w", encoding="utf-8") as f:
        f.writelines(chunks)
    return {"files": files, "added": plus, "removed": minus}


# --------------------------------------------------------------------------
# Build and test

def build(venv, root, jobs, logfile, tag=""):
    """`setup.py build` into root/_ft/lib<tag>; returns (ok, lib dir, warnings)."""
    lib = os.path.join(root, "_ft", "lib" + tag)
    env = dict(os.environ)
    # -O0 -g0 come after the interpreter's -O2 -g and win: the builds are for
    # running the test suites, and _regex.c takes minutes at -O2 on 2 cores.
    env["CFLAGS"] = f"-I{COMPAT_DIR} -O0 -g0"
    env.pop("PYTHONPATH", None)
    status, out = run([os.path.join(venv, "bin", "python"), "setup.py", "build", "--build-base",
                       os.path.join("_ft", "build" + tag), "--build-lib", os.path.join("_ft", "lib" + tag),
                       "--parallel", str(jobs)], cwd=root, env=env, logfile=logfile)
    warnings = sorted({l.strip() for l in out.splitlines() if ": warning: " in l})
    return status == 0, lib, warnings


def import_check(venv, lib, modules, cwd, env_extra):
    """Problems importing each compiled module from lib (it must be a .so under lib)."""
    script = ("import importlib, json, sys\n"
              "out = {}\n"
              "for name in sys.argv[1:]:\n"
              "    try:\n"
              "        out[name] = importlib.import_module(name).__file__\n"
              "    except Exception as e:\n"
              "        out[name] = 'ERROR ' + type(e).__name__ + ': ' + str(e)\n"
              "print(json.dumps(out))\n")
    env = dict(os.environ, PYTHONPATH=lib, PYTHONDONTWRITEBYTECODE="1", **env_extra)
    status, out = run([os.path.join(venv, "bin", "python"), "-c", script] + modules, cwd=cwd, env=env)
    try:
        found = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [f"import check failed: {out.strip()[-300:]}"]
    problems = []
    for name, path in found.items():
        if path.startswith("ERROR "):
            problems.append(f"import {name}: {path[6:]}")
        elif not (os.path.realpath(path).startswith(os.path.realpath(lib) + os.sep) and path.endswith(".so")):
            problems.append(f"import {name} loaded {path}, not the compiled module from the build")
    return problems


def run_tests(venv, root, lib, project, junit, logfile):
    """The project's test suite under pytest; returns counts and failing test ids."""
    args = [a.replace("{lib}", lib) for a in project["tests"]]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([lib, SUPPORT_DIR]), PYTHONDONTWRITEBYTECODE="1",
               **project.get("env", {}))
    if os.path.exists(junit):
        os.remove(junit)
    status, out = run([os.path.join(venv, "bin", "pytest"), "-p", "no:cacheprovider", "--import-mode=append",
                       "-q", "-rfE", f"--junitxml={junit}", "-o", "junit_family=xunit2"] + args,
                      cwd=root, env=env, logfile=logfile)
    result = {"ran": False, "status": status, "passed": 0, "failed": 0, "errors": 0, "skipped": 0,
              "failing": []}
    if not os.path.exists(junit):
        return result
    try:
        tree = ET.parse(junit)
    except ET.ParseError:
        return result
    result["ran"] = True
    for case in tree.iter("testcase"):
        name = f"{case.get('classname', '')}::{case.get('name', '')}"
        if case.find("failure") is not None:
            result["failed"] += 1
            result["failing"].append(name)
        elif case.find("error") is not None:
            result["errors"] += 1
            result["failing"].append(name)
        elif case.find("skipped") is not None:
            result["skipped"] += 1
        else:
            result["passed"] += 1
    return result


# --------------------------------------------------------------------------
# The free-threaded leg: both copies built against a free-threaded CPython,
# the GIL state after each import, the project's tests under
# pytest-run-parallel (threads x iterations, several rounds)

def gil_after_import(venv, lib, modules, cwd, env_extra):
    """{module: True/False (GIL enabled after importing it alone) or 'ERROR ...'}."""
    script = ("import importlib, json, sys\n"
              "name = sys.argv[1]\n"
              "try:\n"
              "    path = importlib.import_module(name).__file__\n"
              "except Exception as e:\n"
              "    print(json.dumps('ERROR ' + type(e).__name__ + ': ' + str(e)))\n"
              "else:\n"
              "    print(json.dumps([path, sys._is_gil_enabled()]))\n")
    env = dict(os.environ, PYTHONPATH=lib, PYTHONDONTWRITEBYTECODE="1", PYTHONWARNINGS="ignore",
               **env_extra)
    env.pop("PYTHON_GIL", None)
    out = {}
    for name in modules:
        status, text = run([os.path.join(venv, "bin", "python"), "-c", script, name], cwd=cwd, env=env)
        try:
            found = json.loads(text.strip().splitlines()[-1])
        except (ValueError, IndexError):
            found = f"ERROR import check failed: {text.strip()[-200:]}"
        if isinstance(found, list):
            path, enabled = found
            if not (os.path.realpath(path).startswith(os.path.realpath(lib) + os.sep) and path.endswith(".so")):
                found = f"ERROR loaded {path}, not the compiled module from the build"
            else:
                found = enabled
        out[name] = found
    return out


def run_stress(venv, lib, stress, cwd, logs, label):
    """The manifest's ft_stress script run `runs` times against lib with the
    GIL forced off: [{"run", "status", "signal"?}] (status 0: it passed)."""
    script = os.path.join(HERE, stress["script"])
    env = dict(os.environ, PYTHONPATH=lib, PYTHONDONTWRITEBYTECODE="1", PYTHON_GIL="0")
    runs = []
    for i in range(1, stress["runs"] + 1):
        status, _ = run([os.path.join(venv, "bin", "python"), "-X", "faulthandler", script], cwd=cwd,
                        env=env, logfile=os.path.join(logs, f"stress-{label}-{i}.log"),
                        timeout=FT_STRESS_TIMEOUT)
        r = {"run": i, "status": status}
        if status < 0:
            r["signal"] = signal_name(-status) if status != -1 else "timeout"
        runs.append(r)
    return runs


def crash_trace(text):
    """The fatal error and the innermost frames of the crashing thread, from
    the faulthandler output pytest prints when the process dies."""
    # pytest's progress dots may precede the fatal error on its line.
    lines = []
    for line in text.splitlines():
        for mark in ("Fatal Python error", "Timeout ("):
            if mark in line:
                line = line[line.index(mark):]
        lines.append(line)
    fatal = next((l.strip() for l in lines
                  if l.startswith(("Fatal Python error", "Timeout ("))), None)
    frames = []
    for i, line in enumerate(lines):
        if line.startswith("Current thread") or (line.startswith("Thread 0x") and not frames):
            for f in lines[i + 1:]:
                if not f.startswith("  File "):
                    break
                frames.append(f.strip())
            if line.startswith("Current thread"):
                break
    return {"fatal": fatal, "frames": frames[:4]}


def run_parallel_tests(venv, root, lib, project, parallel, env_extra, timeout, logs, label):
    """R rounds of the project's tests under pytest-run-parallel; one outcome per round."""
    args = [a.replace("{lib}", lib) for a in project.get("ft_tests", project["tests"])]
    unsafe = project.get("ft_thread_unsafe", [])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([lib, SUPPORT_DIR]), PYTHONDONTWRITEBYTECODE="1",
               FT_CORPUS_THREAD_UNSAFE="\n".join(u["test"] for u in unsafe),
               **project.get("env", {}), **env_extra)
    if "PYTHON_GIL" not in env_extra:
        env.pop("PYTHON_GIL", None)
    rounds = []
    for r in range(1, parallel["rounds"] + 1):
        junit = os.path.join(logs, f"junit-ft-{label}-{r}.xml")
        logfile = os.path.join(logs, f"tests-ft-{label}-{r}.log")
        if os.path.exists(junit):
            os.remove(junit)
        start = time.monotonic()
        status, out = run([os.path.join(venv, "bin", "pytest"), "-p", "no:cacheprovider",
                           "--import-mode=append", "-q", "-rfE", f"--junitxml={junit}",
                           "-o", "junit_family=xunit2", "-o", f"faulthandler_timeout={FT_TEST_DUMP}",
                           "-p", "corpus_thread_unsafe",
                           f"--parallel-threads={parallel['threads']}",
                           f"--iterations={parallel['iterations']}",
                           # A module that does not declare Py_MOD_GIL_NOT_USED enables the GIL
                           # with a RuntimeWarning, which suites with filterwarnings=error turn
                           # into an error before any test runs: the GIL state is in the table.
                           "-W", "ignore:The global interpreter lock (GIL) has been enabled:RuntimeWarning"]
                          + args,
                          cwd=root, env=env, logfile=logfile, timeout=timeout)
        outcome = {"round": r, "status": status, "seconds": time.monotonic() - start,
                   "log": rel(logfile), "passed": 0, "failed": 0, "skipped": 0, "failing": []}
        if "[timed out after" in out and status == -1:
            outcome["result"] = "hung"
            outcome["trace"] = crash_trace(out)
        elif status < 0:
            outcome["result"] = "crashed"
            outcome["signal"] = signal_name(-status)
            outcome["trace"] = crash_trace(out)
        else:
            outcome["result"] = "ran"
            try:
                tree = ET.parse(junit)
            except (ET.ParseError, OSError):
                outcome["result"] = "did not run"
                tree = None
            for case in tree.iter("testcase") if tree is not None else ():
                name = f"{case.get('classname', '')}::{case.get('name', '')}"
                if case.find("failure") is not None or case.find("error") is not None:
                    outcome["failed"] += 1
                    outcome["failing"].append(name)
                elif case.find("skipped") is not None:
                    outcome["skipped"] += 1
                else:
                    outcome["passed"] += 1
        rounds.append(outcome)
    return rounds


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def ready_modules(report, project):
    """The compiled modules whose ft-tidy verdict is "ready" (matched by the
    last component of the module name)."""
    ready = set()
    for m in (report or {}).get("modules", []):
        if m.get("ready"):
            ready.add(m["name"].rsplit(".", 1)[-1])
    return [name for name in project["modules"] if name.rsplit(".", 1)[-1] in ready]


def do_ft_leg(project, res, orig, fixed, ft, tools, logs, work, timings):
    """The free-threaded leg of one project; fills res["ft"] and res["problems"]."""
    parallel = ft["parallel"]
    leg = {"python": ft["version"], "parallel": parallel, "notes": project.get("ft_notes", "")}
    res["ft"] = leg
    base_seconds = max(timings.get("tests original", 0), 1.0)
    timeout = int(min(FT_MAX_TIMEOUT, max(FT_MIN_TIMEOUT, FT_TIMEOUT_FACTOR * base_seconds)))
    leg["timeout"] = timeout
    for variant, root in (("original", orig), ("fixed", fixed)):
        t = time.monotonic()
        ok, lib, warnings = build(ft["venv"], root, tools.jobs, os.path.join(logs, f"build-ft-{variant}.log"),
                                  tag="-ft")
        v = {"built": ok, "gil": {}, "rounds": [], "build_seconds": time.monotonic() - t}
        leg[variant] = v
        if not ok:
            continue
        v["gil"] = gil_after_import(ft["venv"], lib, project["modules"], work, project.get("env", {}))
        errors = [f"{m}: {g[6:]}" for m, g in v["gil"].items() if isinstance(g, str)]
        if errors:
            v["built"] = False
            v["import_errors"] = errors
            continue
        # The original as a user would force it (PYTHON_GIL=0); the fixed
        # copy as it is: declared modules run without the GIL, the others
        # enable it when imported.
        env_extra = {"PYTHON_GIL": "0"} if variant == "original" else {}
        v["env"] = "PYTHON_GIL=0" if env_extra else "(as declared)"
        v["rounds"] = run_parallel_tests(ft["venv"], root, lib, project, parallel, env_extra, timeout, logs,
                                         variant)
        if project.get("ft_stress"):
            v["stress"] = run_stress(ft["venv"], lib, project["ft_stress"], work, logs, variant)
    o, f = leg["original"], leg["fixed"]
    if o["built"] and not f["built"]:
        res["problems"].append("free-threaded: the original builds and imports, the fixed copy does not: "
                               + ("; ".join(f.get("import_errors", [])) or
                                  f"log: {rel(os.path.join(logs, 'build-ft-fixed.log'))}"))
    if f["built"]:
        declared = [m for m, g in f["gil"].items() if g is False]
        leg["declared"] = declared
        ready = ready_modules(res.get("fix"), project)
        undeclared_ready = [m for m in declared if m not in ready]
        if undeclared_ready:
            res["problems"].append("free-threaded: the fixed copy leaves the GIL off for "
                                   + ", ".join(undeclared_ready) + ", which ft-tidy did not call ready")
        for rnd in f["rounds"]:
            if rnd["result"] in ("crashed", "hung"):
                what = f"{rnd['result']} ({rnd.get('signal', 'timeout')})"
                res["problems"].append(f"free-threaded: the fixed copy's tests {what} in round {rnd['round']} "
                                       f"(log: {rnd['log']})")
            elif rnd["result"] == "did not run":
                res["problems"].append(f"free-threaded: the fixed copy's tests did not run in round "
                                       f"{rnd['round']} (log: {rnd['log']})")
        failed = [r for r in f.get("stress", []) if r["status"] != 0]
        if failed:
            res["problems"].append(f"free-threaded: the fixed copy failed {len(failed)} of "
                                   f"{len(f['stress'])} runs of its stress script "
                                   f"({project['ft_stress']['script']}) with the GIL off")
    if o["built"]:
        crashed = [r for r in o["rounds"] if r["result"] in ("crashed", "hung")]
        if crashed and not leg["notes"]:
            res["problems"].append("free-threaded: the original crashed or hung under PYTHON_GIL=0 and the "
                                   "manifest's ft_notes do not trace the cause")


# --------------------------------------------------------------------------

def do_project(project, sdist, manifest, tools, base, venv, ft):
    name = project["name"]
    t0 = time.monotonic()
    timings = {}
    work = os.path.join(base, "work", name)
    logs = os.path.join(work, "logs")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(logs)
    res = {"name": name, "version": project["version"], "files": list(project["sources"]),
           "ft_thread_unsafe": project.get("ft_thread_unsafe", []),
           "ft_stress": project.get("ft_stress"),
           "notes": project.get("notes", ""), "problems": [],
           "compat_header": project.get("compat_header", DEFAULT_COMPAT_HEADER)}

    orig = unpack(sdist, os.path.join(work, "original"))
    fixed = unpack(sdist, os.path.join(work, "fixed"))
    res["problems"] += check_legacy(project, orig)
    timings["unpack"] = time.monotonic() - t0

    t = time.monotonic()
    lint, p1 = ft_tidy(tools, manifest, project, orig, False, os.path.join(work, "lint.json"),
                       os.path.join(logs, "ft-tidy-lint.log"))
    timings["ft-tidy"] = time.monotonic() - t
    t = time.monotonic()
    fix, p2 = ft_tidy(tools, manifest, project, fixed, True, os.path.join(work, "fix.json"),
                      os.path.join(logs, "ft-tidy-fix.log"))
    timings["ft-tidy --fix"] = time.monotonic() - t
    res["problems"] += p1 + p2
    res["lint"], res["fix"] = lint, fix
    res["diff"] = diff_trees(orig, fixed, os.path.join(work, "fix.diff"))
    fixed_count = len(fix["fixed"]) if fix else 0
    if fix and fixed_count and not res["diff"]["files"]:
        res["problems"].append(f"ft-tidy --fix reported {fixed_count} fixes but changed no file")

    for variant, root in (("original", orig), ("fixed", fixed)):
        t = time.monotonic()
        ok, lib, warnings = build(venv, root, tools.jobs, os.path.join(logs, f"build-{variant}.log"))
        timings[f"build {variant}"] = time.monotonic() - t
        b = {"ok": ok, "warnings": warnings, "import_problems": []}
        if ok:
            b["import_problems"] = import_check(venv, lib, project["modules"], work, project.get("env", {}))
            b["ok"] = not b["import_problems"]
        res[f"build_{variant}"] = b
        if not b["ok"]:
            why = "; ".join(b["import_problems"]) or f"log: {rel(os.path.join(logs, f'build-{variant}.log'))}"
            res["problems"].append(f"the {variant} build failed: {why}")
            res[f"tests_{variant}"] = None
            continue
        t = time.monotonic()
        res[f"tests_{variant}"] = run_tests(venv, root, lib, project, os.path.join(work, f"junit-{variant}.xml"),
                                            os.path.join(logs, f"tests-{variant}.log"))
        timings[f"tests {variant}"] = time.monotonic() - t
        if not res[f"tests_{variant}"]["ran"]:
            res["problems"].append(f"the {variant} test suite did not run "
                                   f"(log: {rel(os.path.join(logs, f'tests-{variant}.log'))})")

    to, tf = res.get("tests_original"), res.get("tests_fixed")
    res["new_failures"] = []
    if to and tf and to["ran"] and tf["ran"]:
        bad_o, bad_f = to["failed"] + to["errors"], tf["failed"] + tf["errors"]
        res["new_failures"] = sorted(set(tf["failing"]) - set(to["failing"]))
        if bad_f > bad_o:
            res["problems"].append(f"the fixed build fails {bad_f} tests, the original {bad_o}")
        if tf["passed"] < to["passed"]:
            res["problems"].append(f"the fixed build passes {tf['passed']} tests, the original {to['passed']}")
    if ft:
        t = time.monotonic()
        do_ft_leg(project, res, orig, fixed, ft, tools, logs, work, timings)
        timings["free-threaded leg"] = time.monotonic() - t
    res["timings"] = timings
    res["seconds"] = time.monotonic() - t0
    res["ok"] = not res["problems"]
    return res


# --------------------------------------------------------------------------
# RESULTS.md

def short(check):
    return check[len("freethreading-"):] if check.startswith("freethreading-") else check


def by_check(report, key):
    if not report:
        return {}
    return {c: n[key] for c, n in report["summary"]["by_check"].items()}


def tests_cell(t):
    if not t:
        return "not run"
    if not t["ran"]:
        return "did not run"
    cell = f"{t['passed']} / {t['failed'] + t['errors']}"
    if t["skipped"]:
        cell += f" ({t['skipped']} skipped)"
    return cell


def build_cell(b):
    return "ok" if b and b["ok"] else "FAILED"


def git_head():
    status, out = run(["git", "-C", ROOT, "log", "-1", "--format=%h"])
    dirty = run(["git", "-C", ROOT, "status", "--porcelain", "--untracked-files=no"])[1].strip()
    return (out.strip() if status == 0 else "unknown") + (" (with uncommitted changes)" if dirty else "")


def round_cell(rnd):
    if rnd["result"] == "crashed":
        return f"**{rnd['signal']}**"
    if rnd["result"] == "hung":
        return "**hung**"
    if rnd["result"] == "did not run":
        return "did not run"
    return f"{rnd['passed']}/{rnd['failed']}"


def ft_variant_cells(v):
    if not v["built"]:
        return "FAILED", "-", "-"
    gil = ", ".join(f"{m.rsplit('.', 1)[-1]} {'on' if g else 'off'}" for m, g in v["gil"].items())
    return "ok", gil, " · ".join(round_cell(r) for r in v["rounds"])


def write_ft_results(L, results, ft):
    L.append("")
    L.append(f"## Free-threaded CPython {ft['version']}")
    L.append("")
    par = ft["parallel"]
    L.append(f"Both copies built against `{rel(ft['python'])}` (scripts/build-ft-python.sh: Debian's "
             f"python3.13 source, `--disable-gil`), the same CFLAGS. *GIL after import*: "
             f"`sys._is_gil_enabled()` after importing each compiled module alone (off: the module declares "
             f"Py_MOD_GIL_NOT_USED). *Tests*: the project's own suite under pytest-run-parallel "
             f"(`--parallel-threads={par['threads']} --iterations={par['iterations']}`), {par['rounds']} "
             f"rounds, each cell passed/failed, or the signal that killed it, or hung (no end within the "
             f"round's time limit). The original runs with `PYTHON_GIL=0` (the GIL forced off, as a user "
             f"trying it would); the fixed copy runs as it declares itself.")
    L.append("")
    L.append("A project fails here when the fixed copy does not build or import while the original does, "
             "when the fixed copy leaves the GIL off for a module ft-tidy did not call ready, or when any "
             "round of the fixed copy crashes or hangs, or any run of its stress script (a project's "
             "`ft_stress`: a script sharing one of its objects between threads, run with the GIL forced off "
             "in both copies) fails. A crash of the original must be traced in the manifest's `ft_notes`.")
    L.append("")
    L.append("| project | build original / fixed | GIL after import: original / fixed | tests original "
             "(`PYTHON_GIL=0`) | tests fixed |")
    L.append("|---|---|---|---|---|")
    for r in results:
        leg = r.get("ft")
        if not leg:
            continue
        bo, go, to = ft_variant_cells(leg["original"])
        bf, gf, tf = ft_variant_cells(leg["fixed"])
        L.append(f"| {r['name']} | {bo} / {bf} | {go} / {gf} | {to} | {tf} |")
    for r in results:
        leg = r.get("ft")
        if not leg:
            continue
        lines = []
        for variant in ("original", "fixed"):
            v = leg[variant]
            for e in v.get("import_errors", []):
                lines.append(f"* {variant}: import failed: {e}")
            if not v["built"] and not v.get("import_errors"):
                lines.append(f"* {variant}: does not build against the free-threaded headers "
                             f"(build/corpus/work/{r['name']}/logs/build-ft-{variant}.log)")
            for rnd in v["rounds"]:
                if rnd["result"] == "crashed":
                    tr = rnd.get("trace") or {}
                    where = "; ".join(f"`{f}`" for f in tr.get("frames", [])[:2]) or "no Python frame"
                    lines.append(f"* {variant}, round {rnd['round']}: killed by {rnd['signal']} after "
                                 f"{rnd['seconds']:.0f} s: {tr.get('fatal') or 'no fatal error line'}; {where}")
                elif rnd["result"] == "hung":
                    tr = rnd.get("trace") or {}
                    where = "; ".join(f"`{f}`" for f in tr.get("frames", [])[:2])
                    lines.append(f"* {variant}, round {rnd['round']}: no end after {leg['timeout']} s (hung)"
                                 + (f"; {tr['fatal']}: {where}" if tr.get("fatal") else
                                    "; no test ran longer than the stack-dump limit"))
            failing = sorted({t for rnd in v["rounds"] for t in rnd["failing"]})
            if failing:
                lines.append(f"* {variant}: tests failing under threads in some round ({len(failing)}): "
                             + ", ".join(f"`{t}`" for t in failing[:6]) + (" ..." if len(failing) > 6 else ""))
        stress = r.get("ft_stress")
        if stress:
            cells = []
            for variant in ("original", "fixed"):
                runs = leg[variant].get("stress", [])
                bad = [x for x in runs if x["status"] != 0]
                how = ", ".join(sorted({x.get("signal", f"exit {x['status']}") for x in bad}))
                cells.append(f"{variant} failed {len(bad)} of {len(runs)}" + (f" ({how})" if bad else ""))
            lines.append(f"* stress (`{stress['script']}`, the GIL forced off in both copies): "
                         + "; ".join(cells) + f". {stress['why']}")
        for u in r.get("ft_thread_unsafe", []):
            lines.append(f"* run in one thread: `{u['test']}`: {u['why']}")
        if leg.get("notes"):
            lines.append(f"* note: {leg['notes']}")
        if lines:
            L.append("")
            L.append(f"### {r['name']} on the free-threaded build")
            L.append("")
            L.extend(lines)


def write_results(path, results, checks, tools, manifest, seconds, cpu, load, command, ft=None):
    L = []
    L.append("# Corpus results: ft-tidy --fix on real legacy extensions")
    L.append("")
    L.append("Generated by `" + command + "` (test/corpus/run_corpus.py); do not edit by hand: "
             "explanations live in the `notes` of test/corpus/manifest.json.")
    L.append("")
    py_version = run([manifest["python"], "-c", "import sys; print(sys.version.split()[0])"])[1].strip()
    L.append(f"* ft-tidy: commit {git_head()}; clang-tidy {tools.llvm} "
             f"(`{tools.clang_tidy}`), `ft-tidy -j {tools.jobs}`")
    L.append(f"* builds and tests: CPython {py_version} (`{manifest['python']}`, release build), "
             f"`setup.py build` with `CFLAGS=\"-I test/runtime/compat -O0 -g0\"`; the project's own test suite "
             f"under pytest (venv in build/corpus/venv)")
    L.append(f"* {len(results)} projects in {seconds:.0f} s wall time on {os.cpu_count()} cores, "
             f"of which the run used {cpu:.0f} s of CPU; 1-minute load average {load[0]:.1f} at the start, "
             f"{load[1]:.1f} at the end (a load above the number of cores means other work shared them)")
    L.append("")
    L.append("A project passes when ft-tidy ran without error on every file, both copies build and "
             "import, and the fixed copy passes at least as many tests and fails no more than the original.")
    L.append("")
    L.append("## Summary")
    L.append("")
    L.append("| project | version | files | findings | fixed | left | build original / fixed "
             "| tests original passed / failed | tests fixed passed / failed | result |")
    L.append("|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        found = sum(by_check(r.get("lint"), "left").values()) if r.get("lint") else "-"
        fixed = len(r["fix"]["fixed"]) if r.get("fix") else "-"
        left = r["fix"]["summary"]["findings"] if r.get("fix") else "-"
        L.append(f"| {r['name']} | {r['version']} | {len(r['files'])} | {found} | {fixed} | {left} | "
                 f"{build_cell(r.get('build_original'))} / {build_cell(r.get('build_fixed'))} | "
                 f"{tests_cell(r.get('tests_original'))} | {tests_cell(r.get('tests_fixed'))} | "
                 f"{'PASS' if r['ok'] else '**FAIL**'} |")
    L.append("")
    L.append("## Findings per check")
    L.append("")
    L.append("Each cell: findings in the original / fixed by `--fix` / left after `--fix`.")
    L.append("")
    L.append("| project | " + " | ".join(short(c) for c in checks) + " |")
    L.append("|---|" + "---|" * len(checks))
    for r in results:
        found, fixed, left = by_check(r.get("lint"), "left"), by_check(r.get("fix"), "fixed"), \
            by_check(r.get("fix"), "left")
        cells = [f"{found.get(c, 0)} / {fixed.get(c, 0)} / {left.get(c, 0)}" for c in checks]
        L.append(f"| {r['name']} | " + " | ".join(cells) + " |")
    L.append("")
    L.append("## Fixes by shape")
    L.append("")
    n_found = sum(sum(by_check(r.get("lint"), "left").values()) for r in results if r.get("lint"))
    fixes = [d for r in results if r.get("fix") for d in r["fix"]["fixed"]]
    rate = 100.0 * len(fixes) / n_found if n_found else 0.0
    L.append(f"{len(fixes)} of {n_found} findings fixed ({rate:.1f}%). Each fix counted under the kind "
             "of rewrite it made, read from the texts it wrote (test/tools/fix_shapes.py):")
    L.append("")
    L.extend(shape_rows([(d.get("check", ""), shape_of(d)) for d in fixes]))
    L.append("")
    L.append("## Per project")
    for r in results:
        L.append("")
        L.append(f"### {r['name']} {r['version']}: {'PASS' if r['ok'] else 'FAIL'}")
        L.append("")
        L.append(f"* files given to ft-tidy: {', '.join('`' + f + '`' for f in r['files'])}; "
                 f"compat header `{r['compat_header']}`")
        d = r.get("diff")
        if d:
            if d["files"]:
                L.append(f"* `--fix` changed {', '.join('`' + f + '`' for f in d['files'])} "
                         f"(+{d['added']} -{d['removed']} lines; diff in build/corpus/work/{r['name']}/fix.diff)")
            else:
                L.append("* `--fix` changed nothing")
        if r.get("fix"):
            left = r["fix"]["findings"]
            if left:
                L.append(f"* findings left after `--fix` ({len(left)}):")
                for f in left[:25]:
                    # Why the finding has no fix, when the check says.
                    why = next((n["message"] for n in f.get("notes", [])
                                if n["message"].startswith(NO_FIX_PREFIX)), "")
                    L.append(f"  * `{f['file']}:{f['line']}`: {f['message']} [{short(f['check'])}]"
                             + (f"; {why}" if why else ""))
                if len(left) > 25:
                    L.append(f"  * ... and {len(left) - 25} more (build/corpus/work/{r['name']}/fix.json)")
            for m in r["fix"].get("modules", []):
                L.append(f"* module `{m['name']}`: {m['status']}: {m['reason']}")
        for variant in ("original", "fixed"):
            b = r.get(f"build_{variant}")
            if b and b["warnings"]:
                L.append(f"* {variant} build: {len(b['warnings'])} compiler warnings")
        bo, bf = r.get("build_original"), r.get("build_fixed")
        if bo and bf:
            new = sorted(set(bf["warnings"]) - set(bo["warnings"]))
            new = [w for w in new if not any(w.split(":", 1)[-1] == x.split(":", 1)[-1] for x in bo["warnings"])]
            for w in new[:10]:
                L.append(f"  * new in the fixed build: `{os.path.basename(w)}`")
        to = r.get("tests_original")
        if to and to["failing"]:
            L.append(f"* tests failing in the original ({len(to['failing'])}): "
                     + ", ".join(f"`{t}`" for t in to["failing"][:10]))
        if r.get("new_failures"):
            L.append(f"* tests failing only in the fixed build ({len(r['new_failures'])}): "
                     + ", ".join(f"`{t}`" for t in r["new_failures"][:10]))
        for p in r["problems"]:
            L.append(f"* **problem**: {p}")
        if r["notes"]:
            L.append(f"* note: {r['notes']}")
        L.append("* time: " + ", ".join(f"{k} {v:.1f} s" for k, v in r.get("timings", {}).items()))
    if ft:
        write_ft_results(L, results, ft)
    else:
        L.append("")
        L.append("## Free-threaded CPython")
        L.append("")
        L.append("**Not run**: no free-threaded CPython was given (scripts/build-ft-python.sh).")
    L.append("")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L))


def free_threaded_setup(args, manifest, base, logs):
    """The free-threaded interpreter and its venv, or None (no leg)."""
    exe = args.ft_python
    if exe is None:
        default = os.path.join(ROOT, "build", "python-ft", "bin", "python3.13t")
        if not os.path.exists(default):
            log("no free-threaded CPython (scripts/build-ft-python.sh): the free-threaded leg is NOT run")
            return None
        exe = default
    if not os.path.exists(exe):
        raise CorpusError(f"{exe} not found (build it: bash scripts/build-ft-python.sh)")
    status, out = run([exe, "-c", "import sys, sysconfig; print(sys.version.split()[0], "
                                  "bool(sysconfig.get_config_var('Py_GIL_DISABLED')))"])
    fields = out.split()
    if status != 0 or len(fields) != 2 or fields[1] != "True":
        raise CorpusError(f"{exe} is not a free-threaded CPython (build one: bash scripts/build-ft-python.sh)")
    reqs = manifest["requirements"] + manifest["ft_requirements"]
    venv = ensure_venv(exe, reqs, os.path.join(base, "venv-ft"), base, logs, "bash scripts/build-ft-python.sh")
    return {"python": exe, "version": fields[0], "venv": venv, "parallel": manifest["ft_parallel"]}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default=os.environ.get("FT_CORPUS_LLVM", "19"),
                   help="the LLVM whose clang-tidy and build/llvm-N plugin are used (default 19)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2, help="ft-tidy and build jobs")
    p.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this project")
    p.add_argument("--results", metavar="FILE",
                   help="where to write the table (default test/corpus/RESULTS.md; "
                        "build/corpus/RESULTS-partial.md with --only)")
    p.add_argument("--ft-python", metavar="EXE",
                   help="a free-threaded CPython (scripts/build-ft-python.sh): also build both copies "
                        "against it and run the tests under pytest-run-parallel (default: "
                        "build/python-ft/bin/python3.13t when it exists)")
    p.add_argument("--workdir", default=os.path.join(ROOT, "build", "corpus"),
                   help="downloads, venv and builds (default build/corpus; kept between runs)")
    args = p.parse_args()
    command = "python3 test/corpus/run_corpus.py" + (f" --llvm {args.llvm}" if args.llvm != "19" else "")

    with open(MANIFEST) as f:
        manifest = json.load(f)
    projects = manifest["projects"]
    if args.only:
        unknown = set(args.only) - {pr["name"] for pr in projects}
        if unknown:
            print(f"corpus: error: no project named {', '.join(sorted(unknown))} in the manifest", file=sys.stderr)
            return 2
        projects = [pr for pr in projects if pr["name"] in args.only]
    results_path = args.results or (os.path.join(args.workdir, "RESULTS-partial.md") if args.only
                                    else os.path.join(HERE, "RESULTS.md"))
    base = args.workdir
    logs = os.path.join(base, "logs")
    os.makedirs(logs, exist_ok=True)
    start = time.monotonic()
    load_start = os.getloadavg()[0]
    try:
        tools = Tools(args)
        venv = ensure_venv(manifest["python"], manifest["requirements"], os.path.join(base, "venv"), base,
                           logs, "apt-get install python3 python3-dev python3-venv")
        ft = free_threaded_setup(args, manifest, base, logs)
        # Download everything first, so that an unreachable index skips the
        # whole run before anything is reported.
        sdists = fetch_all(projects, base, venv, logs)
        results = []
        for pr in projects:
            log(f"{pr['name']} {pr['version']} ...")
            r = do_project(pr, sdists[pr["name"]], manifest, tools, base, venv, ft)
            results.append(r)
            log(f"{pr['name']}: {'PASS' if r['ok'] else 'FAIL'} in {r['seconds']:.0f}s"
                + "".join(f"\n    {x}" for x in r["problems"]))
    except Unreachable as e:
        bar = "!" * 78
        print(f"{bar}\ncorpus: SKIPPED, NOTHING WAS TESTED: {e}\n{bar}", file=sys.stderr)
        return SKIP_STATUS
    except CorpusError as e:
        print(f"corpus: error: {e}", file=sys.stderr)
        return 2
    seconds = time.monotonic() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = children.ru_utime + children.ru_stime
    load = (load_start, os.getloadavg()[0])
    checks = sorted({c for r in results for rep in (r.get("lint"), r.get("fix")) if rep
                     for c in (rep.get("checks") or []) + list(rep["summary"]["by_check"])})
    checks = [c for c in checks if c.startswith("freethreading-")] or checks
    write_results(results_path, results, checks, tools, manifest, seconds, cpu, load, command, ft)
    with open(os.path.join(base, "summary.json"), "w") as f:
        json.dump({"seconds": seconds, "results": results}, f, indent=1, default=str)
    failed = [r["name"] for r in results if not r["ok"]]
    log(f"wrote {rel(results_path)}; {len(results)} projects in {seconds:.0f}s ({cpu:.0f}s CPU)")
    log(f"projects: {len(results) - len(failed)} PASS, {len(failed)} FAIL" +
        (f" ({', '.join(failed)})" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
