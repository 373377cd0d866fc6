#!/usr/bin/env python3
"""Runtime reference-count tests for ft-tidy's fix-its (SPEC.md section 10).

Builds one small legacy extension module (a "case") twice, as written
(original) and after ft-tidy's fix-its (fixed), against the debug CPython,
runs both many times in a child debug interpreter and asserts that:

  * neither leaks nor over-releases references: sys.gettotalrefcount() is
    the same before and after N runs of the case's exercise() (after a
    warm-up, measured with gc.collect(), calibrated for the measuring code);
  * neither crashes: a child killed by a signal (the debug allocator aborts
    on a double free or a PyMem_/PyObject_ domain mismatch, Py_DECREF aborts
    on a negative reference count) is a failure naming the signal and the
    fatal error;
  * the fixed module returns exactly what the original returned (repr of
    exercise()'s result), and each returns the same on its first and its
    last run.

Output: one line per check, "PASS: <case>: ..." or "FAIL: <case>: <reason>",
plus "INFO: <case>: ..." lines that are not checks. Exit status 0 when every
check passed, 1 when one failed, 2 on a usage error (one line on stderr).

See README.md in this directory for the case layout and every option.
"""

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COMPAT_DIR = os.path.join(HERE, "compat")
CHILD = os.path.join(HERE, "refcount_child.py")
THREAD_CHILD = os.path.join(HERE, "thread_child.py")
MARKER = "FT_RUNTIME_RESULT "
THREADS_MARKER = "FT_THREADS_RESULT "

# The distribution's debug interpreter (python3-dbg: 3.11 on Debian 12,
# 3.13 on Debian 13).
DEFAULT_PYTHON = next((p for p in ("/usr/bin/python3-dbg", "/usr/bin/python3.11-dbg")
                       if os.path.exists(p)), "/usr/bin/python3-dbg")
RELEASE_PYTHON = "/usr/bin/python3"
DEFAULT_ITERATIONS = 200
DEFAULT_WARMUP = 20
# Allowed |refcount delta| over all measured iterations. Measured on the
# debug 3.11 (see README.md): an empty exercise and the clean cases give
# exactly 0 after calibration, every time, so any difference is a real
# leak (positive) or over-release (negative). A leak of one reference per
# call gives N (200 by default).
DEFAULT_TOLERANCE = 0
# Allowed |sys.getallocatedblocks() delta|: small (pymalloc, <= 512 bytes)
# blocks still allocated after N runs. Also exactly 0 for every clean case;
# catches a leaked PyMem_Malloc/PyObject_Malloc buffer that no refcount sees.
DEFAULT_BLOCKS_TOLERANCE = 0
CHILD_TIMEOUT = 300
# The free-threaded leg (--ft-python): threads started together, each running
# exercise() this many times.
DEFAULT_THREADS = 4
DEFAULT_THREAD_ITERATIONS = 200
# ... and on until this long has passed, so that a fast exercise overlaps too.
THREAD_MIN_SECONDS = 0.5
BUILD_ROLES = ("original", "fixed")


class UsageError(Exception):
    pass


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UsageError(message)


