#!/usr/bin/env python3
"""Show that the corpus comparison bites: each mutation must make a project FAIL.

    test/corpus/selftest.py [--llvm 19]

Runs run_corpus.py's steps on markupsafe (the smallest project) three times,
each time with one fault injected after `ft-tidy --fix` has run, and checks
that the project is reported as failing, for the right reason:

  build      the fixed _speedups.c gets an `#error` line: the fixed build fails
  behaviour  the fixed _speedups.c escapes '&' as "&aMp;": the fixed build
             builds but fails tests the original passes
  tool       ft-tidy is given a file that does not exist: ft-tidy errors

Exit status 0 when every mutation was caught. Takes about a minute.
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
    venv = run_corpus.ensure_venv(manifest, base, logs)
    sdist = run_corpus.fetch_all([project], base, venv, logs)["markupsafe"]

    real_ft_tidy = run_corpus.ft_tidy
    cases = [("build", mutate_build, "the fixed build failed"),
             ("behaviour", mutate_behaviour, "the fixed build fails"),
             ("tool", None, "ft-tidy --fix exited with status 2")]
    caught = 0
    for name, mutate, expected in cases:
        def ft_tidy(tools_, manifest_, project_, root, fix, out_json, logfile, mutate=mutate, name=name):
            if fix and name == "tool":
                project_ = dict(project_, sources=project_["sources"] + ["no/such/file.c"])
            report, problems = real_ft_tidy(tools_, manifest_, project_, root, fix, out_json, logfile)
            if fix and mutate:
                mutate(root)
            return report, problems
        run_corpus.ft_tidy = ft_tidy
        try:
            res = run_corpus.do_project(dict(project, name="markupsafe-selftest"), sdist, manifest, tools,
                                        base, venv)
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
