"""The command line: options, main() and the entry point.

    ft-tidy [options] [PATH...]
    ft-tidy lsp [options]        (a language server on stdin/stdout)

Lints the C/C++ sources under each PATH (default: the current directory),
optionally fixes them (--fix), and prints the findings, a summary per check
and per file, and a verdict per extension module: whether it is ready to
declare Py_MOD_GIL_NOT_USED. Exit status: 0 no findings, 1 findings (or a
file that does not parse), 2 usage or tool error. See docs/usage.md."""

import argparse
import concurrent.futures
import os
import shlex
import sys
from dataclasses import dataclass, field, fields
from typing import List, Optional

from . import VERSION
from .buildconfig import apply_build_fixes, check_build, enabled_rules, restricted
from .clangtidy import Runner, stop_children
from .common import FtError, norm
from .pipeline import (Pipeline, Scope, ToolFailure, checks_to_run, compile_db_units,
                       derived_units)
from .project import Project, find_sources, project_roots
from .pythonconfig import python_config
from .reports import Report, find_docs_dir, render
from .toolchain import find_tools_for

DEFAULT_CHECKS = "freethreading-*"


@dataclass
class Options:
    """The command line, as main() uses it."""
    paths: List[str] = field(default_factory=list)
    compile_db: Optional[str] = None
    fix: bool = False
    declare_anyway: bool = False
    jobs: int = 1
    checks: str = DEFAULT_CHECKS
    compat_header: Optional[str] = None
    format: str = "text"
    output: Optional[str] = None
    python: Optional[str] = None
    include_dirs: List[str] = field(default_factory=list)
    defines: List[str] = field(default_factory=list)
    extra_args: List[str] = field(default_factory=list)
    plugin: Optional[str] = None
    clang_tidy: Optional[str] = None
    srcroot: Optional[str] = None
    docs_url: Optional[str] = None
    print_commands: bool = False
    print_flags: bool = False
    quiet: bool = False


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise FtError(f"{message} (see ft-tidy --help)")


def make_parser(environ):
    p = Parser(prog="ft-tidy", description="Run the freethreading-* clang-tidy checks over "
               "CPython C/C++ extension sources, fix what can be fixed, and say which "
               "extension modules are ready for free-threaded Python. 'ft-tidy lsp "
               "[options]' runs a language server on stdin/stdout instead (docs/usage.md).",
               epilog="Exit status: 0 no findings, 1 findings or a file that does not parse, "
                      "2 usage or tool error. Documentation: docs/usage.md.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="files or directories to check (default: .)")
    p.add_argument("-p", dest="compile_db", metavar="DIR",
                   help="use DIR/compile_commands.json for compile flags")
    p.add_argument("--fix", action="store_true",
                   help="apply the fixes (clang-apply-replacements), then check again")
    p.add_argument("--declare-anyway", action="store_true",
                   help="with --fix, declare Py_MOD_GIL_NOT_USED also in modules that still have "
                        "findings (default: only in modules with no finding left after the fixes)")
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N",
                   help="run N clang-tidy processes at once (default 1)")
    p.add_argument("--checks", default=DEFAULT_CHECKS, metavar="GLOB",
                   help="clang-tidy check glob to run (default freethreading-*)")
    p.add_argument("--compat-header", metavar="NAME",
                   help="the CompatHeader option of the checks (e.g. pythoncapi_compat.h)")
    p.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                   help="output format (default text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE instead of stdout")
    p.add_argument("--python", metavar="EXE",
                   help="interpreter whose headers and defines to use (default: the one running ft-tidy)")
    p.add_argument("-I", dest="include_dirs", action="append", default=[], metavar="DIR",
                   help="extra include directory (repeatable)")
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]",
                   help="extra macro definition (repeatable)")
    p.add_argument("--extra-arg", dest="extra_args", action="append", default=[], metavar="ARG",
                   help="extra compiler argument (repeatable)")
    p.add_argument("--plugin", metavar="PATH", help="the plugin (default: $FT_TIDY_PLUGIN, "
                   "then the build tree or install prefix of this script)")
    p.add_argument("--clang-tidy", metavar="EXE", help="the clang-tidy to use (default: "
                   "$FT_TIDY_CLANG_TIDY, then PATH and /usr/lib/llvm-N/bin, of the plugin's LLVM)")
    p.add_argument("--srcroot", metavar="DIR",
                   help="SARIF: the directory URIs are relative to (default: the current directory)")
    p.add_argument("--docs-url", metavar="URL", default=environ.get("FT_TIDY_DOCS_URL"),
                   help="SARIF: base URL of docs/checks for the rules' helpUri "
                        "(default $FT_TIDY_DOCS_URL, else file URIs of the local pages)")
    p.add_argument("--print-commands", action="store_true",
                   help="print the clang-tidy command of each file and exit")
    p.add_argument("--print-flags", action="store_true",
                   help="print the compiler flags of the first file, one a line (the "
                        "compile_flags.txt format editors' clang-tidy reads), and exit")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress indicator")
    p.add_argument("--version", action="version", version=f"ft-tidy {VERSION}")
    return p