def parse_args(argv):
    p = Parser(
        prog="refcount_harness.py",
        description="Build a legacy extension module before and after "
                    "ft-tidy's fix-its against the debug CPython and check "
                    "reference counts, crashes and results.")
    p.add_argument("--case", help="case directory (module.c, exercise.py, "
                                  "optional case.json)")
    p.add_argument("--clang-tidy", help="clang-tidy executable")
    p.add_argument("--plugin", help="ft-tidy plugin (libFreeThreadingTidy.so)")
    p.add_argument("--checks", help="checks to run, e.g. 'freethreading-*'; "
                                    "without it clang-tidy is not run and "
                                    "fixed == original")
    p.add_argument("--ft-tidy", metavar="EXE",
                   help="with --checks: fix the case's directory with the "
                        "ft-tidy driver (ft-tidy --fix over all its files) "
                        "instead of clang-tidy -fix on module.c")
    p.add_argument("--extra-tidy-arg", action="append", default=[],
                   metavar="ARG",
                   help="extra clang-tidy argument placed before '--' "
                        "(write --extra-tidy-arg=-config=... when ARG "
                        "starts with '-'); repeatable")
    p.add_argument("--fixed-source", metavar="FILE",
                   help="use FILE as the fixed module.c instead of running "
                        "clang-tidy (harness self-tests)")
    p.add_argument("--expect-change", action="store_true",
                   help="fail unless the fixed source differs from the "
                        "original")
    p.add_argument("--expect-fixed", metavar="FILE",
                   help="fail unless the fixed source equals FILE exactly")
    p.add_argument("--expect-fixed-file", action="append", default=[],
                   metavar="NAME=FILE",
                   help="fail unless the fixed copy of the case's file NAME "
                        "(one of its extra_files) equals FILE; repeatable")
    p.add_argument("--iterations", type=int, default=None,
                   help="measured runs of exercise() (default %d)"
                        % DEFAULT_ITERATIONS)
    p.add_argument("--warmup", type=int, default=None,
                   help="runs before measuring (default %d)" % DEFAULT_WARMUP)
    p.add_argument("--tolerance", type=int, default=DEFAULT_TOLERANCE,
                   help="allowed |refcount delta| (default %d)"
                        % DEFAULT_TOLERANCE)
    p.add_argument("--blocks-tolerance", type=int,
                   default=DEFAULT_BLOCKS_TOLERANCE,
                   help="allowed |sys.getallocatedblocks() delta| (default %d)"
                        % DEFAULT_BLOCKS_TOLERANCE)
    p.add_argument("--workdir", help="where to copy and build (kept); "
                                     "default: a temporary directory, "
                                     "removed when everything passed")
    p.add_argument("--cc", default="gcc", help="C compiler (default gcc)")
    p.add_argument("--cxx", default="g++",
                   help="C++ compiler for cases with \"language\": \"c++\" "
                        "(default g++)")
    p.add_argument("--python", default=DEFAULT_PYTHON,
                   help="debug interpreter (default %s)" % DEFAULT_PYTHON)
    p.add_argument("--ft-python", metavar="EXE",
                   help="a free-threaded interpreter: the fixed module is also "
                        "built against it, imported (the GIL must stay off "
                        "when the case says the module declares "
                        "Py_MOD_GIL_NOT_USED) and run from --threads threads "
                        "at once with -X gil=0")
    p.add_argument("--skip-free-threaded", action="store_true",
                   help="no free-threaded leg even with --ft-python (the "
                        "harness's own self-tests of deliberately broken "
                        "modules, which target the debug interpreter)")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS,
                   help="threads of the free-threaded run (default %d)"
                        % DEFAULT_THREADS)
    p.add_argument("--thread-iterations", type=int, default=None,
                   help="runs of exercise() per thread (default %d)"
                        % DEFAULT_THREAD_ITERATIONS)
    p.add_argument("--timeout", type=int, default=CHILD_TIMEOUT,
                   help="seconds per child run (default %d)" % CHILD_TIMEOUT)
    p.add_argument("--check-compat-header", action="store_true",
                   help="only compile compat/ft_compat.h as C and C++ "
                        "against the debug and release 3.11 headers")
    args = p.parse_args(argv)
    if not args.check_compat_header and not args.case:
        raise UsageError("--case DIR is required")
    if args.iterations is not None and args.iterations < 1:
        raise UsageError("--iterations must be at least 1")
    if args.warmup is not None and args.warmup < 1:
        raise UsageError("--warmup must be at least 1")
    if args.threads < 2:
        raise UsageError("--threads must be at least 2")
    if args.thread_iterations is not None and args.thread_iterations < 1:
        raise UsageError("--thread-iterations must be at least 1")
    if args.tolerance < 0 or args.blocks_tolerance < 0:
        raise UsageError("tolerances must not be negative")
    return args


# --- small helpers -----------------------------------------------------------

def one_line(text, limit=300):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def first_line_matching(text, pattern):
    for line in text.splitlines():
        if re.search(pattern, line):
            return line.strip()
    return None


def last_nonempty_line(text):
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    return lines[-1] if lines else ""


def read_text(path):
    with open(path, "r", encoding="utf-8", newline="") as f:
        return f.read()


def find_executable(name):
    if os.sep in name:
        return name if os.access(name, os.X_OK) and os.path.isfile(name) else None
    return shutil.which(name)


def signed(number):
    return "%+d" % number if number else "0"


def signal_name(number):
    try:
        return signal.Signals(number).name
    except ValueError:
        return "signal %d" % number


class Reporter:
    def __init__(self, case):
        self.case = case
        self.failed = False

    def ok(self, message):
        print("PASS: %s: %s" % (self.case, message), flush=True)

    def fail(self, message):
        self.failed = True
        print("FAIL: %s: %s" % (self.case, message), flush=True)

    def info(self, message):
        print("INFO: %s: %s" % (self.case, message), flush=True)

    def detail(self, text, limit=40):
        """Indented diagnostic output (compiler or child stderr)."""
        lines = text.rstrip().splitlines()
        for line in lines[:limit]:
            print("  | " + line, flush=True)
        if len(lines) > limit:
            print("  | ... (%d more lines)" % (len(lines) - limit), flush=True)


# --- the case ----------------------------------------------------------------

