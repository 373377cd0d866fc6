"""One run of the driver over a set of units: lint, or --fix (the fixes,
then the Py_MOD_GIL_NOT_USED declarations of the modules that are ready,
then a last check), and the verdicts."""

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from typing import Dict, List, Set

from .clangtidy import Diag, Note, Unit, collect
from .common import GIL_CHECK, GIL_NOT_USED, FtError, is_under, norm
from .families import (MALLOC_CHECK, MAX_KEYS_LENGTH, candidate_keys, closed_keys,
                       complete_roots, keys_option, read_report, renames_expected,
                       report_option, units_with_calls)
from .fixes import (apply_fixes, count_replacements, fixed_diags, hold_back_declarations,
                    remove_exported)
from .project import Project, in_skipped_dir, read_compile_db
from .toolchain import find_apply_replacements
from .verdicts import Verdict, group_modules, ready_files, verdicts


class ToolFailure(Exception):
    """clang-tidy failed on some units of the first --fix round: nothing is
    applied, the errors are printed and ft-tidy exits with 2."""

    def __init__(self, errors):
        super().__init__(errors[0])
        self.errors = errors


@dataclass
class Scope:
    """What one run covers: the sources, the project roots and projects, and
    the files named on the command line."""
    sources: List[str]
    explicit: Set[str]
    roots: List[str]
    projects: List[Project]


@dataclass
class Outcome:
    """What a run found, as the reports show it."""
    diags: List[Diag]
    fixed: List[Diag]
    parse_errors: Dict[str, Diag]
    sources: List[str]
    modules: List[Verdict]
    other_files: List[str]
    tool_errors: List[str]
    info: List[Diag] = field(default_factory=list)  # the build configuration's information

    @property
    def exit_status(self):
        return 2 if self.tool_errors else (1 if self.diags or self.parse_errors else 0)


def compile_db_units(options, paths, explicit, roots, cwd):
    """The units of a compilation database: its entries under the paths (not
    in skipped directories), plus the files named."""
    if not os.path.exists(options.compile_db):
        raise FtError(f"no such file or directory: {options.compile_db}")
    db_dir, db_files = read_compile_db(options.compile_db)
    path_set = [norm(p) for p in paths]
    in_db = [f for f in db_files if any(is_under(f, p) for p in path_set)
             and not any(in_skipped_dir(f, r) for r in roots if is_under(f, r))]
    flags = options.extra_args + [f"-I{d}" for d in options.include_dirs] \
        + [f"-D{d}" for d in options.defines]
    return [Unit(s, list(flags), db_dir, cwd)
            for s in sorted(set(in_db) | (explicit - set(in_db)))]


def derived_units(options, scope, python, cwd):
    """A unit per source with the flags ft-tidy derives: -I/-D of the command
    line, the project's, the interpreter's, then --extra-arg."""
    units = []
    for s in scope.sources:
        proj = next((pr for pr in scope.projects if is_under(s, pr.root)), None)
        flags = [f"-I{norm(d)}" for d in options.include_dirs] + [f"-D{d}" for d in options.defines]
        flags += proj.flags_for(s) if proj else []
        flags += python.flags + options.extra_args
        units.append(Unit(s, flags, None, cwd))
    return units


def checks_to_run(checks, enabled):
    """The glob clang-tidy runs: the user's, plus missing-mod-gil when the
    user's leaves it out (the verdicts are made from its findings; they are
    not reported then)."""
    return checks if GIL_CHECK in enabled else f"{checks},{GIL_CHECK}"


