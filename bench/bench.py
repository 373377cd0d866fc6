#!/usr/bin/env python3
"""Measure what the freethreading checks cost (not a test: it asserts nothing).

    bench/bench.py [--llvm 19] [--repeat 3] [--functions 2000] [--no-instructions]
                   [--output docs/performance.md]

Inputs: every translation unit of the real-code corpus (test/corpus/manifest.json,
the sdists run_corpus.py downloads into build/corpus/downloads; missing ones
are downloaded), examples/legacy_module/legacycache.c, and a generated
single-file extension with FUNCTIONS functions (each with a critical section,
a loop, early exits and borrowed-reference calls). Every TU is compiled with
the flags `tools/ft-tidy --print-flags` gives it (Python 3.11 headers).

Per TU, REPEAT times each, interleaved (the order rotating from one round
to the next):

  parse   clang -fsyntax-only
  none    clang-tidy --load=<plugin> -checks=-*,portability-restrict-system-includes
          ("clang-tidy alone": clang-tidy refuses to run with no check at all,
          and --allow-no-checks exits before parsing; this check only watches
          #include directives and allows every include by default)
  ft      clang-tidy --load=<plugin> -checks=-*,freethreading-*

It records the median wall time, the median CPU time (user+sys of the child,
from os.wait4) and the peak RSS (ru_maxrss). It also times one clang-tidy
process over all corpus TUs (flags from a compilation database), none and
ft interleaved: a run of a few seconds, less noisy than single 0.1 s runs.
With valgrind installed it also counts the instructions of `none` and `ft`
on every TU (cachegrind, no cache simulation): a measure that does not
depend on what else runs on the machine.
Then it times `tools/ft-tidy -j1` and `-j2` over the whole corpus.

The 5% target is judged on the corpus: real extensions, regex's two large
single-file TUs among them. The generated file is a stress test of the cost
per finding (every function has two findings with fix-its or notes, which
clang-tidy prints with their source lines); it is reported on its own row.

It writes the results, the machine, its load and this command to OUTPUT
(default docs/performance.md) and prints them.
"""

import argparse
import concurrent.futures
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "test", "corpus"))
import run_corpus  # noqa: E402  (the corpus manifest, downloads and unpacking)

PYTHON = "/usr/bin/python3"
NONE_CHECKS = "-*,portability-restrict-system-includes"
FT_CHECKS = "-*,freethreading-*"
TARGET_OVERHEAD = 1.05  # the checks may add at most 5% over clang-tidy alone
TARGET_SPEEDUP = 1.8    # ft-tidy -j2 at least 1.8x -j1

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


def fail(msg):
    sys.exit(f"bench: error: {msg}")