class Case:
    """A case directory: module.c + exercise.py (+ case.json)."""

    def __init__(self, directory):
        if not os.path.isdir(directory):
            raise UsageError("case directory %s does not exist" % directory)
        self.dir = os.path.abspath(directory)
        self.name = os.path.basename(os.path.normpath(self.dir))
        config = {}
        config_path = os.path.join(self.dir, "case.json")
        if os.path.exists(config_path):
            try:
                with open(config_path, encoding="utf-8") as f:
                    config = json.load(f)
            except (OSError, ValueError) as e:
                raise UsageError("%s: %s" % (config_path, e))
            if not isinstance(config, dict):
                raise UsageError("%s: expected a JSON object" % config_path)
            unknown = set(config) - {"module", "source", "exercise",
                                     "language", "tidy_args", "iterations",
                                     "warmup", "gil", "thread_iterations",
                                     "free_threaded", "extra_files"}
            if unknown:
                raise UsageError("%s: unknown keys %s"
                                 % (config_path, ", ".join(sorted(unknown))))
        self.source = os.path.normpath(
            os.path.join(self.dir, config.get("source", "module.c")))
        self.exercise = os.path.normpath(
            os.path.join(self.dir, config.get("exercise", "exercise.py")))
        if not os.path.isfile(self.source):
            raise UsageError("%s: no %s" % (self.dir,
                             os.path.relpath(self.source, self.dir)))
        if not os.path.isfile(self.exercise):
            raise UsageError("%s: no %s" % (self.dir,
                             os.path.relpath(self.exercise, self.dir)))
        # Other files of the module (sources compiled with module.c,
        # headers), copied next to it.
        self.extra_files = config.get("extra_files", [])
        if not (isinstance(self.extra_files, list)
                and all(isinstance(a, str) and os.path.basename(a) == a
                        and os.path.isfile(os.path.join(self.dir, a))
                        for a in self.extra_files)):
            raise UsageError("%s: extra_files must list files of the case "
                             "directory by name" % config_path)
        self.language = config.get("language", "c")
        if self.language not in ("c", "c++"):
            raise UsageError("%s: language must be \"c\" or \"c++\"" % config_path)
        self.tidy_args = config.get("tidy_args", [])
        if not (isinstance(self.tidy_args, list)
                and all(isinstance(a, str) for a in self.tidy_args)):
            raise UsageError("%s: tidy_args must be a list of strings" % config_path)
        self.iterations = config.get("iterations")
        self.warmup = config.get("warmup")
        self.thread_iterations = config.get("thread_iterations")
        # "not-used": the fixed module declares Py_MOD_GIL_NOT_USED, so
        # importing it on a free-threaded build must leave the GIL off.
        self.gil = config.get("gil")
        if self.gil not in (None, "not-used"):
            raise UsageError("%s: gil must be \"not-used\"" % config_path)
        # "single": on the free-threaded interpreter the exercise runs in one
        # thread only (it asserts exact reference counts of objects that a
        # free-threaded 3.13 makes immortal once a second thread starts).
        self.free_threaded = config.get("free_threaded", "threads")
        if self.free_threaded not in ("threads", "single"):
            raise UsageError("%s: free_threaded must be \"threads\" or \"single\""
                             % config_path)
        for key in ("iterations", "warmup", "thread_iterations"):
            value = config.get(key)
            if value is not None and (not isinstance(value, int)
                                      or isinstance(value, bool) or value < 1):
                raise UsageError("%s: %s must be a positive integer"
                                 % (config_path, key))
        self.module = config.get("module") or self._module_from_source()
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", self.module):
            raise UsageError("%s: bad module name %r" % (self.dir, self.module))

    def _module_from_source(self):
        names = sorted(set(re.findall(r"\bPyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(",
                                      read_text(self.source))))
        if len(names) != 1:
            raise UsageError(
                "%s: cannot tell the module name (%s PyInit_<name> functions); "
                "add case.json with {\"module\": \"name\"}"
                % (self.source, "no" if not names else "several"))
        return names[0]


# --- the steps ---------------------------------------------------------------

def query_python(python, free_threaded=False, release=False):
    code = ("import json, sys, sysconfig; print(json.dumps({"
            "'include': sysconfig.get_path('include'), "
            "'ext_suffix': sysconfig.get_config_var('EXT_SUFFIX'), "
            "'debug': hasattr(sys, 'gettotalrefcount'), "
            "'free_threaded': bool(sysconfig.get_config_var('Py_GIL_DISABLED')), "
            "'version': sys.version.split()[0]}))")
    try:
        out = subprocess.run([python, "-I", "-c", code], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise UsageError("cannot run %s: %s" % (python, e))
    if out.returncode != 0:
        raise UsageError("cannot query %s: %s"
                         % (python, one_line(out.stderr or out.stdout)))
    info = json.loads(out.stdout)
    if free_threaded:
        if not info["free_threaded"]:
            raise UsageError("%s is not a free-threaded build (Py_GIL_DISABLED "
                             "is not set); build one with "
                             "scripts/build-ft-python.sh" % python)
        return info
    if release:
        return info
    if not info["debug"]:
        raise UsageError("%s is not a debug build (no sys.gettotalrefcount); "
                         "install python3-dbg" % python)
    return info


def run_clang_tidy(args, case, fixed_source, include_dir, rep):
    command = [args.clang_tidy, "--load=" + args.plugin,
               "-checks=-*," + args.checks, "-fix"]
    command += case.tidy_args + args.extra_tidy_arg
    command += [fixed_source, "--", "-I" + include_dir, "-I" + COMPAT_DIR]
    if case.language == "c++":
        command += ["-x", "c++", "-std=c++17"]
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=600)
    except (OSError, subprocess.TimeoutExpired) as e:
        rep.fail("clang-tidy could not run: %s" % one_line(str(e)))
        return False
    output = out.stdout + out.stderr
    error = first_line_matching(output, r"\berror:")
    if out.returncode != 0 or error:
        reason = error or last_nonempty_line(output) or "no output"
        rep.fail("clang-tidy failed (exit %d): %s"
                 % (out.returncode, one_line(reason)))
        rep.detail(output)
        return False
    warnings = len(re.findall(r"\bwarning:", out.stdout))
    rep.ok("clang-tidy -fix ran (checks '%s', %d warning%s)"
           % (args.checks, warnings, "" if warnings == 1 else "s"))
    return True


