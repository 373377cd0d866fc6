"""Extension modules and their verdicts: ready to declare Py_MOD_GIL_NOT_USED,
blocked by findings, or not analysed.

Whether a module declares comes from freethreading-missing-mod-gil's
findings (a module it reports as not declaring), never from the source text.
Which files define a module comes from the project's Extensions, else from
the PyInit_<name> functions missing-mod-gil finds defined in the sources (its
option ReportModules names each in a remark)."""

from dataclasses import dataclass
from typing import Dict, List

from .common import GIL_CHECK, GIL_NOT_USED, display, plural

# What a "ready" verdict cannot vouch for: hazards no check covers yet.
UNCHECKED = ("not checked: object state the analysis cannot follow (fields used "
             "from other files, or through objects that are not a parameter of "
             "the function using them), review it before relying on the "
             "declaration")

# missing-mod-gil's warning for a module that declares nothing ("module 'x'
# does not declare whether it needs the GIL", "modules 'a' and 'b' do not
# declare whether they need the GIL"); its other warnings are about
# declarations that exist (an unguarded slot or call).
_UNDECLARED = "not declare whether"


def reports_undeclared(diag):
    """Whether diag is missing-mod-gil's finding of a module that does not
    declare whether it needs the GIL."""
    return diag.check == GIL_CHECK and _UNDECLARED in diag.message


@dataclass
class Module:
    name: str
    files: List[str]   # absolute
    origin: str        # "extension" (setup.py / pyproject) or "PyInit"


@dataclass
class Verdict:
    name: str
    files: List[str]   # as displayed
    origin: str
    status: str        # "ready", "blocked" or "not-analysed"
    declares_gil: bool
    blockers: Dict[str, int]
    reason: str
    not_checked: str = UNCHECKED

    @property
    def ready(self):
        return self.status == "ready"

    def as_json(self):
        return {"name": self.name, "files": self.files, "origin": self.origin,
                "status": self.status, "ready": self.ready,
                "declares_gil": self.declares_gil, "blockers": self.blockers,
                "reason": self.reason, "not_checked": self.not_checked}


def group_modules(sources, projects, init_functions):
    """Extension modules: the sources of each readable setup.py/pyproject
    Extension; then every other file in which missing-mod-gil found the
    definition of an init function (init_functions: file -> module names, in
    source order) is the module of its first. Returns (modules, other files)."""
    modules = []
    taken = set()
    source_set = set(sources)
    for proj in projects:
        for ext in proj.extensions:
            files = [s for s in ext.sources if s in source_set]
            if not files:
                continue
            modules.append(Module(ext.name, files, "extension"))
            taken.update(files)
    for s in sources:
        names = init_functions.get(s)
        if s not in taken and names:
            modules.append(Module(names[0], [s], "PyInit"))
            taken.add(s)
    others = [s for s in sources if s not in taken]
    return modules, others


def verdict(module, diags, parse_errors):
    """The verdict of a module from the findings left (diags, which must
    include missing-mod-gil's) and the files that do not parse."""
    files = set(module.files)
    mine = [d for d in diags if d.file in files or (d.tus & files)]
    blocking = [d for d in mine if d.check != GIL_CHECK]
    broken = [f for f in module.files if f in parse_errors]
    declares = not broken and not any(reports_undeclared(d) for d in mine)
    per_check = {}
    for d in blocking:
        per_check[d.check] = per_check.get(d.check, 0) + 1
    if broken:
        status = "not-analysed"
        reason = "does not parse: " + ", ".join(display(f) for f in broken)
    elif blocking:
        status = "blocked"
        first = blocking[0]
        reason = (f"{plural(len(blocking), 'finding')} left ("
                  + ", ".join(f"{c}: {n}" for c, n in sorted(per_check.items()))
                  + f"); first at {display(first.file)}:{first.line}:{first.col}")
    else:
        status = "ready"
        reason = ("has no findings left, and freethreading-missing-mod-gil reports no missing GIL declaration" if declares else
                  f"no findings left: declare {GIL_NOT_USED} (Py_mod_gil slot, or "
                  "PyUnstable_Module_SetGIL for single-phase init)") + "; " + UNCHECKED
    return Verdict(module.name, [display(f) for f in module.files], module.origin, status,
                   declares, per_check, reason)


def verdicts(modules, diags, parse_errors):
    return [verdict(m, diags, parse_errors) for m in modules]


def ready_files(modules, module_verdicts, diags, parse_errors, candidates):
    """The files among candidates whose module is ready; a file in no module
    counts as a module of its own."""
    ready = set()
    for mod, v in zip(modules, module_verdicts):
        if v.ready:
            ready.update(mod.files)
    in_module = {f for mod in modules for f in mod.files}
    for f in set(candidates) - in_module:
        if f not in parse_errors and not any(d.file == f and d.check != GIL_CHECK for d in diags):
            ready.add(f)
    return ready & set(candidates)