def run_child(cmd, cwd=None):
    """(wall s, cpu s, max RSS MiB) of one run of cmd; exit status 0 or 1 expected."""
    start = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = child.stderr.read()
    _, status, usage = os.wait4(child.pid, 0)  # this child's own usage
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        fail(f"{' '.join(cmd)} exited with {code}:\n{err.decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return float("nan")


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            mem = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {mem}, {platform.system()} {platform.release()}"


def tool_version(exe):
    out = subprocess.run([exe, "--version"], capture_output=True, text=True).stdout
    m = re.search(r"version (\S+)", out)
    return m.group(1) if m else "?"


class TU:
    def __init__(self, name, path, flags, cwd, project=None):
        self.name, self.path, self.flags, self.cwd, self.project = name, path, flags, cwd, project
        with open(path, encoding="utf-8", errors="replace") as f:
            self.lines = sum(1 for _ in f)
        self.results = {}   # config -> (wall, cpu, rss) medians / max
        self.instructions = {}


def print_flags(ft_tidy, plugin, clang_tidy, path, cwd, includes):
    cmd = [sys.executable, ft_tidy, "--python", PYTHON, "--plugin", plugin, "--clang-tidy", clang_tidy,
           "-I", run_corpus.COMPAT_DIR]
    for d in includes:
        cmd += ["-I", d]
    res = subprocess.run(cmd + ["--print-flags", path], cwd=cwd, capture_output=True, text=True)
    if res.returncode != 0:
        fail(f"ft-tidy --print-flags {path}: {res.stderr.strip()}")
    return [l for l in res.stdout.splitlines() if l.strip()]


def corpus_tus(args, tools, work):
    """Unpack the corpus into work/ and return its TUs (and the per-project ft-tidy inputs)."""
    with open(run_corpus.MANIFEST) as f:
        manifest = json.load(f)
    base = os.path.join(ROOT, "build", "corpus")
    logs = os.path.join(base, "logs")
    os.makedirs(logs, exist_ok=True)
    downloads = os.path.join(base, "downloads")
    if all(os.path.exists(os.path.join(downloads, p["sdist"])) for p in manifest["projects"]):
        sdists = run_corpus.fetch_all(manifest["projects"], base, None, logs)
    else:
        venv = run_corpus.ensure_venv(manifest["python"], manifest["requirements"],
                                      os.path.join(base, "venv"), base, logs,
                                      "apt-get install python3 python3-dev python3-venv")
        sdists = run_corpus.fetch_all(manifest["projects"], base, venv, logs)
    tus, projects = [], []
    for p in manifest["projects"]:
        root = run_corpus.unpack(sdists[p["name"]], os.path.join(work, p["name"]))
        incs = [os.path.join(root, d) for d in p.get("include_dirs", [])]
        projects.append((root, p, incs))
        for s in p["sources"]:
            path = os.path.join(root, s)
            flags = print_flags(tools["ft_tidy"], tools["plugin"], tools["clang_tidy"], path, root, incs)
            tus.append(TU(f"{p['name']}/{os.path.basename(s)}", path, flags, root, p["name"]))
    return tus, projects


def measure_tus(tus, tools, repeat):
    configs = {
        "parse": lambda t: [tools["clang"], "-fsyntax-only"] + t.flags + [t.path],
        "none": lambda t: [tools["clang_tidy"], f"--load={tools['plugin']}", f"-checks={NONE_CHECKS}",
                           "--quiet", t.path, "--"] + t.flags,
        "ft": lambda t: [tools["clang_tidy"], f"--load={tools['plugin']}", f"-checks={FT_CHECKS}",
                         "--quiet", t.path, "--"] + t.flags,
    }
    names = list(configs)
    for t in tus:
        samples = {c: [] for c in configs}
        for r in range(repeat):
            # Interleaved, so drift hits every configuration alike, and in a
            # rotating order, so none of them always runs right after another.
            for c in names[r % len(names):] + names[:r % len(names)]:
                samples[c].append(run_child(configs[c](t), cwd=t.cwd))
        for c, s in samples.items():
            t.results[c] = (statistics.median(x[0] for x in s), statistics.median(x[1] for x in s),
                            max(x[2] for x in s))
        print(f"  {t.name:<34} {t.lines:>6} lines  parse {t.results['parse'][0]:.2f}s  "
              f"none {t.results['none'][0]:.2f}s  ft {t.results['ft'][0]:.2f}s", flush=True)


def count_instructions(t, tools):
    for c, checks in (("none", NONE_CHECKS), ("ft", FT_CHECKS)):
        cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--branch-sim=no",
               "--cachegrind-out-file=/dev/null", tools["clang_tidy"], f"--load={tools['plugin']}",
               f"-checks={checks}", "--quiet", t.path, "--"] + t.flags
        res = subprocess.run(cmd, cwd=t.cwd, capture_output=True, text=True)
        m = re.search(r"I\s+refs:\s+([\d,]+)", res.stderr)
        if not m:
            fail(f"no instruction count from valgrind for {t.name}:\n{res.stderr[-1500:]}")
        t.instructions[c] = int(m.group(1).replace(",", ""))
    print(f"  {t.name:<34} instructions none {t.instructions['none']:,}  ft {t.instructions['ft']:,}  "
          f"ratio {t.instructions['ft'] / t.instructions['none']:.4f}", flush=True)


def time_driver(projects, tools, repeat, work):
    """Wall time of ft-tidy -j1 and -j2 (no fixes) over every corpus file in one run."""
    paths, incs = [], []
    for root, p, pincs in projects:
        paths += [os.path.join(root, s) for s in p["sources"]]
        incs += pincs
    cmd = [sys.executable, tools["ft_tidy"], "--python", PYTHON, "--plugin", tools["plugin"],
           "--clang-tidy", tools["clang_tidy"], "-I", run_corpus.COMPAT_DIR, "-q", "--format", "json",
           "-o", os.path.join(work, "driver.json")]
    for d in incs:
        cmd += ["-I", d]
    times = {1: [], 2: []}
    for r in range(repeat):
        for j in ((1, 2) if r % 2 == 0 else (2, 1)):
            times[j].append(run_child(cmd + ["-j", str(j)] + paths, cwd=work)[0])
    with open(os.path.join(work, "driver.json")) as f:
        report = json.load(f)
    if report.get("parse_errors"):
        fail(f"ft-tidy did not parse: {report['parse_errors']}")
    result = {j: statistics.median(v) for j, v in times.items()}
    result["paired"] = paired_ratio(times[1], times[2])
    return result, len(paths)