def run_ft_tidy(args, case, fixed_dir, rep):
    """ft-tidy --fix over the fixed copy of the case's files, as a project of
    its own (a setup.cfg marks its root), with the debug interpreter's
    headers."""
    with open(os.path.join(fixed_dir, "setup.cfg"), "w", encoding="utf-8") as f:
        f.write("[metadata]\nname = %s\n" % case.module)
    command = [sys.executable, args.ft_tidy, "--fix", "--checks", args.checks,
               "--plugin", args.plugin, "--clang-tidy", args.clang_tidy,
               "--python", args.python, "-I", COMPAT_DIR, "--quiet", "."]
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=600, cwd=fixed_dir)
    except (OSError, subprocess.TimeoutExpired) as e:
        rep.fail("ft-tidy could not run: %s" % one_line(str(e)))
        return False
    os.remove(os.path.join(fixed_dir, "setup.cfg"))
    if out.returncode not in (0, 1) or "did not parse" in out.stdout:
        reason = (first_line_matching(out.stderr + out.stdout, r"\berror\b")
                  or last_nonempty_line(out.stderr + out.stdout) or "no output")
        rep.fail("ft-tidy failed (exit %d): %s" % (out.returncode, one_line(reason)))
        rep.detail(out.stdout + out.stderr)
        return False
    summary = first_line_matching(out.stdout, r"^ft-tidy: ") or "no summary"
    rep.ok("ft-tidy --fix ran (checks '%s'): %s" % (args.checks, summary))
    return True


def compare_extra_files(args, case, fixed_dir, rep):
    """--expect-fixed-file NAME=FILE: the fixed copy of NAME equals FILE."""
    for spec in args.expect_fixed_file:
        name, _, expected = spec.partition("=")
        if name not in case.extra_files:
            rep.fail("--expect-fixed-file %s: not one of the case's extra_files" % name)
        elif read_text(expected) == read_text(os.path.join(fixed_dir, name)):
            rep.ok("fixed %s equals %s" % (name, os.path.basename(expected)))
        else:
            rep.fail("fixed %s differs from %s" % (name, os.path.basename(expected)))


def compare_sources(args, case, original, fixed, rep):
    original_text = read_text(original)
    fixed_text = read_text(fixed)
    changed = original_text != fixed_text
    if changed:
        changed_lines = sum(1 for a, b in zip(original_text.splitlines(),
                                               fixed_text.splitlines()) if a != b)
        changed_lines += abs(len(original_text.splitlines())
                             - len(fixed_text.splitlines()))
        rep.info("fixed source differs from the original (~%d line%s)"
                 % (changed_lines, "" if changed_lines == 1 else "s"))
    else:
        rep.info("fixed source is identical to the original")
    if args.expect_change:
        if changed:
            rep.ok("fixed source differs from the original (--expect-change)")
        else:
            rep.fail("fixed source is identical to the original "
                     "(--expect-change: no fix-it was applied)")
    if args.expect_fixed:
        expected = read_text(args.expect_fixed)
        if expected == fixed_text:
            rep.ok("fixed source equals %s" % os.path.basename(args.expect_fixed))
        else:
            exp_lines = expected.splitlines()
            got_lines = fixed_text.splitlines()
            for number in range(max(len(exp_lines), len(got_lines))):
                e = exp_lines[number] if number < len(exp_lines) else "<end of file>"
                g = got_lines[number] if number < len(got_lines) else "<end of file>"
                if e != g:
                    break
            else:
                number, e, g = len(exp_lines), "(line endings or final newline)", ""
            rep.fail("fixed source differs from %s at line %d: expected %r, got %r"
                     % (os.path.basename(args.expect_fixed), number + 1,
                        one_line(e, 120), one_line(g, 120)))


