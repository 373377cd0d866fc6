"""Running clang-tidy over translation units and reading its diagnostics."""

import concurrent.futures
import os
import re
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Set

from .common import (GIL_CHECK, PARSE_ERROR_CHECK, FtError, display, ere_escape,
                     first_line, is_under, norm)
from .project import in_skipped_dir


@dataclass
class Note:
    file: str
    line: int
    col: int
    message: str

    def as_json(self):
        return {"file": display(self.file), "line": self.line, "column": self.col,
                "message": self.message}


@dataclass(eq=False)
class Diag:
    """A warning or error of clang-tidy, with its notes and the translation
    units that reported it."""
    file: str
    line: int
    col: int
    severity: str
    message: str
    check: str
    notes: List[Note] = field(default_factory=list)
    tus: Set[str] = field(default_factory=set)
    replacements: List[str] = field(default_factory=list)  # what its fix writes

    def key(self):
        return (self.file, self.line, self.col, self.check, self.message)

    def as_json(self):
        return {"file": display(self.file), "line": self.line, "column": self.col,
                "check": self.check, "severity": self.severity, "message": self.message,
                "notes": [n.as_json() for n in self.notes]}


DIAG_RE = re.compile(r"^(?P<file>[^\s].*?):(?P<line>\d+):(?P<col>\d+): "
                     r"(?P<sev>warning|error|fatal error|note|remark): (?P<msg>.*?)"
                     r"(?: \[(?P<check>[A-Za-z0-9_.,+-]+)\])?$")
# An error with no location (an unknown compiler argument...): it belongs to
# the file being checked, at line 0.
NOLOC_RE = re.compile(r"^(?P<sev>error|fatal error): (?P<msg>.*?)(?: \[(?P<check>[A-Za-z0-9_.,+-]+)\])?$")


def _check_name(text):
    return (text or "").replace(",-warnings-as-errors", "")


def parse_output(text, base, source):
    """The diagnostics of clang-tidy's standard output for one unit: file
    paths made absolute from base, notes attached to the warning before them."""
    diags = []
    current = None
    for line in text.splitlines():
        m = DIAG_RE.match(line)
        if not m:
            m = NOLOC_RE.match(line)
            if m:
                current = Diag(source, 0, 0, "error", m.group("msg"),
                               _check_name(m.group("check") or PARSE_ERROR_CHECK))
                diags.append(current)
            continue
        f = norm(m.group("file"), base)
        ln, col = int(m.group("line")), int(m.group("col"))
        sev, msg, check = m.group("sev"), m.group("msg"), _check_name(m.group("check"))
        if sev == "note":
            if current is not None:
                current.notes.append(Note(f, ln, col, msg))
            continue
        if sev == "fatal error":
            sev = "error"
        if sev == "error" and not check:
            check = PARSE_ERROR_CHECK
        current = Diag(f, ln, col, sev, msg, check)
        diags.append(current)
    return diags


@dataclass
class Unit:
    """One clang-tidy run: a source and its flags (or a compilation database)."""
    source: str
    flags: List[str]
    db_dir: Optional[str]
    cwd: str


@dataclass
class UnitResult:
    unit: Unit
    diags: List[Diag] = field(default_factory=list)
    tool_error: Optional[str] = None


def unit_result(unit, returncode, stdout, stderr):
    """What one clang-tidy run says: its diagnostics, and a tool error when it
    crashed or failed for another reason than the code's errors."""
    result = UnitResult(unit)
    if returncode < 0 or returncode > 1:
        result.tool_error = (f"clang-tidy failed on {display(unit.source)} (exit status "
                             f"{returncode}): {first_line(stderr) or first_line(stdout)}")
    result.diags = parse_output(stdout, unit.cwd, unit.source)
    for d in result.diags:
        d.tus.add(unit.source)
    if returncode == 1 and not any(d.severity == "error" for d in result.diags) \
            and not result.tool_error and "Found compiler error" not in stderr:
        result.tool_error = f"clang-tidy failed on {display(unit.source)}: {first_line(stderr)}"
    return result


# The clang-tidy processes running, so that an interrupt can stop them.
_children = set()
_children_lock = threading.Lock()
_stopping = threading.Event()


def run_child(cmd, cwd):
    """Run a clang-tidy; remembered so that an interrupt can stop it."""
    with _children_lock:  # no process starts once stop_children() has run
        if _stopping.is_set():
            raise KeyboardInterrupt
        try:
            proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    universal_newlines=True, errors="replace", cwd=cwd)
        except OSError as e:
            raise FtError(f"cannot run {cmd[0]}: {e.strerror}")
        _children.add(proc)
    try:
        out, err = proc.communicate()
    finally:
        with _children_lock:
            _children.discard(proc)
    return subprocess.CompletedProcess(cmd, proc.returncode, out, err)


def stop_children():
    with _children_lock:
        _stopping.set()
        for proc in list(_children):
            try:
                proc.kill()
            except OSError:
                pass


def header_filter(header_roots):
    """clang-tidy's --header-filter for the project directories."""
    return "^(" + "|".join(ere_escape(r.rstrip(os.sep)) + "/" for r in header_roots) + ")"


def source_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


