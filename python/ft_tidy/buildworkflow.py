"""GitHub Actions workflows, read as text (never run) just far enough to
find each step that runs cibuildwheel and what that step sees:

* its CIBW_* variables: the `env` of the workflow, then of the job, then of
  the step, and the VAR=value words before the cibuildwheel command itself.
  Other shell assignments (an export, a write to $GITHUB_ENV in an earlier
  step, words of another command) may or may not take effect: they are kept
  apart, and make the step uncertain;
* the project folder it builds: the action's package-dir input, or the
  command line's positional argument under the step's, the job's or the
  workflow's run working-directory; unknown after a cd or pushd, or when it
  holds a $variable or ${{ expression }};
* its --only identifier and --enable groups (the action's only input, the
  command line's options);
* whether the step is certain: one cibuildwheel command, no other shell
  assignment of a CIBW_* variable, a cibuildwheel pin that can be read.

Only a certain step may carry a report that depends on what it builds.
"""

import functools
import re
import shlex
from typing import NamedTuple, Optional

YAML_ENV = re.compile(r"^[ \t-]*(CIBW_[A-Z0-9_]+)[ \t]*:[ \t]*(.*)$", re.M)
FLOW_ENV = re.compile(r"[{,][ \t]*(CIBW_[A-Z0-9_]+)[ \t]*:[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[^,}\n]*)")
SHELL_ENV = re.compile(r"(?<![\w$])(CIBW_[A-Z0-9_]+)=(\"[^\"\n]*\"|'[^'\n]*'|[^\s\"']+)")
KEY = re.compile(r"^([ \t]*)(?:- )?[\"']?([\w.-]+)[\"']?[ \t]*:(.*)$")
# The cibuildwheel command of a run line, and what is not a run of it.
COMMAND = re.compile(r"(?:^|[\s;&|(])(?:pipx run |uvx |python3? -m |py -m )?"
                     r"cibuildwheel(?:[=~]=\S+|@\S+)?(?=\s|$)")
NOT_A_RUN = re.compile(r"(?:\b(?:install|inject)\b[^;&|]*|--spec[ \t=]*)$")
SEPARATORS = ("&&", "||", ";", "|", "&")
ACTIONS = ("pypa/cibuildwheel@", "joerick/cibuildwheel@")  # the second: its older name
VALUE_OPTIONS = ("--platform", "--archs", "--enable", "--only", "--output-dir", "--config-file")
CHANGES_DIR = re.compile(r"(?:^|[\s;&|(])(?:cd|pushd)\s")
# A pin of cibuildwheel that cannot be read as one release (a range, an
# expression): which release runs is unknown.
UNREAD_PIN = re.compile(r"cibuildwheel(?:\[[\w,.-]*\])?[\"']?\s*(?:[<>!]|[=~]=\s*[\"']?\$|@\$)")


class Step(NamedTuple):
    env: dict             # CIBW_* name -> (value, line), set for the step
    shell_env: dict       # the assignments that may or may not take effect
    job: str              # the job's text (pins)
    package_dir: Optional[str]  # relative to the repository root; None: unknown
    only: Optional[str]   # --only / only:, None when not given
    enable: list          # --enable groups of the command line
    certain: bool
    line: int             # the step's first line


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def indent(line):
    return len(line) - len(line.lstrip())


def children(lines, start, end):
    """[(key, first line, end line)] of the mapping keys (or list items)
    directly inside lines[start:end], each with the lines it spans."""
    body = [i for i in range(start, end) if lines[i].strip() and not lines[i].lstrip().startswith("#")]
    if not body:
        return []
    at = indent(lines[body[0]])
    items = lines[body[0]].lstrip().startswith("- ")
    # In a mapping, a list written at its key's own indent belongs to the key.
    heads = [i for i in body if indent(lines[i]) == at
             and (items or not lines[i].lstrip().startswith(("- ", "-\t")) and lines[i].strip() != "-")]
    out = []
    for a, b in zip(heads, heads[1:] + [end]):
        m = KEY.match(lines[a])
        out.append((m.group(2) if m else "", a, b))
    return out