def build(args, case, role, directory, info, rep):
    sources = [os.path.join(directory, "module.c")]
    sources += [os.path.join(directory, f) for f in case.extra_files
                if f.endswith((".c", ".cc", ".cpp"))]
    output = os.path.join(directory, case.module + info["ext_suffix"])
    if case.language == "c++":
        command = [args.cxx, "-x", "c++", "-std=c++17"]
    else:
        command = [args.cc]
    command += ["-shared", "-fPIC", "-O0", "-g", "-Wall", "-Werror",
                "-I" + info["include"], "-I" + COMPAT_DIR] + sources + ["-o", output]
    version = tuple(int(p) for p in info["version"].split(".")[:2])
    if info["free_threaded"] or version >= (3, 13):
        # 3.13 deprecates the borrowed APIs (PyWeakref_GetObject...) that a
        # case may keep where they are safe: deprecated, not removed (the
        # debug interpreter is 3.13 on Debian 13).
        command[-3 - len(sources):-3 - len(sources)] = ["-Wno-deprecated-declarations"]
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        rep.fail("%s: build failed: %s" % (role, one_line(str(e))))
        return False
    if out.returncode != 0:
        reason = (first_line_matching(out.stderr, r"\berror\b")
                  or last_nonempty_line(out.stderr) or "exit %d" % out.returncode)
        rep.fail("%s: build failed: %s" % (role, one_line(reason)))
        rep.detail(out.stderr)
        return False
    rep.ok("%s: built %s" % (role, os.path.basename(output)))
    return True


def fatal_reason(stderr, directory):
    """The most telling line of a crashed child's stderr."""
    reason = None
    # A failed object assertion (negative refcount...) says what went wrong on
    # the line before its generic "Fatal Python error: _PyObject_AssertFailed".
    for pattern in (r"Assertion failed:", r"Assertion .* failed",
                    r"Fatal Python error", r"Segmentation fault"):
        reason = first_line_matching(stderr, pattern)
        if reason:
            break
    reason = reason or last_nonempty_line(stderr) or "no output"
    return reason.replace(directory + os.sep, "")


def run_child(args, case, role, directory, warmup, iterations, rep):
    command = [args.python, "-B", "-X", "faulthandler", "-I", CHILD,
               "--build-dir", directory, "--module", case.module,
               "--exercise", case.exercise, "--warmup", str(warmup),
               "--iterations", str(iterations)]
    started = time.monotonic()
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             cwd=directory, timeout=args.timeout)
    except subprocess.TimeoutExpired:
        rep.fail("%s: child timed out after %ds" % (role, args.timeout))
        return None
    except OSError as e:
        rep.fail("%s: child could not run: %s" % (role, one_line(str(e))))
        return None
    elapsed = time.monotonic() - started
    report = None
    for line in out.stdout.splitlines():
        if line.startswith(MARKER):
            report = json.loads(line[len(MARKER):])
    # A child that printed its measurement and then died was killed while
    # the interpreter shut down (module/object finalisation): still a
    # failure, and the measurement it printed is still checked below.
    when = " at interpreter shutdown (after the measurement)" if report else ""
    if out.returncode < 0:
        rep.fail("%s: child killed by %s%s: %s"
                 % (role, signal_name(-out.returncode), when,
                    one_line(fatal_reason(out.stderr, directory))))
        rep.detail(out.stderr)
    elif out.returncode != 0:
        rep.fail("%s: child exited with status %d%s: %s"
                 % (role, out.returncode, when,
                    one_line(last_nonempty_line(out.stderr) or "no output")))
        rep.detail(out.stderr)
    elif report is None:
        rep.fail("%s: child printed no result line" % role)
        rep.detail(out.stdout + out.stderr)
    if report is None:
        return None
    report["seconds"] = elapsed

    delta = report["refcount_delta"]
    summary = ("refcount delta %s over %d iterations (warm-up %d, tolerance %d)"
               % (signed(delta), iterations, warmup, args.tolerance))
    if abs(delta) <= args.tolerance:
        rep.ok("%s: %s; %.2fs" % (role, summary, elapsed))
    else:
        what = "leaks" if delta > 0 else "releases more than it owns,"
        rep.fail("%s: %s: %s %.2f references per iteration"
                 % (role, summary, what, abs(delta) / iterations))
    blocks = report["blocks_delta"]
    summary = ("allocated blocks delta %s over %d iterations (tolerance %d)"
               % (signed(blocks), iterations, args.blocks_tolerance))
    if abs(blocks) <= args.blocks_tolerance:
        rep.ok("%s: %s" % (role, summary))
    else:
        rep.fail("%s: %s: %s %.2f memory blocks per iteration"
                 % (role, summary, "leaks" if blocks > 0 else "frees",
                    abs(blocks) / iterations))
    if report["result_repr"] == report["last_result_repr"]:
        rep.ok("%s: exercise() returned the same result on the first and "
               "last run" % role)
    else:
        rep.fail("%s: exercise() result changed between the first and the "
                 "last run: first %s, last %s"
                 % (role, one_line(report["result_repr"], 120),
                    one_line(report["last_result_repr"], 120)))
    return report