class Pipeline:
    def __init__(self, options, toolchain, scope, units, runner, build=None, build_fixed=()):
        self.options = options
        # The build configuration's findings left and its information
        # (buildconfig.BuildCheck), and the findings --fix fixed: they count
        # in the verdicts and the reports.
        self.build_findings = list(build.findings) if build else []
        self.build_info = list(build.info) if build else []
        self.build_fixed = list(build_fixed)
        self.toolchain = toolchain
        self.scope = scope
        self.units = units
        self.runner = runner
        self.gil_reported = GIL_CHECK in toolchain.enabled

    def collect(self, results):
        return collect(results, self.scope.roots, self.scope.explicit)

    def reported(self, diags):
        """The findings the user asked for (missing-mod-gil's only when enabled)."""
        return diags if self.gil_reported else [d for d in diags if d.check != GIL_CHECK]

    def run(self):
        fixed, held, apply_error = [], set(), None
        tmp = tempfile.mkdtemp(prefix="ft-tidy-")
        try:
            if self.options.fix:
                apply = find_apply_replacements(self.toolchain.clang_tidy, self.toolchain.major)
                fixed, held, apply_error = self.fix_round(apply, tmp)
            results = self.runner.run_all(self.units, None,
                                          "re-checking" if self.options.fix else "checking")
            if held and not apply_error:
                declared, apply_error = self.declare_in_ready_modules(results, held, apply, tmp)
                fixed += declared
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return self.outcome(results, fixed, held, apply_error)

    def fix_round(self, apply, tmp):
        """Check with fixes exported, apply them (the declarations held back).
        Returns (fixed, held files, apply error); raises ToolFailure."""
        export_dir = os.path.join(tmp, "fixes")
        os.mkdir(export_dir)
        families = MALLOC_CHECK in self.toolchain.enabled
        reports = self.report_paths(tmp, "families") if families else None
        results = self.runner.run_all(self.units, export_dir, "checking",
                                      options_of=reports and (lambda i: [report_option(reports[i])]))
        first = self.collect(results)
        if first.tool_errors:
            raise ToolFailure(first.tool_errors)
        # Fixes computed on a file that does not parse are not applied.
        for i, r in enumerate(results):
            if r.unit.source in first.parse_errors:
                try:
                    os.remove(os.path.join(export_dir, f"{i}.yaml"))
                except OSError:
                    pass
        found = first.diags
        if families:
            found = merged(found, self.fix_families(reports, first, export_dir, tmp))
        if not self.gil_reported:  # run for the verdicts only: no fix of its
            remove_exported(export_dir, lambda d: d.name == GIL_CHECK)
        # Py_MOD_GIL_NOT_USED is declared only where nothing else is left once
        # the other fixes are in (declare_in_ready_modules).
        held = set() if self.options.declare_anyway or not self.gil_reported \
            else hold_back_declarations(export_dir)
        fixed = fixed_diags(self.reported(found), export_dir)
        error = apply_fixes(apply, export_dir)
        if error:
            # Conflicting fixes: some files may have been changed. Say so,
            # check again, report what is there, exit 2.
            fixed = []
        return fixed, held, error

    def report_paths(self, tmp, name):
        """Where each unit writes its memory-family report."""
        d = os.path.join(tmp, name)
        os.mkdir(d)
        return [os.path.join(d, f"{i}.json") for i in range(len(self.units))]

    def fix_families(self, first_reports, first, export_dir, tmp):
        """object-malloc-buffer's memory families across files (see
        families.py): the fixes of the closed families, added to export_dir
        when every unit holding their calls gave all of its renames (a
        NOLINT may drop one: then none is added). Returns the diagnostics of
        those units' run."""
        candidates = candidate_keys(read_report(p) for p in first_reports)
        if not candidates or len(";".join(candidates)) > MAX_KEYS_LENGTH:
            return []
        sources = [u.source for u in self.units]
        db_files = read_compile_db(self.options.compile_db)[1] if self.options.compile_db else ()
        roots = complete_roots(self.scope.projects, sources, db_files)
        if not roots:
            return []
        paths = self.report_paths(tmp, "families-asked")
        asked = self.runner.run_all(self.units, None, "following memory across files",
                                    MALLOC_CHECK,
                                    lambda i: [report_option(paths[i]),
                                               keys_option("SharedFamilies", candidates)])
        if self.collect(asked).tool_errors:
            return []
        reports = [read_report(p) for p in paths]
        closed = closed_keys(reports, candidates, roots, sources, set(first.parse_errors))
        targets = units_with_calls(reports, closed)
        if not targets or any(sources[i] in first.parse_errors for i in targets):
            return []
        fix_dir = os.path.join(tmp, "families-fixes")
        os.mkdir(fix_dir)
        results = self.runner.run_all([self.units[i] for i in targets], fix_dir,
                                      "fixing memory across files", MALLOC_CHECK,
                                      lambda j: [keys_option("ClosedFamilies", closed)])
        again = self.collect(results)
        exports = [os.path.join(fix_dir, f"{j}.yaml") for j in range(len(targets))]
        if again.tool_errors or any(
                count_replacements(e) != renames_expected(reports[i], closed)
                for e, i in zip(exports, targets)):
            return []
        for e, i in zip(exports, targets):
            os.replace(e, os.path.join(export_dir, f"families-{i}.yaml"))
        return again.diags

    def declare_in_ready_modules(self, results, held, apply, tmp):
        """The second half of --fix: missing-mod-gil's Py_MOD_GIL_NOT_USED
        declarations, held back from the first fixes, for the files in held
        that belong to a module with no other finding left. Checks those files
        again with missing-mod-gil alone, applies its fixes, and puts the
        files' fresh results into results. Returns (the diagnostics fixed, an
        apply error or None)."""
        found = self.collect(results)
        modules, _ = group_modules(self.scope.sources, self.scope.projects,
                                   found.init_functions)
        every = found.diags + self.build_findings
        module_verdicts = verdicts(modules, every, found.parse_errors)
        ready = ready_files(modules, module_verdicts, every, found.parse_errors, held)
        targets = [i for i, u in enumerate(self.units) if u.source in ready]
        if not targets:
            return [], None
        export_dir = os.path.join(tmp, "declarations")
        os.mkdir(export_dir)
        declaring = self.runner.run_all([self.units[i] for i in targets], export_dir,
                                        "declaring", GIL_CHECK)
        again = self.collect(declaring)
        if again.tool_errors:
            return [], again.tool_errors[0]
        declared = fixed_diags(again.diags, export_dir)
        error = apply_fixes(apply, export_dir,
                            "clang-apply-replacements failed on the Py_mod_gil declarations")
        if error:
            return [], error
        rechecked = self.runner.run_all([self.units[i] for i in targets], None, "re-checking")
        for i, r in zip(targets, rechecked):
            results[i] = r
        return declared, None

    def outcome(self, results, fixed, held, apply_error):
        found = self.collect(results)
        tool_errors = ([apply_error] if apply_error else []) + found.tool_errors
        modules, others = group_modules(self.scope.sources, self.scope.projects,
                                        found.init_functions)
        module_verdicts = verdicts(modules, found.diags + self.build_findings, found.parse_errors)
        diags = self.reported(found.diags) + self.build_findings
        note_undeclared(modules, module_verdicts, diags, held)
        return Outcome(diags, self.build_fixed + fixed, found.parse_errors, self.scope.sources,
                       module_verdicts, others, tool_errors, self.build_info)


def merged(diags, more):
    """diags, and those of more whose (file, line, col, check, message) is not
    among them."""
    keys = {d.key() for d in diags}
    return list(diags) + [d for d in more if d.key() not in keys]


def note_undeclared(modules, module_verdicts, diags, held):
    """A note on each missing-mod-gil finding --fix left undeclared because
    its module still has findings: what blocks the declaration."""
    for mod, v in zip(modules, module_verdicts):
        if v.ready or not held & set(mod.files):
            continue
        for d in diags:
            if d.check == GIL_CHECK and d.file in held and d.file in mod.files:
                d.notes.append(Note(d.file, d.line, d.col,
                                    f"ft-tidy --fix did not declare {GIL_NOT_USED}: module "
                                    f"'{mod.name}' {v.status}: {v.reason} "
                                    "(--declare-anyway declares it regardless)"))