class Runner:
    """Runs clang-tidy with the plugin over units, -j at a time."""

    def __init__(self, toolchain, checks, compat_header, header_roots, jobs=1, quiet=False):
        self.toolchain = toolchain
        self.checks = checks
        self.compat_header = compat_header
        self.header_filter = header_filter(header_roots)
        self.jobs = max(1, jobs)
        self.quiet = quiet

    def command(self, unit, export=None, checks=None, extra_options=()):
        """The clang-tidy command for unit; extra_options are check options
        ("name: value") added to the driver's own."""
        cmd = [self.toolchain.clang_tidy, f"--load={self.toolchain.plugin}",
               f"--checks=-*,{checks or self.checks}",
               f"--header-filter={self.header_filter}", "--quiet"]
        # missing-mod-gil names each module's init function in a remark (see
        # module_remark), so that the verdicts group files by the plugin's
        # reading of the code.
        options = [f"{GIL_CHECK}.ReportModules: true"]
        if self.compat_header:
            name = self.compat_header.replace("'", "''")
            options.insert(0, f"CompatHeader: '{name}'")
        options += list(extra_options)
        cmd.append("--config={CheckOptions: {" + ", ".join(options) + "}}")
        if export:
            cmd.append(f"--export-fixes={export}")
        if unit.db_dir:
            cmd += [f"-p={unit.db_dir}"] + [f"--extra-arg={a}" for a in unit.flags] + [unit.source]
        else:
            cmd += [unit.source, "--"] + unit.flags
        return cmd

    def run_unit(self, unit, export=None, checks=None, extra_options=()):
        res = run_child(self.command(unit, export, checks, extra_options), unit.cwd)
        return unit_result(unit, res.returncode, res.stdout, res.stderr)

    def run_all(self, units, export_dir=None, label="checking", checks=None,
                options_of=None):
        """A UnitResult per unit, in the units' order. With export_dir, unit i
        exports its fixes to export_dir/i.yaml; with options_of, it gets the
        check options options_of(i) too."""
        results = [None] * len(units)
        progress = sys.stderr.isatty() and not self.quiet
        lock = threading.Lock()
        done = [0]

        def job(i):
            export = os.path.join(export_dir, f"{i}.yaml") if export_dir else None
            r = self.run_unit(units[i], export, checks, options_of(i) if options_of else ())
            with lock:
                done[0] += 1
                if progress:
                    sys.stderr.write(f"\r\033[Kft-tidy: {label} [{done[0]}/{len(units)}] "
                                     f"{display(units[i].source)}")
                    sys.stderr.flush()
            return i, r

        if self.jobs == 1:
            for i in range(len(units)):
                results[i] = job(i)[1]
        else:
            # The largest sources first (their size stands for their time):
            # the units started last are then short ones, and the workers
            # finish together instead of one waiting on a long unit begun
            # at the end. Results keep the units' order.
            order = sorted(range(len(units)), key=lambda i: -source_size(units[i].source))
            pool = concurrent.futures.ThreadPoolExecutor(max_workers=self.jobs)
            try:
                for i, r in pool.map(job, order):
                    results[i] = r
            except BaseException:
                # An interrupt (or an error): stop the running clang-tidy
                # processes and start no other.
                stop_children()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown()
        if progress:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
        return results


# missing-mod-gil's remark with ReportModules: "module 'x' is initialized by
# 'PyInit_x'", at the init function's name.
_MODULE_REMARK_RE = re.compile(r"^module '([A-Za-z_][A-Za-z0-9_]*)' is initialized by '")


def module_remark(diag):
    """The module name of missing-mod-gil's remark naming an init function,
    or None for any other diagnostic."""
    if diag.severity != "remark" or diag.check != GIL_CHECK:
        return None
    m = _MODULE_REMARK_RE.match(diag.message)
    return m.group(1) if m else None


@dataclass
class Findings:
    """The diagnostics of a run's units, deduplicated, and the module init
    functions missing-mod-gil named."""
    diags: List[Diag]                 # sorted by (file, line, col, check, message)
    parse_errors: Dict[str, Diag]     # source -> its first compiler error
    tool_errors: List[str]
    init_functions: Dict[str, List[str]] = field(default_factory=dict)
    # file -> the modules whose init functions it defines, in source order


def collect(results, roots, explicit):
    """Deduplicate diagnostics across translation units by (file, line, col,
    check, message); keep those in the project (and the files named)."""
    merged = {}
    parse_errors = {}
    tool_errors = []
    inits = {}
    for r in results:
        if r.tool_error:
            tool_errors.append(r.tool_error)
        for d in r.diags:
            if d.severity == "error" and d.check.startswith("clang-diagnostic"):
                parse_errors.setdefault(r.unit.source, d)
                continue
            module = module_remark(d)
            if module is not None:
                inits.setdefault(d.file, {})[(d.line, d.col)] = module
                continue
            if d.severity == "remark":
                continue
            root = next((x for x in roots if is_under(d.file, x)), None)
            if d.file not in explicit and (root is None or in_skipped_dir(d.file, root)):
                continue
            k = d.key()
            if k in merged:
                merged[k].tus |= d.tus
            else:
                merged[k] = d
    diags = sorted(merged.values(), key=lambda d: d.key())
    init_functions = {f: [names[k] for k in sorted(names)] for f, names in inits.items()}
    return Findings(diags, parse_errors, tool_errors, init_functions)
