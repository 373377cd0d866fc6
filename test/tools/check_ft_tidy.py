#!/usr/bin/env python3
"""Run ft-tidy checks on one lit test file and verify its expectations.

    check_ft_tidy.py [runner options] SOURCE CHECKS TMP [-- TIDY_ARGS [-- CC_ARGS]]

The test file holds its own expectations, anchored by line:

    // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: text [freethreading-name]
    // CHECK-NOTES:    like CHECK-MESSAGES, but notes are checked too
    // CHECK-FIXES:    a line of the file after the fixes are applied

For every build configuration (default, then Py_GIL_DISABLED) the runner
  1. copies SOURCE with every CHECK line's text blanked (line numbers kept);
  2. runs clang-tidy with the plugin and --fix; any warning or error that no
     CHECK-MESSAGES/CHECK-NOTES line expects fails the test (FileCheck
     --implicit-check-not); a test with no such lines must produce none;
  3. exports the fixes as YAML, applies them with clang-apply-replacements and
     requires the same text as --fix gave (the batch path equals the editor path);
  4. checks the fixed text against CHECK-FIXES (whitespace-exact); a test with
     no CHECK-FIXES lines must come out unchanged;
  5. compiles the fixed file with -fsyntax-only -Werror, against the test's
     headers and, when those predate 3.13, also against 3.13 headers;
and finally requires both builds to report the same warnings.

Runner options (before SOURCE):
  --llvm-bin DIR        clang-tidy, clang, FileCheck, clang-apply-replacements
  --plugin PATH         plugin to load (repeatable)
  --inputs DIR          test/Inputs (mock headers, compat mock, real-header shim)
  --headers mock|real   default header set (real: the installed python3-dev
                        headers behind test/Inputs/real-shim/Python.h)
  -check-suffix=S       use CHECK-MESSAGES-S / CHECK-FIXES-S / CHECK-NOTES-S
  -check-suffixes=A,B   several suffixes at once
  -python=3.12|3.13|3.14|3.15
                        pin a mock header version (also in 'real' mode)
  -python=3.13t         the real headers of the free-threaded CPython 3.13
                        (--ft-include): as installed for the free-threaded
                        build, and with pyconfig.h's Py_GIL_DISABLED taken out
                        for the default build (the only header the two builds
                        install differently)
  --ft-include DIR      the include directory of that free-threaded CPython
  -std=STD              language standard (default c11 for .c, c++17 for .cpp)
  -builds=both|default|free-threaded
                        which configurations to run (default both)
"""

import argparse
import difflib
import glob
import os
import re
import shutil
import subprocess
import sys

CHECK_LINE = re.compile(r"//\s*CHECK-[A-Z0-9-]*:.*")
BUILDS = {"default": [], "free-threaded": ["-DPy_GIL_DISABLED"]}


class TestFailure(Exception):
    pass


def run(cmd, **kwargs):
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, **kwargs)


def split_dashes(argv):
    """Split argv into (runner args, clang-tidy args, compiler args)."""
    parts = [[]]
    for arg in argv:
        if arg == "--" and len(parts) < 3:
            parts.append([])
        else:
            parts[-1].append(arg)
    while len(parts) < 3:
        parts.append([])
    return parts


def parse_args(argv):
    runner_args, tidy_args, cc_args = split_dashes(argv)
    p = argparse.ArgumentParser(usage=__doc__.splitlines()[2].strip(),
                                prefix_chars="-")
    p.add_argument("--llvm-bin", required=True)
    p.add_argument("--plugin", action="append", required=True)
    p.add_argument("--inputs", required=True)
    p.add_argument("--headers", choices=["mock", "real"], default="mock")
    p.add_argument("-check-suffix", "-check-suffixes", dest="suffixes", default="")
    p.add_argument("-python", dest="python", choices=["3.12", "3.13", "3.14", "3.15", "3.13t"])
    p.add_argument("--ft-include")
    p.add_argument("-std", dest="std")
    p.add_argument("-builds", dest="builds", choices=["both", "default", "free-threaded"],
                   default="both")
    p.add_argument("source")
    p.add_argument("checks")
    p.add_argument("tmp")
    args = p.parse_args(runner_args)
    args.tidy_args, args.cc_args = tidy_args, cc_args
    return args


def prefixes(kind, suffixes):
    if not suffixes:
        return [kind]
    return [f"{kind}-{s}" for s in suffixes.split(",") if s]


