"""What a setup.py asks of a free-threaded build, read from its syntax tree
(never run), and the rewrites that are certain:

* Extension(..., py_limited_api=True)  ->  py_limited_api=not sysconfig.get_config_var("Py_GIL_DISABLED")
  (the expression of CPython's porting guide);
* a ("Py_LIMITED_API", V) entry of a define_macros list  ->  the same entry
  unpacked from a list that is empty on a free-threaded interpreter;
* setup(options={"bdist_wheel": {"py_limited_api": "cp38"}})  ->  the value,
  or False (not set) on a free-threaded interpreter;
* Py_GIL_DISABLED=1 for a free-threaded interpreter on Windows, as a guarded
  define_macros entry of each Extension.

The edits are byte ranges of the file (ast columns are UTF-8 byte offsets),
with the imports they need."""

import ast
import io
import re
import tokenize
from dataclasses import dataclass, field
from typing import List, Optional

from .project import SetupReader, _called_name

GIL_VAR = "Py_GIL_DISABLED"
LIMITED_MACRO = "Py_LIMITED_API"
FT_TEST = 'sysconfig.get_config_var("Py_GIL_DISABLED")'
NOT_FT = "not " + FT_TEST
WINDOWS_FT = 'sys.platform == "win32" and ' + FT_TEST
WINDOWS_DEFINE = '("Py_GIL_DISABLED", "1")'


@dataclass
class Edit:
    """Replace bytes [start, end) of path by text."""
    path: str
    start: int
    end: int
    text: str


@dataclass
class Request:
    """One place where setup.py asks for something: a limited-API request
    (kind 'extension', 'macro', 'compile-arg' or 'bdist_wheel'), or an
    Extension call that does not define Py_GIL_DISABLED (kind 'no-gil-define')."""
    kind: str
    line: int          # 1-based
    col: int           # 1-based, in bytes
    extension: Optional[str]
    sources: List[str]
    edits: List[Edit] = field(default_factory=list)
    imports: List[str] = field(default_factory=list)  # modules the edits use
    why_no_fix: str = ""


class SetupFile:
    """A parsed setup.py: its bytes, tree, and a reader of its values."""

    def __init__(self, path, data):
        self.path = path
        self.data = data
        self.tree = ast.parse(data, path)
        self.reader = SetupReader(self.tree)
        self.reader.visit(self.tree)
        # Lines as Python counts them: \r\n, \r and \n all end one.
        self.line_starts = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", data)]
        self.newline = "\r\n" if b"\r\n" in data else "\n"
        # ast's columns are UTF-8 byte offsets of the decoded text: edits are
        # made only where those are the file's own bytes.
        self.utf8 = tokenize.detect_encoding(io.BytesIO(data).readline)[0] == "utf-8"
        self.setup_calls = [n for n in ast.walk(self.tree)
                            if isinstance(n, ast.Call) and _called_name(n) == "setup"]
        self.parents = {c: p for p in ast.walk(self.tree) for c in ast.iter_child_nodes(p)}
        bound = {}
        for node in ast.walk(self.tree):
            targets = node.targets if isinstance(node, ast.Assign) else \
                [node.target] if isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For)) else []
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        bound.setdefault(n.id, []).append(getattr(node, "value", None))
        # Names bound more than once (under an if, in a loop...): their value
        # cannot be read from one binding.
        self.rebound = {k for k, v in bound.items() if len(v) > 1}
        # Names bound to something that tests for a free-threaded build
        # (FT = sysconfig.get_config_var("Py_GIL_DISABLED"), and names bound
        # to expressions of those).
        self.ft_names = set()
        while True:
            more = {k for k, vs in bound.items() if k not in self.ft_names and any(
                v is not None and self.tests_ft(v) for v in vs)}
            if not more:
                break
            self.ft_names |= more

    def tests_ft(self, node):
        """Whether node names Py_GIL_DISABLED, or a name bound to a test of it."""
        return mentions(node, GIL_VAR) or any(
            isinstance(n, ast.Name) and n.id in self.ft_names for n in ast.walk(node))

    def under_ft_test(self, node):
        """Whether node is in a branch of an if or a conditional expression
        whose test is about a free-threaded build."""
        while node in self.parents:
            parent = self.parents[node]
            if isinstance(parent, (ast.If, ast.IfExp)) and node is not parent.test \
                    and self.tests_ft(parent.test):
                return True
            node = parent
        return False

    def offset(self, line, col):
        return self.line_starts[line - 1] + col

    def span(self, node):
        return (self.offset(node.lineno, node.col_offset),
                self.offset(node.end_lineno, node.end_col_offset))

    def text(self, node):
        start, end = self.span(node)
        return self.data[start:end].decode("utf-8", "replace")

    def replace(self, node, text):
        start, end = self.span(node)
        return Edit(self.path, start, end, text)

    def imports(self, *modules):
        """Edits adding 'import M' for each module the file does not import
        before its first statement that is not an import: at the top, after
        the docstring and 'from __future__' imports (so before every use,
        and after a shebang or coding line, which are comments). None when
        there is no such place (a statement sharing the docstring's line)."""
        body = self.tree.body
        head = 0
        while head < len(body) and (
                (head == 0 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                 and isinstance(body[0].value.value, str))
                or (isinstance(body[head], ast.ImportFrom) and body[head].module == "__future__")):
            head += 1
        have = set()
        for node in body[head:]:
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                break
            if isinstance(node, ast.Import):
                have.update(a.name for a in node.names if a.asname is None)
        missing = [m for m in modules if m not in have]
        if not missing:
            return []
        text = "".join(f"import {m}{self.newline}" for m in missing)
        if head == len(body):
            at = len(self.data)
            if self.data and not self.data.endswith((b"\n", b"\r")):
                text = self.newline + text
        else:
            nxt = body[head]
            if head and nxt.lineno == body[head - 1].end_lineno or nxt.col_offset != 0:
                return None
            at = self.line_starts[nxt.lineno - 1]
        return [Edit(self.path, at, at, text)]

    def value(self, node):
        """The literal value of node (names bound once followed), None when
        it cannot be read or uses a name bound more than once."""
        if any(isinstance(n, ast.Name) and n.id in self.rebound for n in ast.walk(node)):
            return None
        try:
            return self.reader.value(node)
        except (ValueError, SyntaxError, TypeError, RecursionError):
            return None