def paired_ratio(a, b):
    """The median over rounds of a[r] / b[r]: each round's two runs follow
    each other, so a drift of the machine's speed between rounds (seen here
    as one configuration's times varying by half from round to round)
    cancels within the pair."""
    return statistics.median(x / y for x, y in zip(a, b) if y)


def time_batch(tus, tools, repeat, work):
    """CPU and wall time of one clang-tidy process over every corpus TU (none
    and ft, interleaved): the TUs' flags come from a compilation database.
    A single 0.1 s run varies by a quarter from one run to the next on a
    small machine; one run over the whole corpus lasts a few seconds, and its
    noise is a smaller part of it."""
    db = os.path.join(work, "batch")
    os.makedirs(db, exist_ok=True)
    with open(os.path.join(db, "compile_commands.json"), "w") as f:
        json.dump([{"directory": t.cwd, "file": t.path, "arguments": [tools["clang"]] + t.flags + ["-c", t.path]}
                   for t in tus], f, indent=1)
    configs = {c: [tools["clang_tidy"], f"--load={tools['plugin']}", f"-checks={checks}", "--quiet", "-p", db]
               + [t.path for t in tus] for c, checks in (("none", NONE_CHECKS), ("ft", FT_CHECKS))}
    samples = {c: [] for c in configs}
    names = list(configs)
    for r in range(repeat):
        for c in names[r % 2:] + names[:r % 2]:
            samples[c].append(run_child(configs[c], cwd=work))
    result = {c: (statistics.median(x[0] for x in v), statistics.median(x[1] for x in v)) for c, v in samples.items()}
    result["paired"] = paired_ratio([x[1] for x in samples["ft"]], [x[1] for x in samples["none"]])
    result["none_range"] = (min(x[1] for x in samples["none"]), max(x[1] for x in samples["none"]))
    return result


def ratio(a, b):
    return a / b if b else float("nan")