def has_prefix(text, names):
    return any(re.search(rf"//\s*{re.escape(n)}:", text) for n in names)


def real_python_include():
    found = sorted(d for d in glob.glob("/usr/include/python3.*")
                   if re.fullmatch(r".*/python3\.\d+", d)
                   and os.path.exists(os.path.join(d, "Python.h")))
    if not found:
        raise TestFailure("headers=real but no /usr/include/python3.N/Python.h "
                          "(install python3-dev)")
    return found[-1]


def default_build_headers(ft_include, where):
    """A copy of the free-threaded headers as the default build installs them:
    links to every file but pyconfig.h, whose Py_GIL_DISABLED is taken out."""
    ft_include = os.path.abspath(ft_include)
    config = os.path.join(ft_include, "pyconfig.h")
    try:
        with open(config) as f:
            text = f.read()
        stripped, n = re.subn(r"(?m)^#define Py_GIL_DISABLED 1\n", "", text)
        if n != 1:
            raise TestFailure(f"{config} does not define Py_GIL_DISABLED once: "
                              "not a free-threaded CPython's headers")
        if os.path.isdir(where) and not os.path.islink(where):
            shutil.rmtree(where)
        elif os.path.lexists(where):
            os.unlink(where)
        os.makedirs(where)
        for entry in os.listdir(ft_include):
            if entry != "pyconfig.h":
                os.symlink(os.path.join(ft_include, entry), os.path.join(where, entry))
        with open(os.path.join(where, "pyconfig.h"), "w") as f:
            f.write(stripped)
    except OSError as e:
        raise TestFailure(f"cannot make the default build's copy of {ft_include} in {where}: {e}")
    return where


def header_flags(args, version, build):
    """Include flags for one header set: a mock version or the real headers."""
    inputs = args.inputs
    common = ["-I", os.path.join(inputs, "compat"),
              "-I", os.path.dirname(os.path.abspath(args.source))]
    if version == "3.13t":
        if not args.ft_include or not os.path.exists(os.path.join(args.ft_include, "Python.h")):
            raise TestFailure(f"-python=3.13t needs --ft-include DIR with Python.h (got {args.ft_include})")
        if build == "free-threaded":
            return ["-I", os.path.abspath(args.ft_include)] + common
        if not getattr(args, "default_include", None):  # made once per run
            args.default_include = default_build_headers(args.ft_include, f"{args.tmp}.include-default")
        return ["-I", args.default_include] + common
    if version == "real":
        # real-shim/Python.h includes the real one, then the 3.13 shim.
        return ["-I", os.path.join(inputs, "real-shim"), "-I", real_python_include()] + common
    return ["-I", os.path.join(inputs, f"py{version}")] + common


def language_flags(args):
    is_cpp = os.path.splitext(args.source)[1] in (".cpp", ".cc", ".cxx")
    std = args.std or ("c++17" if is_cpp else "c11")
    return ["-x", "c++" if is_cpp else "c", f"-std={std}"]


def filecheck(llvm_bin, input_text, source, names, implicit_not, extra=()):
    cmd = [os.path.join(llvm_bin, "FileCheck"), source,
           "--check-prefixes=" + ",".join(names), "--dump-input=never"]
    if implicit_not:
        cmd.append("--implicit-check-not=" + implicit_not)
    cmd.extend(extra)
    res = subprocess.run(cmd, input=input_text, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, text=True)
    return res.returncode == 0, res.stdout


def warnings_of(output):
    """The warning lines of clang-tidy's output, without the file path."""
    return sorted(re.sub(r"^.*?(:\d+:\d+: warning:)", r"\1", line)
                  for line in output.splitlines() if ": warning: " in line)


