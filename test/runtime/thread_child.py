"""Free-threaded side of refcount_harness.py; runs inside a free-threaded CPython.

    python3.13t -B -X faulthandler -I thread_child.py \
        --build-dir DIR --module NAME --exercise FILE --threads T --iterations N

Imports extension module NAME from DIR (and only from DIR) and reports
whether the GIL is enabled before and after the import. Unless
--import-only is given, it then runs exercise(mod) once on its own (the
expected result) and, unless T is 0, T threads that start together (a barrier) and each run
exercise(mod) N times and on until --min-seconds have passed, comparing every result's repr with the expected one.
Prints one line, "FT_THREADS_RESULT " + JSON.

Exit status: 0 when the report was printed (mismatches and exceptions are in
it); 1 when the import or the single-threaded run raised (traceback on
stderr); 3 when the environment is wrong (not a free-threaded build, module
imported from elsewhere, no exercise function). A crash kills the process
with a signal, which the harness reports.
"""

import argparse
import importlib
import importlib.util
import json
import os
import sys
import threading
import time
import traceback

MARKER = "FT_THREADS_RESULT "


def fail_setup(message):
    sys.stderr.write("thread_child: %s\n" % message)
    sys.exit(3)


def load_exercise(path):
    spec = importlib.util.spec_from_file_location("ft_runtime_exercise", path)
    if spec is None or spec.loader is None:
        fail_setup("cannot load %s" % path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    exercise = getattr(module, "exercise", None)
    if not callable(exercise):
        fail_setup("%s defines no exercise(mod) function" % path)
    return exercise


def run_threads(exercise, mod, expected, threads, iterations, min_seconds):
    """Every thread's mismatches and exceptions, the threads started at once.
    Each thread runs exercise() `iterations` times, and on until `min_seconds`
    have passed since the start (a fast exercise still overlaps for that long)."""
    barrier = threading.Barrier(threads)
    lock = threading.Lock()
    outcome = {"runs": 0, "mismatches": 0, "first_mismatch": None,
               "exceptions": 0, "first_exception": None}

    def worker():
        barrier.wait()
        deadline = time.monotonic() + min_seconds
        runs = mismatches = exceptions = 0
        mismatch = exception = None
        while runs < iterations or time.monotonic() < deadline:
            runs += 1
            try:
                got = repr(exercise(mod))
            except BaseException:
                exceptions += 1
                exception = exception or traceback.format_exc()
                continue
            if got != expected:
                mismatches += 1
                mismatch = mismatch or got
        with lock:
            outcome["runs"] += runs
            outcome["mismatches"] += mismatches
            outcome["exceptions"] += exceptions
            outcome["first_mismatch"] = outcome["first_mismatch"] or mismatch
            outcome["first_exception"] = outcome["first_exception"] or exception

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return outcome


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--iterations", type=int, default=1)
    parser.add_argument("--min-seconds", type=float, default=0.0)
    parser.add_argument("--import-only", action="store_true")
    args = parser.parse_args()

    if not hasattr(sys, "_is_gil_enabled"):
        fail_setup("%s is not a free-threaded build (no sys._is_gil_enabled)"
                   % sys.executable)
    gil_before = sys._is_gil_enabled()
    build_dir = os.path.realpath(args.build_dir)
    sys.path.insert(0, build_dir)
    mod = importlib.import_module(args.module)
    gil_after = sys._is_gil_enabled()
    where = os.path.dirname(os.path.realpath(getattr(mod, "__file__", "") or ""))
    if where != build_dir:
        fail_setup("module %r was imported from %r, not from the build "
                   "directory %r" % (args.module, where, build_dir))
    report = {"python": sys.version.split()[0], "gil_before_import": gil_before,
              "gil_after_import": gil_after}
    if not args.import_only:
        sys.path.append(os.path.dirname(os.path.realpath(__file__)))
        exercise = load_exercise(args.exercise)
        expected = repr(exercise(mod))
        started = time.monotonic()
        if args.threads:
            report.update(run_threads(exercise, mod, expected, args.threads, args.iterations,
                                      args.min_seconds))
        report.update({"seconds": time.monotonic() - started, "expected": expected,
                       "threads": args.threads, "iterations": args.iterations,
                       "gil_after_threads": sys._is_gil_enabled()})
    sys.stdout.flush()
    sys.stdout.write(MARKER + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