def compare_results(original, fixed, rep):
    if original["result_repr"] == fixed["result_repr"]:
        items = original.get("result_items")
        rep.ok("fixed result equals the original result%s"
               % ("" if items is None else " (%d items)" % len(items)))
        return
    a, b = original.get("result_items"), fixed.get("result_items")
    if a is not None and b is not None:
        for index in range(min(len(a), len(b))):
            if a[index] != b[index]:
                rep.fail("fixed result differs from the original at item %d: "
                         "original %s, fixed %s"
                         % (index, one_line(a[index], 140), one_line(b[index], 140)))
                return
        rep.fail("fixed result differs from the original: %d items, fixed %d"
                 % (len(a), len(b)))
        return
    rep.fail("fixed result differs from the original: original %s, fixed %s"
             % (one_line(original["result_repr"], 140),
                one_line(fixed["result_repr"], 140)))


def cpython_neutral(text):
    """text without the CPython source locations that SystemError messages
    carry ('../Objects/dictobject.c:1778'): they differ between versions."""
    return re.sub(r"(?:\.\./)?(?:Objects|Python|Modules)/[\w/]+\.c:\d+", "<cpython>", text)


def run_thread_child(args, case, directory, env, extra, rep, label, gil_off=False):
    """One free-threaded child run; its report, or None after a failure."""
    command = [args.ft_python, "-B", "-X", "faulthandler", "-I"]
    command += ["-X", "gil=0"] if gil_off else []
    command += [THREAD_CHILD,
               "--build-dir", directory, "--module", case.module,
               "--exercise", case.exercise] + extra
    try:
        out = subprocess.run(command, capture_output=True, text=True,
                             cwd=directory, timeout=args.timeout, env=env)
    except subprocess.TimeoutExpired:
        rep.fail("free-threaded: %s: child hung: no result after %ds"
                 % (label, args.timeout))
        return None
    except OSError as e:
        rep.fail("free-threaded: %s: child could not run: %s"
                 % (label, one_line(str(e))))
        return None
    report = None
    for line in out.stdout.splitlines():
        if line.startswith(THREADS_MARKER):
            report = json.loads(line[len(THREADS_MARKER):])
    when = " at interpreter shutdown (after the run)" if report else ""
    if out.returncode < 0:
        rep.fail("free-threaded: %s: child killed by %s%s: %s"
                 % (label, signal_name(-out.returncode), when,
                    one_line(fatal_reason(out.stderr, directory))))
        rep.detail(out.stderr)
        return None
    if out.returncode != 0:
        rep.fail("free-threaded: %s: child exited with status %d: %s"
                 % (label, out.returncode,
                    one_line(last_nonempty_line(out.stderr) or "no output")))
        rep.detail(out.stderr)
        return None
    if report is None:
        rep.fail("free-threaded: %s: child printed no result line" % label)
        rep.detail(out.stdout + out.stderr)
    return report


def free_threaded_leg(args, case, fixed_c, workdir, expected_repr, rep):
    """The fixed module on a free-threaded interpreter: built against its
    headers, imported (GIL state), and run from several threads at once."""
    info = query_python(args.ft_python, free_threaded=True)
    directory = os.path.join(workdir, "fixed-ft")
    shutil.rmtree(directory, ignore_errors=True)
    os.makedirs(directory)
    shutil.copyfile(fixed_c, os.path.join(directory, "module.c"))
    for name in case.extra_files:
        shutil.copyfile(os.path.join(os.path.dirname(fixed_c), name),
                        os.path.join(directory, name))
    if not build(args, case, "free-threaded", directory, info, rep):
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_GIL"}
    imported = run_thread_child(args, case, directory, env, ["--import-only"],
                                rep, "import")
    if imported is None:
        return
    if imported["gil_before_import"]:
        rep.fail("free-threaded: the GIL is enabled before the import: %s is "
                 "not running free-threaded" % args.ft_python)
        return
    gil = "enabled" if imported["gil_after_import"] else "off"
    if case.gil == "not-used":
        if imported["gil_after_import"]:
            rep.fail("free-threaded: importing the fixed module enabled the "
                     "GIL, but it should declare Py_MOD_GIL_NOT_USED")
        else:
            rep.ok("free-threaded: the GIL stays off after importing the "
                   "fixed module (Python %s)" % imported["python"])
    else:
        rep.info("free-threaded: the GIL is %s after the import; the threads "
                 "run with -X gil=0" % gil)
    threads = args.threads if case.free_threaded == "threads" else 0
    iterations = (args.thread_iterations or case.thread_iterations
                  or DEFAULT_THREAD_ITERATIONS)
    # -I (isolated) ignores PYTHON_GIL in the environment: -X gil=0.
    report = run_thread_child(args, case, directory, env,
                              ["--threads", str(threads),
                               "--iterations", str(iterations),
                               "--min-seconds", str(THREAD_MIN_SECONDS)],
                              rep, "%d threads" % threads if threads else "run",
                              gil_off=True)
    if report is None:
        return
    label = ("free-threaded: %d threads at once, at least %d runs and %.1fs each"
             % (threads, iterations, THREAD_MIN_SECONDS))
    if not threads:
        rep.info("free-threaded: exercise() ran in one thread only (case.json: "
                 "\"free_threaded\": \"single\")")
    elif report["gil_after_threads"]:
        rep.fail("%s: the GIL was enabled: the threads did not run "
                 "concurrently" % label)
    elif report["exceptions"]:
        rep.fail("%s: %d runs raised; first: %s"
                 % (label, report["exceptions"],
                    one_line(last_nonempty_line(report["first_exception"]))))
        rep.detail(report["first_exception"])
    elif report["mismatches"]:
        rep.fail("%s: %d results differ from the single-threaded one: "
                 "expected %s, got %s"
                 % (label, report["mismatches"],
                    one_line(report["expected"], 120),
                    one_line(report["first_mismatch"], 120)))
    else:
        rep.ok("%s: all %d results equal the single-threaded one, no crash; "
               "%.2fs" % (label, report["runs"], report["seconds"]))
    if expected_repr is not None:
        if cpython_neutral(report["expected"]) == cpython_neutral(expected_repr):
            rep.ok("free-threaded: result equals the debug build's")
        else:
            rep.fail("free-threaded: result differs from the debug build's: "
                     "debug %s, free-threaded %s"
                     % (one_line(expected_repr, 120),
                        one_line(report["expected"], 120)))