def mentions(node, text):
    """Whether a string constant or a name under node contains text."""
    for n in ast.walk(node):
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and text in n.value:
            return True
        if isinstance(n, ast.Name) and text in n.id:
            return True
    return False


def keyword(call, name):
    return next((k for k in call.keywords if k.arg == name), None)


def macro_name(setup, elt):
    """The macro an element of a define_macros list defines, or None."""
    if isinstance(elt, (ast.Tuple, ast.List)) and elt.elts:
        name = setup.value(elt.elts[0])
        return name if isinstance(name, str) else None
    return None


def opaque_arguments(call):
    """Why a keyword cannot be added to call safely (**kwargs or *args may
    already pass it; a fourth positional argument is define_macros), or ''."""
    if any(k.arg is None for k in call.keywords):
        return "the call passes **keywords, which may hold define_macros"
    if any(isinstance(a, ast.Starred) for a in call.args):
        return "the call passes *arguments, which may hold define_macros"
    if len(call.args) >= 4:
        return "define_macros is passed by position"
    return ""


def extension_requests(setup, call, sources, name):
    """The limited-API requests of one Extension call (none in a branch
    taken only on one kind of build), and a 'no-gil-define' request when it
    defines no Py_GIL_DISABLED."""
    out = []
    limited = not setup.under_ft_test(call)
    kw = keyword(call, "py_limited_api")
    if limited and kw is not None and not setup.tests_ft(kw.value) and setup.value(kw.value):
        r = Request("extension", kw.value.lineno, kw.value.col_offset + 1, name, sources)
        if isinstance(kw.value, ast.Constant) and kw.value.value is True:
            r.edits, r.imports = [setup.replace(kw.value, NOT_FT)], ["sysconfig"]
        else:
            r.why_no_fix = "its value is not the literal True"
        out.append(r)
    macros = keyword(call, "define_macros")
    macros_node = macros.value if macros is not None else \
        call.args[3] if len(call.args) >= 4 and not isinstance(call.args[3], ast.Starred) else None
    if limited and macros_node is not None:
        out += macro_requests(setup, macros_node, sources, name, positional=macros is None)
    args = keyword(call, "extra_compile_args")
    if limited and args is not None and isinstance(setup.value(args.value), list):
        for a in setup.value(args.value):
            if isinstance(a, str) and a.lstrip("-/").startswith("D" + LIMITED_MACRO):
                out.append(Request("compile-arg", args.value.lineno, args.value.col_offset + 1,
                                   name, sources,
                                   why_no_fix="a compiler argument is not rewritten"))
                break
    defines_gil = (macros_node is not None and mentions(macros_node, GIL_VAR)) or \
        (args is not None and mentions(args.value, GIL_VAR))
    if not defines_gil:
        out.append(gil_define_request(setup, call, macros, sources, name))
    return out


def macro_requests(setup, node, sources, name, positional=False):
    """Py_LIMITED_API entries of a define_macros value."""
    out = []
    if isinstance(node, (ast.List, ast.Tuple)):
        for elt in node.elts:
            if macro_name(setup, elt) == LIMITED_MACRO and not setup.under_ft_test(elt):
                r = Request("macro", elt.lineno, elt.col_offset + 1, name, sources)
                if isinstance(node, ast.List):
                    r.edits = [setup.replace(elt, f"*([{setup.text(elt)}] if {NOT_FT} else [])")]
                    r.imports = ["sysconfig"]
                else:
                    r.why_no_fix = "define_macros is a tuple, not a list"
                out.append(r)
        return out
    value = setup.value(node)
    if isinstance(value, list) and not setup.tests_ft(node) and any(
            isinstance(m, list) and m[:1] == [LIMITED_MACRO] for m in value):
        out.append(Request("macro", node.lineno, node.col_offset + 1, name, sources,
                           why_no_fix="define_macros is not written out in the call"))
    return out