def run_build(args, build, source_text, header_version):
    name = os.path.basename(args.source)
    work = f"{args.tmp}.{build}"
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "export"))
    fixed_path = os.path.join(work, name)
    export_path = os.path.join(work, "export", name)
    cleaned = "\n".join(CHECK_LINE.sub("//", line) for line in source_text.split("\n"))
    for path in (fixed_path, export_path):
        with open(path, "w") as f:
            f.write(cleaned)

    def compile_flags(version):
        return language_flags(args) + header_flags(args, version, build) + BUILDS[build] + args.cc_args

    cc = compile_flags(header_version)
    tidy = [os.path.join(args.llvm_bin, "clang-tidy")]
    tidy += [f"--load={p}" for p in args.plugin]
    tidy += [f"--checks=-*,{args.checks}", "--quiet"] + args.tidy_args
    where = f"[{build} build, {header_version} headers]"

    # 2. diagnostics (and the --fix result)
    res = run(tidy + ["--fix", fixed_path, "--"] + cc)
    output = "\n".join(l for l in res.stdout.splitlines()
                       if not re.match(r"^\d+ (warning|error)s? generated\.$", l))
    notes = prefixes("CHECK-NOTES", args.suffixes)
    messages = prefixes("CHECK-MESSAGES", args.suffixes)
    if has_prefix(source_text, notes):
        ok, why = filecheck(args.llvm_bin, output, args.source, notes,
                            "{{warning|error|note}}:")
    elif has_prefix(source_text, messages):
        no_notes = "\n".join(l for l in output.splitlines() if ": note: " not in l)
        ok, why = filecheck(args.llvm_bin, no_notes, args.source, messages,
                            "{{warning|error}}:")
    else:
        ok = not re.search(r"(warning|error):", output)
        why = "no CHECK-MESSAGES/CHECK-NOTES lines, but clang-tidy reported:"
    if not ok:
        raise TestFailure(f"{where} diagnostics do not match\n{why}\n"
                          f"--- clang-tidy output ---\n{output}")

    # 3. the YAML + clang-apply-replacements path gives the same text
    yaml_path = os.path.join(work, "export", "fixes.yaml")
    run(tidy + [f"--export-fixes={yaml_path}", export_path, "--"] + cc)
    if os.path.exists(yaml_path):
        res = run([os.path.join(args.llvm_bin, "clang-apply-replacements"),
                   os.path.join(work, "export")])
        if res.returncode != 0:
            raise TestFailure(f"{where} clang-apply-replacements failed:\n{res.stdout}")
    fixed = open(fixed_path).read()
    applied = open(export_path).read()
    if fixed != applied:
        diff = "".join(difflib.unified_diff(fixed.splitlines(True), applied.splitlines(True),
                                            "clang-tidy --fix", "clang-apply-replacements"))
        raise TestFailure(f"{where} --fix and --export-fixes disagree:\n{diff}")

    # 4. fixed text
    fixes = prefixes("CHECK-FIXES", args.suffixes)
    if has_prefix(source_text, fixes):
        ok, why = filecheck(args.llvm_bin, fixed, args.source, fixes, None,
                            ["--strict-whitespace"])
        if not ok:
            raise TestFailure(f"{where} fixed file does not match CHECK-FIXES\n{why}\n"
                              f"--- fixed file ---\n{fixed}")
    elif fixed != cleaned:
        diff = "".join(difflib.unified_diff(cleaned.splitlines(True), fixed.splitlines(True),
                                            "before", "after"))
        raise TestFailure(f"{where} no CHECK-FIXES lines, but the file was changed:\n{diff}")

    # 5. the fixed file compiles
    versions = [header_version]
    if header_version == "3.12":
        versions.append("3.13")
    for version in versions:
        res = run([os.path.join(args.llvm_bin, "clang"), "-fsyntax-only", "-Werror"]
                  + compile_flags(version) + [fixed_path])
        if res.returncode != 0:
            raise TestFailure(f"{where} fixed file does not compile with {version} "
                              f"headers:\n{res.stdout}")
    return warnings_of(output)


def main():
    args = parse_args(sys.argv[1:])
    try:
        with open(args.source) as f:
            source_text = f.read()
    except OSError as e:
        print(f"check_ft_tidy: error: cannot read {args.source}: {e.strerror}", file=sys.stderr)
        return 2
    header_version = args.python or ("real" if args.headers == "real" else "3.13")
    builds = list(BUILDS) if args.builds == "both" else [args.builds]
    try:
        found = {b: run_build(args, b, source_text, header_version) for b in builds}
        if len(found) == 2 and found["default"] != found["free-threaded"]:
            diff = "\n".join(difflib.unified_diff(found["default"], found["free-threaded"],
                                                  "default", "free-threaded", lineterm=""))
            raise TestFailure(f"the two builds report different warnings:\n{diff}")
    except TestFailure as e:
        print(f"check_ft_tidy: FAIL: {args.source}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