def write_report(path, ctx):
    tus = ctx["tus"]
    L = ["# Performance", "",
         "Generated by `" + ctx["command"] + "` (bench/bench.py); the numbers are what that run measured.", "",
         f"* date: {ctx['date']}",
         f"* machine: {ctx['machine']}",
         f"* clang-tidy {ctx['tidy_version']} (`{ctx['clang_tidy']}`) with `{ctx['plugin']}`, "
         f"clang {ctx['clang_version']}; Python headers of `{PYTHON}`",
         f"* load: 1-minute load average {ctx['load_start']:.1f} at the start, {ctx['load_end']:.1f} at the end "
         f"({os.cpu_count()} cores). **{'Quiet machine' if ctx['quiet'] else 'Busy machine: other processes shared the cores during this run, so the wall and CPU times are noisy; the instruction counts are not affected'}.**",
         f"* each TU run {ctx['repeat']} times per configuration, interleaved in a rotating order; times are medians, RSS the maximum",
         "",
         "## Targets", "",
         "| target | measured | met |", "|---|---|---|"]
    corpus = [t for t in tus if t.project]
    stress = [t for t in tus if t.name.startswith("generated")]

    def over(group, config_index):
        return ratio(sum(t.results["ft"][config_index] for t in group),
                     sum(t.results["none"][config_index] for t in group))

    def met(r):
        return "yes" if r <= TARGET_OVERHEAD else "no"

    oc_wall, oc_cpu = over(corpus, 0), over(corpus, 1)
    L.append(f"| checks add at most 5% over clang-tidy alone: real code ({len(corpus)} corpus TUs, "
             f"regex's two large single-file TUs included), CPU time (user+sys) | {(oc_cpu - 1) * 100:+.1f}% | "
             f"{met(oc_cpu)} |")
    L.append(f"| same, wall time | {(oc_wall - 1) * 100:+.1f}% | {met(oc_wall)} |")
    bt = ctx["batch"]
    ob = ratio(bt["ft"][1], bt["none"][1])
    lo, hi = bt["none_range"]
    L.append(f"| same, CPU time of one clang-tidy process over all {len(corpus)} corpus TUs: ratio of the "
             f"medians of {ctx['repeat']} runs (clang-tidy alone took {lo:.2f} to {hi:.2f} s from run to run) | "
             f"{(ob - 1) * 100:+.1f}% | {met(ob)} |")
    L.append(f"| same, median of each round's ratio (ft run next to none) | {(bt['paired'] - 1) * 100:+.1f}% | "
             f"{met(bt['paired'])} |")
    if ctx["instr_total"]:
        ri = ratio(sum(t.instructions["ft"] for t in corpus), sum(t.instructions["none"] for t in corpus))
        L.append(f"| same, instructions (cachegrind; independent of load) | {(ri - 1) * 100:+.2f}% | {met(ri)} |")
        # The sum is dominated by regex/_regex_unicode.c (its data tables: many
        # instructions for their time, and almost no work for the checks).
        # Each TU's instruction ratio weighted by the TU's CPU time alone
        # estimates the CPU-time overhead without the load's noise.
        wi = ratio(sum(t.results["none"][1] * ratio(t.instructions["ft"], t.instructions["none"])
                       for t in corpus), sum(t.results["none"][1] for t in corpus))
        L.append(f"| same, instructions, each TU's ratio weighted by its CPU time alone (an estimate of the "
                 f"CPU-time overhead that the load does not disturb) | {(wi - 1) * 100:+.2f}% | {met(wi)} |")
        worst = max(corpus, key=lambda t: ratio(t.instructions["ft"], t.instructions["none"]))
        wr = ratio(worst.instructions["ft"], worst.instructions["none"])
        L.append(f"| same, the costliest single corpus TU ({worst.name}), instructions | {(wr - 1) * 100:+.2f}% | "
                 f"{met(wr)} |")
    tw = ctx["totals"]
    over_cpu = ratio(tw["ft"][1], tw["none"][1])
    L.append(f"| same, every TU including the generated stress file, CPU time | {(over_cpu - 1) * 100:+.1f}% | "
             f"{met(over_cpu)} |")
    if ctx["instr_total"]:
        oi = ratio(ctx["instr_total"]["ft"], ctx["instr_total"]["none"])
        L.append(f"| same, every TU, instructions | {(oi - 1) * 100:+.2f}% | {met(oi)} |")
    if stress:
        sr = over(stress, 1)
        L.append(f"| the generated stress file alone ({stress[0].name}: two findings with fix-its or notes in "
                 f"every function), CPU time | {(sr - 1) * 100:+.1f}% | {met(sr)} |")
    if ctx["driver"]:
        sp = ratio(ctx["driver"][1], ctx["driver"][2])
        L.append(f"| `ft-tidy -j2` at least 1.8x `-j1` ({ctx['driver_files']} corpus files) | {sp:.2f}x | "
                 f"{'yes' if sp >= TARGET_SPEEDUP else 'no'}{'' if ctx['quiet'] else ' (busy machine: a wall-time speedup needs two idle cores)'} |")
        pp = ctx["driver"]["paired"]
        L.append(f"| same, median of each round's ratio (-j1 run next to -j2) | {pp:.2f}x | "
                 f"{'yes' if pp >= TARGET_SPEEDUP else 'no'} |")
    L += ["", "The target is judged on the corpus (real extensions; regex's `_regex.c` and `_regex_unicode.c` "
          "are the large single-file ones). The generated file is a stress test of the cost per finding, not "
          "an extension: each of its functions has two findings, and clang-tidy prints every one with its "
          "source line and notes.",
          "", "## Per translation unit", "",
          "`parse`: `clang -fsyntax-only`; `none`: clang-tidy with the plugin loaded and "
          f"`-checks={NONE_CHECKS}` (clang-tidy alone); `ft`: clang-tidy with `-checks={FT_CHECKS}`. "
          "Wall and CPU (user+sys of the child) seconds are medians; RSS is the peak, in MiB.", "",
          "| TU | lines | wall parse | wall none | wall ft | CPU parse | CPU none | CPU ft | CPU ft/none "
          "| RSS parse | RSS none | RSS ft |",
          "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for t in tus:
        p, n, f = t.results["parse"], t.results["none"], t.results["ft"]
        L.append(f"| {t.name} | {t.lines} | {p[0]:.3f} | {n[0]:.3f} | {f[0]:.3f} | {p[1]:.3f} | {n[1]:.3f} | "
                 f"{f[1]:.3f} | {ratio(f[1], n[1]):.3f} | {p[2]:.0f} | {n[2]:.0f} | {f[2]:.0f} |")
    L.append(f"| **all** | {sum(t.lines for t in tus)} | {tw['parse'][0]:.3f} | {tw['none'][0]:.3f} | "
             f"{tw['ft'][0]:.3f} | {tw['parse'][1]:.3f} | {tw['none'][1]:.3f} | {tw['ft'][1]:.3f} | "
             f"{over_cpu:.3f} | | | |")
    L.append("")
    over_wall = ratio(tw["ft"][0], tw["none"][0])
    L.append(f"All TUs: ft/none {over_wall:.3f} (wall), {over_cpu:.3f} (CPU); ft/parse "
             f"{ratio(tw['ft'][0], tw['parse'][0]):.2f} (wall), {ratio(tw['ft'][1], tw['parse'][1]):.2f} (CPU). "
             "Peak RSS of ft over none: at most "
             f"{max(t.results['ft'][2] - t.results['none'][2] for t in tus):+.0f} MiB on any TU.")
    if ctx["instr_total"]:
        L += ["", "## Instructions (stable measure)", "",
              "`valgrind --tool=cachegrind --cache-sim=no --branch-sim=no` counts every instruction "
              "clang-tidy executes (`I refs`); the count does not change with the machine's load. "
              "(`perf stat -e instructions` is not supported on this machine.)", "",
              "| TU | none | ft | ft/none |", "|---|---|---|---|"]
        for t in tus:
            if t.instructions:
                L.append(f"| {t.name} | {t.instructions['none']:,} | {t.instructions['ft']:,} | "
                         f"{ratio(t.instructions['ft'], t.instructions['none']):.4f} |")
        it = ctx["instr_total"]
        real = [t for t in tus if t.instructions and t.project]
        rn, rf = sum(t.instructions["none"] for t in real), sum(t.instructions["ft"] for t in real)
        L.append(f"| **corpus TUs only** | {rn:,} | {rf:,} | {ratio(rf, rn):.4f} |")
        L.append(f"| **all** | {it['none']:,} | {it['ft']:,} | {ratio(it['ft'], it['none']):.4f} |")
    if ctx["driver"]:
        L += ["", "## ft-tidy -j1 versus -j2", "",
              f"`tools/ft-tidy -jN -q --format json` (no fixes) over the {ctx['driver_files']} corpus files in "
              f"one run, median of {ctx['repeat']}: -j1 {ctx['driver'][1]:.2f} s, -j2 {ctx['driver'][2]:.2f} s, "
              f"speedup {ratio(ctx['driver'][1], ctx['driver'][2]):.2f}x. "
              f"Upper bound from the per-TU CPU times of `ft` above (the longest TU, "
              f"{ctx['longest'][0]} at {ctx['longest'][1]:.2f} s of {ctx['driver_cpu']:.2f} s, cannot be split): "
              f"{ctx['bound']:.2f}x with two idle cores."]
    L += ["", "## How the baseline was chosen", "",
          "* clang-tidy refuses to run with no check (`Error: no checks enabled.`), including with a "
          "`freethreading-*` glob that matches no check (`-checks=-*,freethreading-nosuchcheck`) and with only a "
          "`clang-diagnostic-*` check.",
          "* `--allow-no-checks` (LLVM 19+) is accepted but clang-tidy then exits before parsing (a file with a "
          "syntax error passes, and `_regex.c` takes 0.3 s instead of 2 s), so it measures nothing.",
          f"* So \"clang-tidy alone\" is `-checks={NONE_CHECKS}`: a built-in check with no AST matcher that only "
          "sees `#include` directives and, with its default option (`*`), reports nothing. The plugin is "
          "loaded in both configurations, so the difference is the work of the checks.",
          "", "Re-run: `" + ctx["command"] + "` (needs the plugin built: `bash scripts/build.sh "
          + ctx["llvm"] + "`; valgrind for the instruction counts)."]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(L) + "\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default="19")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--functions", type=int, default=2000)
    p.add_argument("--no-instructions", action="store_true", help="skip the valgrind instruction counts")
    p.add_argument("--no-driver", action="store_true", help="skip ft-tidy -j1 versus -j2")
    p.add_argument("--output", default=os.path.join(ROOT, "docs", "performance.md"))
    args = p.parse_args()
    command = "python3 bench/bench.py" + (f" --llvm {args.llvm}" if args.llvm != "19" else "") + \
        (f" --repeat {args.repeat}" if args.repeat != 3 else "") + \
        (f" --functions {args.functions}" if args.functions != 2000 else "") + \
        (" --no-instructions" if args.no_instructions else "") + (" --no-driver" if args.no_driver else "")

    bin_dir = f"/usr/lib/llvm-{args.llvm}/bin"
    tools = {"clang": f"{bin_dir}/clang", "clang_tidy": f"{bin_dir}/clang-tidy",
             "plugin": os.path.join(ROOT, "build", f"llvm-{args.llvm}", "libFreeThreadingTidy.so"),
             "ft_tidy": os.path.join(ROOT, "tools", "ft-tidy")}
    for k, path in tools.items():
        if not os.path.exists(path):
            fail(f"{path} not found" + (f" (bash scripts/build.sh {args.llvm})" if k == "plugin" else ""))
    if not os.path.exists(PYTHON):
        fail(f"{PYTHON} not found (apt-get install python3-dev)")
    valgrind = shutil.which("valgrind") if not args.no_instructions else None
    if not args.no_instructions and not valgrind:
        print("bench: valgrind not found: no instruction counts (apt-get install valgrind)", file=sys.stderr)

    load_start = loadavg()
    with tempfile.TemporaryDirectory(prefix="ft-bench-") as work:
        tus, projects = corpus_tus(args, tools, os.path.join(work, "corpus"))
        legacy = os.path.join(ROOT, "examples", "legacy_module", "legacycache.c")
        generated = os.path.join(work, "generated.c")
        with open(generated, "w") as f:
            f.write(PRELUDE + "".join(FUNCTION.format(i=i) for i in range(args.functions)))
        for name, path in (("examples/legacycache.c", legacy), (f"generated ({args.functions} functions)", generated)):
            tus.append(TU(name, path, print_flags(tools["ft_tidy"], tools["plugin"], tools["clang_tidy"],
                                                  path, work, []), work))
        print(f"bench: {len(tus)} TUs, {args.repeat} runs each of parse / none / ft", flush=True)
        measure_tus(tus, tools, args.repeat)
        totals = {c: tuple(sum(t.results[c][i] for t in tus) for i in range(2)) for c in ("parse", "none", "ft")}
        instr_total = None
        if valgrind:
            print("bench: instruction counts (valgrind)", flush=True)
            # Every TU, as many at a time as there are cores: the counts do
            # not depend on what else runs.
            with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
                list(pool.map(lambda t: count_instructions(t, tools), tus))
            instr_total = {c: sum(t.instructions[c] for t in tus) for c in ("none", "ft")}
        corpus = [t for t in tus if t.project]
        print(f"bench: one clang-tidy process over the {len(corpus)} corpus TUs, {args.repeat} runs each "
              f"of none / ft", flush=True)
        batch = time_batch(corpus, tools, args.repeat, work)
        print(f"  CPU none {batch['none'][1]:.2f}s  ft {batch['ft'][1]:.2f}s  "
              f"ratio {ratio(batch['ft'][1], batch['none'][1]):.3f} (paired {batch['paired']:.3f})", flush=True)
        driver, files = None, 0
        if not args.no_driver:
            print("bench: ft-tidy -j1 versus -j2", flush=True)
            driver, files = time_driver(projects, tools, args.repeat, work)
            print(f"  -j1 {driver[1]:.2f}s  -j2 {driver[2]:.2f}s  speedup {ratio(driver[1], driver[2]):.2f}x "
                  f"(paired {driver['paired']:.2f}x)")
    load_end = loadavg()
    corpus_ft = [(t.name, t.results["ft"][1]) for t in tus if t.project]
    driver_cpu = sum(c for _, c in corpus_ft)
    longest = max(corpus_ft, key=lambda x: x[1])
    bound = driver_cpu / max(longest[1], driver_cpu / 2)
    ctx = {"tus": tus, "totals": totals, "instr_total": instr_total, "driver": driver, "driver_files": files,
           "batch": batch,
           "command": command, "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "machine": machine(), "tidy_version": tool_version(tools["clang_tidy"]),
           "clang_version": tool_version(tools["clang"]), "clang_tidy": tools["clang_tidy"],
           "plugin": os.path.relpath(tools["plugin"], ROOT), "llvm": args.llvm, "repeat": args.repeat,
           "load_start": load_start, "load_end": load_end,
           # The load at the end includes the benchmark's own processes (the
           # -j2 run keeps both cores busy), so only the start tells whether
           # something else was running.
           "quiet": load_start < 1.0, "longest": longest, "driver_cpu": driver_cpu,
           "bound": bound}
    write_report(args.output, ctx)
    with open(args.output) as f:
        print(f.read())


if __name__ == "__main__":
    main()