def check_compat_header(args):
    """Compile ft_compat.h (and use every definition) as C and C++."""
    rep = Reporter("ft_compat.h")
    probe = r'''#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "ft_compat.h"
#include "ft_compat.h" /* the include guard works */
int ft_probe(PyObject *d, PyObject *l, PyObject *w, PyObject *k);
int ft_probe(PyObject *d, PyObject *l, PyObject *w, PyObject *k)
{
    PyObject *r = NULL;
    int n = 0;
    PyObject *item = PyList_GetItemRef(l, 0);
    Py_XDECREF(item);
    n += PyDict_GetItemRef(d, k, &r); Py_XDECREF(r);
    n += PyDict_GetItemStringRef(d, "k", &r); Py_XDECREF(r);
    n += PyDict_SetDefaultRef(d, k, k, &r); Py_XDECREF(r);
    n += PyDict_SetDefaultRef(d, k, k, NULL);
    n += PyWeakref_GetRef(w, &r); Py_XDECREF(r);
    r = PyImport_AddModuleRef("sys"); Py_XDECREF(r);
    n += PyDict_ContainsString(d, "k");
    Py_BEGIN_CRITICAL_SECTION(d);
    n++;
    Py_END_CRITICAL_SECTION();
    Py_BEGIN_CRITICAL_SECTION2(d, l);
    n++;
    Py_END_CRITICAL_SECTION2();
    return n;
}
'''
    tmp = tempfile.mkdtemp(prefix="ft-compat-")
    try:
        path = os.path.join(tmp, "probe.c")
        with open(path, "w") as f:
            f.write(probe)
        includes = [query_python(args.python)["include"],
                    query_python(RELEASE_PYTHON, release=True)["include"]]
        if args.ft_python:
            includes.append(query_python(args.ft_python, free_threaded=True)["include"])
        for include in includes:
            if not os.path.isfile(os.path.join(include, "Python.h")):
                rep.fail("no Python.h in %s" % include)
                continue
            for compiler, extra in ((args.cc, ["-x", "c"]),
                                    (args.cc, ["-x", "c", "-std=c99", "-Wpedantic"]),
                                    (args.cxx, ["-x", "c++", "-std=c++17"])):
                command = ([compiler, "-fsyntax-only", "-Wall", "-Wextra",
                            "-Werror"] + extra
                           + ["-I" + include, "-I" + COMPAT_DIR, path])
                label = "%s %s against %s" % (os.path.basename(compiler),
                                              " ".join(extra), include)
                out = subprocess.run(command, capture_output=True, text=True)
                if out.returncode == 0:
                    rep.ok("compiles -Wall -Wextra -Werror: " + label)
                else:
                    rep.fail("does not compile: %s: %s"
                             % (label, one_line(first_line_matching(
                                 out.stderr, r"error") or out.stderr)))
                    rep.detail(out.stderr)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if rep.failed else 0


