"""Extension modules and their verdicts: ready to declare Py_MOD_GIL_NOT_USED,
blocked by findings, or not analysed.

Which files define a module comes from the project's Extensions, else from
the PyInit_<name> functions the sources define; whether a module declares
from its sources' text."""

import re
from dataclasses import dataclass, field
from typing import Dict, List

from .common import GIL_CHECK, GIL_NOT_USED, display, plural, read_text

# What a "ready" verdict cannot vouch for: hazards no check covers yet.
UNCHECKED = ("not checked: state inside the extension's own objects (fields its types' "
             "methods write), review it before relying on the declaration")

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
    declares_gil_not_used: bool
    blockers: Dict[str, int]
    reason: str
    not_checked: str = UNCHECKED

    @property
    def ready(self):
        return self.status == "ready"

    def as_json(self):
        return {"name": self.name, "files": self.files, "origin": self.origin,
                "status": self.status, "ready": self.ready,
                "declares_gil_not_used": self.declares_gil_not_used, "blockers": self.blockers,
                "reason": self.reason, "not_checked": self.not_checked}


PYINIT_RE = re.compile(r"PyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(")
DECLARES_RE = re.compile(r"Py_MOD_GIL_NOT_USED\b")


def search_word(pattern, text):
    """pattern.match where its literal start begins a word (a leading \\b):
    found with str.find, since a regular expression that starts with \\b
    tries every position of the text (60 ms on a 2 MB source)."""
    word = re.match(r"[A-Za-z0-9_]+", pattern.pattern).group(0)
    i = text.find(word)
    while i >= 0:
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_"):
            m = pattern.match(text, i)
            if m:
                return m
        i = text.find(word, i + 1)
    return None


def group_modules(sources, projects, read=read_text):
    """Extension modules: the sources of each readable setup.py/pyproject
    Extension; then every other file defining PyInit_<name> is module <name>.
    Returns (modules, other files)."""
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
        if s in taken:
            continue
        m = search_word(PYINIT_RE, read(s))
        if m:
            modules.append(Module(m.group(1), [s], "PyInit"))
            taken.add(s)
    others = [s for s in sources if s not in taken]
    return modules, others


def verdict(module, diags, parse_errors, read=read_text):
    """The verdict of a module from the findings left and the files that do
    not parse."""
    files = set(module.files)
    mine = [d for d in diags if d.file in files or (d.tus & files)]
    blocking = [d for d in mine if d.check != GIL_CHECK]
    broken = [f for f in module.files if f in parse_errors]
    declares = any(search_word(DECLARES_RE, read(f)) for f in module.files)
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
        reason = ("declares Py_MOD_GIL_NOT_USED and has no findings left" if declares else
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