def parse_args(argv, environ=None):
    """Options of a command line; FtError on a usage error."""
    ns = make_parser(os.environ if environ is None else environ).parse_args(argv)
    options = Options(**{f.name: getattr(ns, f.name) for f in fields(Options)})
    if options.declare_anyway and not options.fix:
        raise FtError("--declare-anyway applies to --fix only (see ft-tidy --help)")
    if options.jobs < 1:
        raise FtError("-j must be at least 1 (see ft-tidy --help)")
    return options


def main(argv, root):
    """Run ft-tidy; root is the checkout or install prefix the launcher is in
    (where the plugin and the check pages are looked for). Returns the exit
    status."""
    if argv[:1] == ["lsp"]:
        # The language server (python/ft_tidy/lsp.py): the same options,
        # files named by the editor. A directory named lsp: ft-tidy ./lsp.
        from .lsp import serve
        return serve(argv[1:], root)
    options = parse_args(argv)
    paths = options.paths or ["."]
    for p in paths:
        if not os.path.exists(p):
            raise FtError(f"no such file or directory: {p}")

    # The interpreter's configuration is asked for while the tools are found
    # (two independent subprocesses: the wait is most of ft-tidy's own
    # start-up, which every -jN run pays in full).
    starter = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    py_future = None
    if not options.compile_db:
        py_future = starter.submit(python_config, options.python or sys.executable)
    starter.shutdown(wait=False)
    rules = enabled_rules(options.checks)
    toolchain = find_tools_for(options, root, rules)
    toolchain.plugin = norm(toolchain.plugin)

    def warn(msg):
        print(f"ft-tidy: warning: {msg}", file=sys.stderr)

    sources, explicit = find_sources(paths)
    roots = project_roots(paths, sources)
    scope = Scope(sources, explicit, roots, [Project(r, warn) for r in roots])
    cwd = os.getcwd()
    if options.compile_db:
        units = compile_db_units(options, paths, explicit, roots, cwd)
        scope.sources = [u.source for u in units]
    else:
        units = derived_units(options, scope, py_future.result(), cwd)
    if not units:
        raise FtError("no C/C++ source files found under " + ", ".join(paths))

    runner = Runner(toolchain, checks_to_run(options.checks, toolchain.enabled),
                    options.compat_header, roots, options.jobs, options.quiet)
    if options.print_flags:
        if options.compile_db:
            raise FtError("--print-flags prints the flags ft-tidy derives without a compilation "
                          "database; with -p, clang-tidy reads them from compile_commands.json")
        print("\n".join(units[0].flags))
        return 0
    if options.print_commands:
        for u in units:
            print(shlex.join(runner.command(u)))
        return 0

    build, build_fixed = build_configuration(options, scope, rules, warn)
    try:
        outcome = Pipeline(options, toolchain, scope, units, runner, build, build_fixed).run()
    except ToolFailure as failure:
        for e in failure.errors:
            print(f"ft-tidy: error: {e}", file=sys.stderr)
        return 2
    report = Report(outcome, options.fix, toolchain.clang_tidy, toolchain.major, toolchain.plugin,
                    toolchain.enabled + sorted(rules), norm(options.srcroot or cwd), options.docs_url,
                    find_docs_dir(root), outcome.exit_status)
    write(render(report, options.format), options.output)
    for e in outcome.tool_errors:
        print(f"ft-tidy: error: {e}", file=sys.stderr)
    return outcome.exit_status


def build_configuration(options, scope, rules, warn):
    """The build configuration's findings (buildconfig.py) of the enabled
    rules; with --fix, its fixes are applied first and the findings are
    those left. Returns (BuildCheck, the findings fixed)."""
    if not rules:
        return None, []
    build = restricted(check_build(scope.projects, scope.sources), rules)
    fixed = []
    if options.fix and build.fixes:
        fixed, warnings = apply_build_fixes(build)
        for w in warnings:
            warn(w)
        # What is left, read again from the files the fixes changed.
        build = restricted(check_build(scope.projects, scope.sources), rules)
    return build, fixed


def write(text, output):
    if output:
        try:
            with open(output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            raise FtError(f"cannot write {output}: {e.strerror}")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def launcher_root(launcher):
    """The directory above the launcher's own (a checkout for tools/ft-tidy,
    an install prefix for <prefix>/bin/ft-tidy)."""
    return os.path.dirname(os.path.dirname(os.path.realpath(launcher)))


def entry(launcher=None):
    """The console entry point: runs main() and exits with its status."""
    try:
        code = main(sys.argv[1:], launcher_root(launcher or sys.argv[0]))
    except FtError as e:
        print(f"ft-tidy: error: {e}", file=sys.stderr)
        code = 2
    except KeyboardInterrupt:
        stop_children()
        if sys.stderr.isatty():
            sys.stderr.write("\r\033[K")  # the progress line
        code = 130
    except BrokenPipeError:
        try:
            sys.stdout = None
        except Exception:
            pass
        code = 1
    except Exception as e:  # a bug of ours: still one line
        print(f"ft-tidy: error: internal error: {e.__class__.__name__}: {e}", file=sys.stderr)
        code = 2
    sys.exit(code)
