#!/usr/bin/env python3
"""Measure the plugin against parsing alone (not a test: it asserts nothing).

    bench/bench.py [--llvm 19] [--functions 2000] [--repeat 5]

For two inputs, examples/legacy_module/legacycache.c and a generated
translation unit with FUNCTIONS functions (each with a critical section, a
loop, early exits and borrowed-reference calls), against the installed Python
headers, it runs REPEAT times each of:

  parse      clang -fsyntax-only (the same flags)
  plugin     clang-tidy --load=<plugin> -checks='-*,freethreading-*'

and prints the median wall time, the maximum resident set size, and the
plugin/parse ratios. clang-tidy parses the file itself, so "plugin" includes
one parse; its extra cost over "parse" is clang-tidy plus the checks.
"""

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

FUNCTION = """
PyObject *f{i}(PyObject *self, PyObject *d, PyObject *items[], int n) {{
    PyObject *v = PyDict_GetItem(d, self);
    Py_BEGIN_CRITICAL_SECTION(d);
    for (int j = 0; j < n; j++) {{
        if (PyList_Append(self, items[j]) < 0)
            break;
        if (j == {i} % 7)
            return NULL;
    }}
    Py_END_CRITICAL_SECTION();
    return v ? Py_NewRef(v) : Py_NewRef(Py_None);
}}
"""

PRELUDE = """#define PY_SSIZE_T_CLEAN
#include <Python.h>
#ifndef Py_BEGIN_CRITICAL_SECTION
#define Py_BEGIN_CRITICAL_SECTION(op) {
#define Py_END_CRITICAL_SECTION() }
#endif
"""


def measure(cmd, repeat):
    """(median seconds, max RSS in MiB) of `repeat` runs of cmd."""
    times, rss = [], 0
    for _ in range(repeat):
        start = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own usage
        times.append(time.perf_counter() - start)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode not in (0, 1):
            sys.exit(f"bench: error: {' '.join(cmd)} exited with {child.returncode}")
        rss = max(rss, usage.ru_maxrss)
    return statistics.median(times), rss / 1024


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default="19")
    p.add_argument("--functions", type=int, default=2000)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args()

    bin_dir = f"/usr/lib/llvm-{args.llvm}/bin"
    plugin = os.path.join(ROOT, "build", f"llvm-{args.llvm}", "libFreeThreadingTidy.so")
    if not os.path.exists(plugin):
        sys.exit(f"bench: error: {plugin} not built (scripts/build.sh {args.llvm})")
    include = sysconfig.get_paths()["include"]
    if not os.path.exists(os.path.join(include, "Python.h")):
        sys.exit(f"bench: error: no Python.h in {include}")

    with tempfile.TemporaryDirectory() as tmp:
        generated = os.path.join(tmp, "generated.c")
        with open(generated, "w") as f:
            f.write(PRELUDE + "".join(FUNCTION.format(i=i) for i in range(args.functions)))
        inputs = [os.path.join(ROOT, "examples", "legacy_module", "legacycache.c"), generated]
        print(f"LLVM {args.llvm}, Python headers {include}, median of {args.repeat} runs; "
              f"RSS is the maximum of the runs")
        print(f"{'input':<28}{'parse s':>9}{'plugin s':>10}{'ratio':>7}{'parse MiB':>11}{'plugin MiB':>12}")
        for path in inputs:
            flags = ["-x", "c", "-std=c11", f"-I{include}"]
            parse = measure([f"{bin_dir}/clang", "-fsyntax-only"] + flags + [path], args.repeat)
            tidy = measure([f"{bin_dir}/clang-tidy", f"--load={plugin}",
                            "-checks=-*,freethreading-*", "--quiet", path, "--"] + flags,
                           args.repeat)
            name = os.path.basename(path)
            if path == generated:
                name = f"generated ({args.functions} fns)"
            print(f"{name:<28}{parse[0]:>9.3f}{tidy[0]:>10.3f}{tidy[0] / parse[0]:>7.2f}"
                  f"{parse[1]:>11.0f}{tidy[1]:>12.0f}")


if __name__ == "__main__":
    main()
