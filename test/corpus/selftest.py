#!/usr/bin/env python3
"""Show that the corpus comparison bites: each mutation must make a project FAIL.

    test/corpus/selftest.py [--llvm 19]

Runs run_corpus.py's steps on markupsafe (the smallest project) once per
fault, each injected after `ft-tidy --fix` has run, and checks that the
project is reported as failing, for the right reason:

  build      the fixed _speedups.c gets an `#error` line: the fixed build fails
  behaviour  the fixed _speedups.c escapes '&' as "&aMp;": the fixed build
             builds but fails tests the original passes
  tool       ft-tidy is given a file that does not exist: ft-tidy errors
  declare    --fix with --declare-anyway: the fixed copy runs without the GIL
             although ft-tidy called the module blocked (free-threaded leg;
             before ft-tidy runs, the copy gets a static counter that a
             function tests and updates, which ft-tidy reports and leaves
             without a fix: markupsafe itself has nothing left after --fix)
  crash      the fixed escape() raises SIGSEGV on the free-threaded build
             only: a round of the fixed copy's tests crashes there

The last two need the free-threaded CPython (scripts/build-ft-python.sh).
Exit status 0 when every mutation was caught. Takes about two minutes.
"""

import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import run_corpus  # noqa: E402

SPEEDUPS = os.path.join("src", "markupsafe", "_speedups.c")


def mutate_build(root):
    with open(os.path.join(root, SPEEDUPS), "a") as f:
        f.write("\n#error corpus self-test: this build must fail\n")


def mutate_behaviour(root):
    path = os.path.join(root, SPEEDUPS)
    with open(path) as f:
        text = f.read()
    needle = "*outp++ = 'a'; \\\n\t\t\t\t*outp++ = 'm';"
    if needle not in text:
        sys.exit("selftest: error: the '&amp;' escape was not found in _speedups.c")
    with open(path, "w") as f:
        f.write(text.replace(needle, "*outp++ = 'a'; \\\n\t\t\t\t*outp++ = 'M';"))


def mutate_crash(root):
    path = os.path.join(root, SPEEDUPS)
    with open(path) as f:
        text = f.read()
    needle = "static PyObject*\nescape(PyObject *self, PyObject *text)\n{"
    if needle not in text:
        sys.exit("selftest: error: escape() was not found in _speedups.c")
    crash = "\n#ifdef Py_GIL_DISABLED\n\traise(SIGSEGV);\n#endif"
    with open(path, "w") as f:
        f.write("#include <signal.h>\n" + text.replace(needle, needle + crash))


def add_blocking_state(root):
    """A finding ft-tidy leaves without a fix (a static counter tested and
    updated in one function), so that the module stays blocked."""
    with open(os.path.join(root, SPEEDUPS), "a") as f:
        f.write("\nstatic long selftest_calls;\n"
                "int selftest_count(void) { if (selftest_calls < 10) selftest_calls++; "
                "return (int)selftest_calls; }\n")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default="19")
    args = p.parse_args()
    with open(run_corpus.MANIFEST) as f:
        manifest = json.load(f)
    project = next(pr for pr in manifest["projects"] if pr["name"] == "markupsafe")
    base = os.path.join(run_corpus.ROOT, "build", "corpus")
    logs = os.path.join(base, "logs")
    os.makedirs(logs, exist_ok=True)
    tools = run_corpus.Tools(argparse.Namespace(llvm=args.llvm, jobs=2))
    venv = run_corpus.ensure_venv(manifest["python"], manifest["requirements"], os.path.join(base, "venv"),
                                  base, logs, "apt-get install python3 python3-dev python3-venv")
    ft = run_corpus.free_threaded_setup(argparse.Namespace(ft_python=None), manifest, base, logs)
    if ft is None:
        sys.exit("selftest: error: no free-threaded CPython: bash scripts/build-ft-python.sh")
    sdist = run_corpus.fetch_all([project], base, venv, logs)["markupsafe"]

    real_ft_tidy = run_corpus.ft_tidy
    cases = [("build", mutate_build, "the fixed build failed"),
             ("behaviour", mutate_behaviour, "the fixed build fails"),
             ("tool", None, "ft-tidy --fix exited with status 2"),
             ("declare", None, "free-threaded: the fixed copy leaves the GIL off for markupsafe._speedups"),
             ("crash", mutate_crash, "free-threaded: the fixed copy's tests crashed (SIGSEGV)")]
    caught = 0
    for name, mutate, expected in cases:
        def ft_tidy(tools_, manifest_, project_, root, fix, out_json, logfile, mutate=mutate, name=name):
            if fix and name == "tool":
                project_ = dict(project_, sources=project_["sources"] + ["no/such/file.c"])
            if fix and name == "declare":
                project_ = dict(project_, fix_args=["--declare-anyway"])
                add_blocking_state(root)
            report, problems = real_ft_tidy(tools_, manifest_, project_, root, fix, out_json, logfile)
            if fix and mutate:
                mutate(root)
            return report, problems
        run_corpus.ft_tidy = ft_tidy
        try:
            res = run_corpus.do_project(dict(project, name="markupsafe-selftest"), sdist, manifest, tools,
                                        base, venv, ft if name in ("declare", "crash") else None)
        finally:
            run_corpus.ft_tidy = real_ft_tidy
        hit = [x for x in res["problems"] if x.startswith(expected)]
        if not res["ok"] and hit:
            caught += 1
            print(f"PASS: mutation '{name}' caught: {hit[0]}")
        else:
            print(f"FAIL: mutation '{name}' not caught (expected a problem starting with '{expected}'); "
                  f"problems: {res['problems']}")
    print(f"selftest: {caught} of {len(cases)} mutations caught")
    return 0 if caught == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