def child(lines, start, end, key):
    """(key line, end) of key among the children of lines[start:end], None
    when there is no such key."""
    return next(((a, b) for k, a, b in children(lines, start, end) if k == key), None)


def scalar(lines, span):
    """The value of the key at span: its inline value, or its block (|
    keeps the lines, > folds them into one)."""
    m = KEY.match(lines[span[0]])
    head = m.group(3).split(" #")[0].strip() if m else ""
    if head[:1] not in ("|", ">"):
        return unquote(head)
    body = [l.strip() for l in lines[span[0] + 1:span[1]]]
    return ("\n" if head[0] == "|" else " ").join(body)


def env_block(lines, span, first_line):
    """The CIBW_* keys of the env key at span (block or flow mapping), as
    {name: (value, line)}."""
    if not span:
        return {}
    out = {}
    text = "\n".join(lines[span[0]:span[1]])
    for m in YAML_ENV.finditer(text):
        at = span[0] + text.count("\n", 0, m.start())
        value = m.group(2).split(" #")[0].strip()
        end = next((i for i in range(at + 1, span[1])
                    if lines[i].strip() and indent(lines[i]) <= indent(lines[at])), span[1])
        if value[:1] in (">", "|"):
            value = scalar(lines, (at, end)).replace("\n", " ")
        else:  # a plain or quoted value may go on over more lines
            value = " ".join([value] + [l.strip() for l in lines[at + 1:end] if l.strip()])
            if value[:1] == '"':
                value = re.sub(r'\\(["\\])', r"\1", value)
        out[m.group(1)] = (unquote(value), first_line + at)
    for m in FLOW_ENV.finditer(lines[span[0]]):
        out[m.group(1)] = (unquote(m.group(2)), first_line + span[0])
    return out


def shell_assignments(text, first_line):
    """The CIBW_* assignments of shell text outside its comments."""
    out = {}
    for i, line in enumerate(text.split("\n")):
        code = line if not line.lstrip().startswith("#") else ""
        for m in SHELL_ENV.finditer(code.split(" #")[0]):
            out[m.group(1)] = (unquote(m.group(2)), first_line + i)
    return out


def working_directory(lines, span):
    """The run working-directory of a defaults: key within span."""
    d = child(lines, *span, "defaults")
    r = child(lines, d[0] + 1, d[1], "run") if d else None
    w = child(lines, r[0] + 1, r[1], "working-directory") if r else None
    return scalar(lines, w) if w else None


def command_runs(text):
    """[(its line, the shell text other than the command, the text before
    it, the words just before it in its command, its arguments)] of each
    cibuildwheel command in shell text (not an install of it)."""
    raw, lines = re.sub(r"\$\{\{.*?\}\}", "$EXPR", text).split("\n"), []
    while len(lines) < len(raw):  # a line continued by \ joined, the line count kept
        line, extra = raw[len(lines)], 0
        while line.endswith("\\") and len(lines) + extra + 1 < len(raw):
            extra += 1
            line = line[:-1] + " " + raw[len(lines) + extra]
        lines += [line] + [""] * extra
    runs = []
    for i, line in enumerate(lines):
        if line.lstrip().startswith("#"):
            continue
        for m in COMMAND.finditer(line):
            before = line[:m.start() + 1]
            if NOT_A_RUN.search(before):
                continue
            segment = re.split(r"&&|\|\||;|\|", before)[-1]
            try:
                words = shlex.split(line[m.end():], comments=True)
            except ValueError:
                words = line[m.end():].split()
            rest = "\n".join(lines[:i] + [before[:len(before) - len(segment)]] + lines[i + 1:])
            if "--print-build-identifiers" not in words[:words.index("&&") if "&&" in words else len(words)]:
                runs.append((i, rest, "\n".join(lines[:i]) + "\n" + before, segment, words))
    return runs