def run_case(args):
    case = Case(args.case)
    tidy_requested = args.checks is not None
    if tidy_requested:
        if args.fixed_source:
            raise UsageError("--fixed-source and --checks exclude each other")
        if not args.clang_tidy or not args.plugin:
            raise UsageError("--checks needs --clang-tidy and --plugin")
        if not find_executable(args.clang_tidy):
            raise UsageError("clang-tidy not found: %s" % args.clang_tidy)
        if not os.path.isfile(args.plugin):
            raise UsageError("plugin not found: %s" % args.plugin)
    if args.fixed_source and not os.path.isfile(args.fixed_source):
        raise UsageError("--fixed-source: no such file %s" % args.fixed_source)
    if args.expect_fixed and not os.path.isfile(args.expect_fixed):
        raise UsageError("--expect-fixed: no such file %s" % args.expect_fixed)
    for spec in args.expect_fixed_file:
        if "=" not in spec or not os.path.isfile(spec.partition("=")[2]):
            raise UsageError("--expect-fixed-file: expected NAME=FILE of an "
                             "existing file, got %s" % spec)
    if args.ft_tidy and not os.path.isfile(args.ft_tidy):
        raise UsageError("--ft-tidy: no such file %s" % args.ft_tidy)
    for name in ("ft_tidy", "plugin", "clang_tidy"):  # ft-tidy runs elsewhere
        if getattr(args, name) and os.path.exists(getattr(args, name)):
            setattr(args, name, os.path.abspath(getattr(args, name)))
    compiler = args.cxx if case.language == "c++" else args.cc
    if not find_executable(compiler):
        raise UsageError("compiler not found: %s" % compiler)
    if not find_executable(args.python):
        raise UsageError("debug interpreter not found: %s" % args.python)
    if args.ft_python:
        found = find_executable(args.ft_python)
        if not found:
            raise UsageError("free-threaded interpreter not found: %s" % args.ft_python)
        args.ft_python = os.path.abspath(found)  # the children run elsewhere
    info = query_python(args.python)

    iterations = args.iterations or case.iterations or DEFAULT_ITERATIONS
    warmup = args.warmup or case.warmup or DEFAULT_WARMUP
    rep = Reporter(case.name)
    started = time.monotonic()

    if args.workdir:
        workdir = os.path.abspath(args.workdir)
        try:
            os.makedirs(workdir, exist_ok=True)
        except OSError as e:
            raise UsageError("cannot create --workdir %s: %s" % (workdir, e))
        keep = True
    else:
        workdir = tempfile.mkdtemp(prefix="ft-runtime-%s-" % case.name)
        keep = False
    dirs = {}
    for role in BUILD_ROLES:
        dirs[role] = os.path.join(workdir, role)
        shutil.rmtree(dirs[role], ignore_errors=True)
        os.makedirs(dirs[role])
        shutil.copyfile(case.source, os.path.join(dirs[role], "module.c"))
        for name in case.extra_files:
            shutil.copyfile(os.path.join(case.dir, name), os.path.join(dirs[role], name))
    original_c = os.path.join(dirs["original"], "module.c")
    fixed_c = os.path.join(dirs["fixed"], "module.c")

    rep.info("module %s, %s %s, %s" % (case.module, os.path.basename(args.python),
                                       info["version"], workdir))
    tidy_ok = True
    if args.fixed_source:
        shutil.copyfile(args.fixed_source, fixed_c)
        rep.info("fixed source taken from %s (clang-tidy not run)"
                 % os.path.basename(args.fixed_source))
    elif tidy_requested and args.ft_tidy:
        tidy_ok = run_ft_tidy(args, case, dirs["fixed"], rep)
    elif tidy_requested:
        tidy_ok = run_clang_tidy(args, case, fixed_c, info["include"], rep)
    else:
        rep.info("no --checks: clang-tidy not run, fixed copy == original")

    reports = {}
    if tidy_ok:
        compare_sources(args, case, original_c, fixed_c, rep)
        compare_extra_files(args, case, dirs["fixed"], rep)
        for role in BUILD_ROLES:
            if build(args, case, role, dirs[role], info, rep):
                reports[role] = run_child(args, case, role, dirs[role],
                                          warmup, iterations, rep)
        if reports.get("original") and reports.get("fixed"):
            compare_results(reports["original"], reports["fixed"], rep)
        if args.ft_python and not args.skip_free_threaded:
            fixed_report = reports.get("fixed")
            free_threaded_leg(args, case, fixed_c, workdir,
                              fixed_report["result_repr"] if fixed_report else None,
                              rep)
    rep.info("done in %.2fs" % (time.monotonic() - started))
    if rep.failed or keep:
        if not keep:
            rep.info("work directory kept: %s" % workdir)
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    return 1 if rep.failed else 0


def main(argv):
    try:
        args = parse_args(argv)
        if args.check_compat_header:
            for compiler in (args.cc, args.cxx):
                if not find_executable(compiler):
                    raise UsageError("compiler not found: %s" % compiler)
            return check_compat_header(args)
        return run_case(args)
    except UsageError as e:
        sys.stderr.write("refcount_harness.py: error: %s\n" % e)
        return 2
    except BrokenPipeError:
        # Output piped into something that stopped reading (| head).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
