#!/usr/bin/env python3
"""Proves that the robustness run's failure conditions bite.

    test/robustness/selftest.py [--llvm 19]

Runs run_robustness.py on three small projects of the manifest with a
stand-in clang-tidy (a shell script in a temporary directory that runs the
real one, except that):

  * on tornado's speedups.c it prints LLVM's crash banner and kills itself
    with SIGSEGV: the run must report a crash;
  * on Genshi's _speedups.c it sleeps: with --timeout 5 the run must report
    a time-out (and leave no process behind);
  * on mmh3's mmh3module.c, when ft-tidy --fix exports fixes, it first
    appends a line that is not C to the file (a broken fix): the run must
    report that the fixed file does not compile where its original does.

Each of the three must fail its row, the run must exit with status 1, and
every other row must pass. Uses the sdists cached by a previous run (or
downloads them), writes build/robustness/RESULTS-selftest.md. Exit status 0
when every fault was caught, 1 otherwise, 77 when the package index was
unreachable.
"""

import argparse
import os
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

FAKE = """#!/bin/sh
# A stand-in clang-tidy for test/robustness/selftest.py.
case " $* " in
  *tornado/speedups.c*)
    echo "PLEASE submit a bug report to the selftest and include the crash backtrace." >&2
    echo "Stack dump:" >&2
    echo "0.	Program arguments: selftest" >&2
    kill -SEGV $$ ;;
  *genshi/_speedups.c*)
    exec sleep 1000 ;;
esac
case " $* " in
  *--export-fixes=*mmh3module.c*|*mmh3module.c*--export-fixes=*) ;;
  *) exec "{real}" "$@" ;;
esac
for a in "$@"; do
  case "$a" in
    *mmh3module.c) printf '\\nthis line is not C;\\n' >> "$a" ;;
  esac
done
exec "{real}" "$@"
"""

EXPECT = {  # project: (version, failure kind, words in its message)
    "tornado": ("6.4", "crash", "killed by SIGSEGV"),
    "Genshi": ("0.7.7", "timeout", "no end within the time limit"),
    "mmh3": ("4.1.0", "compile", "the fixed file does not compile"),
}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--llvm", default="19")
    args = p.parse_args()
    real = f"/usr/lib/llvm-{args.llvm}/bin/clang-tidy"
    results = os.path.join(ROOT, "build", "robustness", "RESULTS-selftest.md")
    with tempfile.TemporaryDirectory(prefix="robustness-selftest-") as tmp:
        fake = os.path.join(tmp, "clang-tidy")
        with open(fake, "w") as f:
            f.write(FAKE.replace("{real}", real))
        os.chmod(fake, os.stat(fake).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        cmd = [sys.executable, os.path.join(HERE, "run_robustness.py"), "--llvm", args.llvm,
               "--clang-tidy", fake, "--timeout", "5", "--results", results, "--only", "tornado",
               "--only", "Genshi", "--only", "mmh3", "--only", "zope.hookable"]
        print("selftest: $ " + " ".join(cmd), flush=True)
        res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
        out = res.stdout.decode("utf-8", "replace")
        print(out, end="")
    if res.returncode == 77:
        return 77
    problems = []
    if res.returncode != 1:
        problems.append(f"run_robustness.py exited with {res.returncode}, not 1")
    text = open(results, encoding="utf-8").read() if os.path.exists(results) else ""
    for name, (version, kind, words) in EXPECT.items():
        head = f"### {name} {version}: "
        if head not in text:
            problems.append(f"{name}: no section in {results}")
            continue
        section = text.split(head, 1)[1].split("\n### ", 1)[0]
        if not section.startswith("FAIL"):
            problems.append(f"{name}: the row did not fail")
        if f"failure** ({kind}): " not in section or words not in section:
            problems.append(f"{name}: no '{kind}' failure saying '{words}'")
    if "### zope.hookable 6.0: PASS" not in text:
        problems.append("zope.hookable: the untouched project did not pass")
    leftover = subprocess.run(["pgrep", "-f", "sleep 1000"], stdout=subprocess.PIPE).stdout.split()
    if leftover:
        problems.append(f"processes left behind after the time-out: {b' '.join(leftover).decode()}")
    for p_ in problems:
        print(f"selftest: FAIL: {p_}")
    print("selftest: " + ("all three faults were caught" if not problems else f"{len(problems)} problems"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