def arguments(words):
    """(package dir, --only, [--enable]) of cibuildwheel's words, up to the
    end of its command: the dir None when it holds a $variable (unknown),
    --only as written (None when not given)."""
    where, only, enable, i = None, None, [], 0
    while i < len(words):
        w = words[i]
        if w in SEPARATORS or re.match(r"^\d*[<>]|^&>", w):
            break
        name, _, value = w.partition("=")
        if name in VALUE_OPTIONS:
            if not value:
                i += 1
                value = words[i] if i < len(words) else ""
            if name == "--only":
                only = value
            elif name == "--enable":
                enable.append(value)
        elif not w.startswith("-") and where is None:
            where = w
        i += 1
    where = where or "."
    return (None if "$" in where else where), only or None, enable


def join_dir(base, rel):
    if rel is None or (base and "$" in base):
        return None
    if not base or rel.startswith("/"):
        return rel
    return rel if base in (".", "./") else base.rstrip("/") + "/" + rel


@functools.lru_cache(maxsize=64)
def cibuildwheel_steps(text):
    """(Step,) of each step of a GitHub Actions workflow that runs
    cibuildwheel (the action or its command line)."""
    lines = text.split("\n")
    top_env = env_block(lines, child(lines, 0, len(lines), "env"), 1)
    top_workdir = working_directory(lines, (0, len(lines)))
    jobs = child(lines, 0, len(lines), "jobs")
    out = []
    for _, a, b in children(lines, jobs[0] + 1, jobs[1]) if jobs else []:
        env = {**top_env, **env_block(lines, child(lines, a + 1, b, "env"), 1)}
        workdir = working_directory(lines, (a + 1, b)) or top_workdir
        job = "\n".join(lines[a:b])
        steps = child(lines, a + 1, b, "steps")
        pin_read = not UNREAD_PIN.search(job)
        written = {}  # $GITHUB_ENV writes of the steps so far
        for _, s, e in children(lines, steps[0] + 1, steps[1]) if steps else []:
            # The item's keys, its first one moved off the "- ".
            local = [lines[s].replace("-", " ", 1)] + lines[s + 1:e]
            run = child(local, 0, len(local), "run")
            run_text = scalar(local, run) if run else ""
            # The file line of the run text's first line (a block starts below its key).
            run_line = s + 1 + (run[0] + (KEY.match(local[run[0]]).group(3).strip()[:1] in ("|", ">"))
                                if run else 0)
            uses = child(local, 0, len(local), "uses")
            action = bool(uses) and scalar(local, uses).startswith(ACTIONS)
            runs = command_runs(run_text)
            if not action and not runs:
                if "GITHUB_ENV" in run_text:
                    written.update(shell_assignments(run_text, run_line))
                continue
            step_env = {**env, **env_block(local, child(local, 0, len(local), "env"), s + 1)}
            shell = dict(written)
            certain = pin_read
            if action:
                w = child(local, 0, len(local), "with")
                inputs = {k: scalar(local, span) for k, *span in children(local, w[0] + 1, w[1])} if w else {}
                if w and scalar(local, w):
                    inputs = {"package-dir": "$"}  # a flow mapping: not read
                where = inputs.get("package-dir") or "."
                where = None if "$" in where else where
                out.append(Step(step_env, shell, job, where, inputs.get("only") or None, [],
                                certain and not shell, s + 1))
                continue
            at, rest, leading, segment, words = runs[0]
            step_env.update(shell_assignments(segment, run_line + at))
            shell.update(shell_assignments(rest, run_line))
            where, only, enable = arguments(words)
            moved = CHANGES_DIR.search(leading)
            wd = child(local, 0, len(local), "working-directory")
            here = scalar(local, wd) if wd else workdir
            out.append(Step(step_env, shell, job, None if moved else join_dir(here, where), only, enable,
                            certain and not shell and len(runs) == 1, s + 1))
    return tuple(out)
