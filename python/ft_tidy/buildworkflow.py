"""GitHub Actions workflows, read as text (never run) just far enough to
find each step that runs cibuildwheel and what that step sees:

* its CIBW_* variables: the workflow's top-level env, then the job's env,
  then those an earlier step of the job writes to $GITHUB_ENV, then the
  step's own env and the VAR=value words of its command line;
* the project folder it builds: the action's package-dir input, or the
  command line's positional argument under the step's, the job's or the
  workflow's run working-directory;
* its --only identifier and --enable groups (the action's only input, the
  command line's options);
* the cibuildwheel releases its job pins.

A value holding a ${{ expression }} is kept as written: the readers decide
what an unknown value means for them.
"""

import re
import shlex
from typing import NamedTuple, Optional

ENV = re.compile(r"^[ \t-]*(CIBW_[A-Z0-9_]+)[ \t]*[:=][ \t]*(.*)$", re.M)
FLOW_ENV = re.compile(r"[{,][ \t]*(CIBW_[A-Z0-9_]+)[ \t]*:[ \t]*(\"[^\"\n]*\"|'[^'\n]*'|[^,}\n]*)")
SHELL_ENV = re.compile(r"(?<![\w$])(CIBW_[A-Z0-9_]+)=(\"[^\"\n]*\"|'[^'\n]*'|[^\s\"']+)")
EXPRESSION = re.compile(r"\$\{\{.*?\}\}")
KEY = re.compile(r"^([ \t]*)(?:- )?([\w.-]+)[ \t]*:(.*)$")
# The cibuildwheel command of a run line (not an install of it).
COMMAND = re.compile(r"(?:^|[\s;&|(])(?:pipx run |uvx |python3? -m |py -m )?"
                     r"cibuildwheel(?:[=~]=[\w.*]+|@[\w.*]+)?(?=\s|$)")
VALUE_OPTIONS = ("--platform", "--archs", "--enable", "--only", "--output-dir", "--config-file")


class Step(NamedTuple):
    env: dict            # CIBW_* name -> (value, line)
    job: str             # the job's text (pins)
    package_dir: str     # relative to the repository root, as written
    only: Optional[str]  # --only / only:, None when not given
    enable: list         # --enable groups of the command line
    line: int            # the step's first line


def unquote(value):
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def indent(line):
    return len(line) - len(line.lstrip())


def workflow_env(text, first_line=1):
    """The CIBW_* variables a workflow text sets, as {name: (value, line)}:
    env keys (block values > and | joined into one line, flow mappings
    {A: b} included), and VAR=value words of a command line. first_line is
    the line of the text's start in its file."""
    out = {}
    lines = text.split("\n")
    for m in ENV.finditer(text):
        line = text.count("\n", 0, m.start())
        value = m.group(2).split(" #")[0].strip()
        if value in (">", "|", ">-", "|-", ">+", "|+"):
            block = []
            for follow in lines[line + 1:]:
                if follow.strip() and indent(follow) <= indent(lines[line]):
                    break
                block.append(follow.strip())
            value = " ".join(b for b in block if b)
        out[m.group(1)] = (unquote(value), first_line + line)
    for m in FLOW_ENV.finditer(text):
        out[m.group(1)] = (unquote(m.group(2)), first_line + text.count("\n", 0, m.start()))
    for m in SHELL_ENV.finditer(text):
        out.setdefault(m.group(1), (unquote(m.group(2)), first_line + text.count("\n", 0, m.start())))
    return out


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


def block(lines, start, end, key):
    """(first, end) of the lines under key among the children of
    lines[start:end], None when there is no such key."""
    for k, a, b in children(lines, start, end):
        if k == key:
            return a + 1, b
    return None


def inline_value(line):
    m = KEY.match(line)
    return unquote(m.group(3).split(" #")[0]) if m else ""


def working_directory(lines, span):
    """The run working-directory of a defaults: block within span."""
    d = block(lines, *span, "defaults") if span else None
    r = block(lines, *d, "run") if d else None
    w = block(lines, *r, "working-directory") if r else None
    return inline_value(lines[w[0] - 1]) if w else None


def command_arguments(text):
    """(package dir, --only, [--enable]) of the cibuildwheel command in a
    run text, None when it runs none."""
    text = re.sub(r"\\\n", " ", text)
    for line in text.split("\n"):
        m = COMMAND.search(line)
        if not m or re.search(r"\binstall\b", line[:m.start()]):
            continue
        try:
            words = shlex.split(line[m.end():], comments=True)
        except ValueError:
            words = line[m.end():].split()
        where, only, enable, i = None, None, [], 0
        while i < len(words):
            w = words[i]
            if w in ("&&", "||", ";", "|"):
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
        return where or ".", only, enable
    return None


def join_dir(base, rel):
    if not base or rel.startswith("/") or EXPRESSION.search(rel):
        return rel
    return rel if base in (".", "./") else base.rstrip("/") + "/" + rel


def cibuildwheel_steps(text):
    """[Step] of each step of a GitHub Actions workflow that runs
    cibuildwheel (the action or its command line)."""
    lines = text.split("\n")
    top = children(lines, 0, len(lines))
    env_span = next(((a, b) for k, a, b in top if k == "env"), None)
    top_env = workflow_env("\n".join(lines[env_span[0]:env_span[1]]), env_span[0] + 1) if env_span else {}
    top_workdir = working_directory(lines, (0, len(lines)))
    jobs = block(lines, 0, len(lines), "jobs")
    out = []
    for _, a, b in children(lines, *jobs) if jobs else []:
        steps = block(lines, a + 1, b, "steps")
        outside = [i for i in range(a, b) if not steps or not steps[0] - 1 <= i < steps[1]]
        job_env = workflow_env("\n".join(lines[i] if i in outside else "" for i in range(a, b)), a + 1)
        env = {**top_env, **job_env}
        workdir = working_directory(lines, (a + 1, b)) or top_workdir
        job = "\n".join(lines[a:b])
        for _, s, e in children(lines, *steps) if steps else []:
            step = "\n".join(lines[s:e])
            # The item's keys, its first one moved off the "- ".
            local = [lines[s].replace("-", " ", 1)] + lines[s + 1:e]
            if "cibuildwheel" not in step:
                for line in lines[s:e]:
                    if "GITHUB_ENV" in line:
                        env = {**env, **workflow_env(line, s + 1)}
                continue
            step_env = {**env, **workflow_env(step, s + 1)}
            if re.search(r"uses:[ \t]*['\"]?pypa/cibuildwheel@", step):
                w = block(local, 0, len(local), "with")
                inputs = {k: inline_value(local[x]) for k, x, _ in children(local, *w)} if w else {}
                out.append(Step(step_env, job, inputs.get("package-dir") or ".", inputs.get("only"), [], s + 1))
                continue
            args = command_arguments(step)
            if args is None:
                continue
            w = block(local, 0, len(local), "working-directory")
            here = inline_value(local[w[0] - 1]) if w else workdir
            out.append(Step(step_env, job, join_dir(here, args[0]), args[1], args[2], s + 1))
    return out