def gil_define_request(setup, call, macros, sources, name):
    """The 'no-gil-define' request of an Extension call, with the guarded
    define_macros entry as its edit where the call's text allows it."""
    r = Request("no-gil-define", call.lineno, call.col_offset + 1, name, sources)
    guarded = f"*([{WINDOWS_DEFINE}] if {WINDOWS_FT} else [])"
    r.why_no_fix = opaque_arguments(call) if macros is None else ""
    if r.why_no_fix:
        return r
    if macros is None:
        last = (call.args + [k.value for k in call.keywords])[-1:]
        if not last:
            r.why_no_fix = "the call has no argument to add define_macros after"
            return r
        end = setup.span(last[0])[1]
        r.edits = [Edit(setup.path, end, end, f", define_macros=[{guarded}]")]
    elif isinstance(macros.value, ast.List):
        elts = macros.value.elts
        if elts:
            end = setup.span(elts[-1])[1]
            r.edits = [Edit(setup.path, end, end, f", {guarded}")]
        else:
            r.edits = [setup.replace(macros.value, f"[{guarded}]")]
    else:
        r.why_no_fix = "define_macros is not a list written out in the call"
        return r
    r.imports = ["sys", "sysconfig"]
    return r


def bdist_wheel_requests(setup):
    """setup(options={"bdist_wheel": {"py_limited_api": V}}) with V set."""
    out = []
    for call in setup.setup_calls:
        kw = keyword(call, "options")
        if kw is None or not isinstance(kw.value, ast.Dict):
            continue
        for k, v in zip(kw.value.keys, kw.value.values):
            if k is None or setup.value(k) != "bdist_wheel" or not isinstance(v, ast.Dict):
                continue
            for k2, v2 in zip(v.keys, v.values):
                if k2 is None or setup.value(k2) not in ("py_limited_api", "py-limited-api"):
                    continue
                if setup.tests_ft(v2) or setup.under_ft_test(v2) or not setup.value(v2):
                    continue
                r = Request("bdist_wheel", v2.lineno, v2.col_offset + 1, None, [])
                r.edits = [setup.replace(v2, f"{setup.text(v2)} if {NOT_FT} else False")]
                r.imports = ["sysconfig"]
                out.append(r)
    return out


def setup_requests(path, data, root, norm):
    """Every request of a setup.py (SyntaxError/ValueError when it does not
    parse). norm(path, root) makes a source path absolute."""
    setup = SetupFile(path, data)
    out = []
    for call in setup.reader.calls:
        args = setup.reader.arguments(call)
        name = args.get("name") if isinstance(args.get("name"), str) else None
        srcs = args.get("sources") if isinstance(args.get("sources"), list) else []
        sources = [norm(s, root) for s in srcs if isinstance(s, str)]
        out += extension_requests(setup, call, sources, name)
    out += bdist_wheel_requests(setup)
    if not setup.utf8:
        for r in out:
            if r.edits:
                r.edits, r.imports = [], []
                r.why_no_fix = "setup.py is not plain UTF-8 (a byte-order mark or another coding)"
    return out


def planned_edits(path, edits, modules):
    """(the edits, deduplicated and with the imports of modules, last first;
    the file's bytes once they are made), or (None, why they cannot be: a
    file that cannot be read again, overlapping edits, a result that does
    not parse)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
        setup = SetupFile(path, data)
    except (OSError, SyntaxError, ValueError) as e:
        return None, f"not read again ({e.__class__.__name__})"
    imports = setup.imports(*modules)
    if imports is None:
        return None, "no place for the imports the fixes need"
    unique = {(e.start, e.end, e.text): e for e in edits}
    unique.update({(e.start, e.end, e.text): e for e in imports})
    ordered = sorted(unique.values(), key=lambda e: (e.start, e.end), reverse=True)
    for later, earlier in zip(ordered, ordered[1:]):
        if earlier.end > later.start:
            return None, "two fixes overlap"
    for e in ordered:
        if e.end > len(data):
            return None, "the file changed"
        data = data[:e.start] + e.text.encode("utf-8") + data[e.end:]
    try:
        ast.parse(data, path)
    except (SyntaxError, ValueError) as e:
        return None, f"the fixed file would not parse ({e.__class__.__name__}: {e}); nothing changed"
    return ordered, data


def apply_edits(path, edits, modules):
    """Write path with edits (deduplicated) and the imports of modules
    added. Returns None, or why nothing was written (overlapping edits, a
    result that does not parse, a file that changed or cannot be written)."""
    ordered, data = planned_edits(path, edits, modules)
    if ordered is None:
        return data
    try:
        with open(path, "wb") as f:
            f.write(data)
    except OSError as e:
        return f"cannot write it: {e.strerror}"
    return None
