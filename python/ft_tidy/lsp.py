"""ft-tidy lsp: a language server over stdio that runs beside clangd.

    ft-tidy lsp [options]

The options are the command line's (-p DIR, --python, -I, -D, --checks,
--compat-header, --plugin, --clang-tidy ...); a client may add more in
initializationOptions {"args": [...]}. When a C or C++ source is opened or
saved, the server runs the checks on the file as it is on disk, with the
flags the command line would use, and publishes the findings of that file
and of the project headers it includes. Each finding with a fix-it gets a
quick fix (a code action with the fix's text edits) as long as the file is
unchanged on disk since it was checked. The declaration of
Py_MOD_GIL_NOT_USED is never offered here: whether a module is ready is
judged over all of its files, which `ft-tidy --fix` does. The build
configuration's findings (buildconfig.py) of the checked source's project
are published on its build files, and opening or saving a build file
(BUILD_FILES) shows them for the project in its directory; a setup.py fix
is a quick fix with the imports it needs.

A failure (a file ft-tidy cannot check, a clang-tidy crash) is a log
message and an error diagnostic at the top of the file, never the end of
the server. Protocol: LSP 3.17, JSON-RPC with Content-Length framing."""

import bisect
import json
import os
import sys
import tempfile
import threading
import urllib.parse
import urllib.request

from . import VERSION
from .buildconfig import check_build, enabled_rules, restricted
from .buildsetup import planned_edits
from .clangtidy import Runner, module_remark
from .common import GIL_CHECK, GIL_NOT_USED, PARSE_ERROR_CHECK, FtError, norm
from .fixes import exported_edits, offset_to_line_col
from .pipeline import Scope, checks_to_run, compile_db_units, derived_units
from .project import SOURCE_EXTENSIONS, Project, find_sources, project_roots
from .pythonconfig import python_config
from .toolchain import find_tools_for

SEVERITY = {"error": 1, "warning": 2, "remark": 3, "note": 3}
# Files whose opening or saving shows the build configuration's findings.
BUILD_FILES = ("setup.py", "setup.cfg", "pyproject.toml", "meson.build", "CMakeLists.txt",
               "cibuildwheel.toml")
BUILD_RULE_PREFIX = "freethreading-build-"
# Requests the server answers with an error (method not found) rather than
# ignoring: everything it does not know. Notifications it does not know are
# dropped, as the protocol says.
METHOD_NOT_FOUND = -32601
INVALID_PARAMS = -32602
SERVER_NOT_INITIALIZED = -32002


# --- Framing --------------------------------------------------------------

def read_message(stream):
    """The next message of stream (bytes), or None at its end."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        line = line.strip()
        if not line:
            if length is None:
                continue  # a stray blank line between messages
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    body = stream.read(length)
    if len(body) < length:
        return None
    return json.loads(body.decode("utf-8"))


def write_message(stream, message, lock):
    body = json.dumps(message, ensure_ascii=False).encode("utf-8")
    with lock:
        stream.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stream.flush()


# --- Positions ------------------------------------------------------------

def path_of(uri):
    parsed = urllib.parse.urlparse(uri)
    if parsed.scheme != "file":
        return None
    return norm(urllib.request.url2pathname(urllib.parse.unquote(parsed.path)))


def uri_of(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class FileText:
    """A file's bytes, to turn clang's positions (1-based line, 1-based byte
    column; byte offsets) into the protocol's (0-based line, UTF-16 units)."""

    def __init__(self, path):
        try:
            with open(path, "rb") as f:
                self.data = f.read()
        except OSError:
            self.data = b""
        self.starts = [0]
        for i, b in enumerate(self.data):
            if b == 0x0A:
                self.starts.append(i + 1)

    def line_bytes(self, line):
        if line >= len(self.starts):
            return b""
        end = self.starts[line + 1] - 1 if line + 1 < len(self.starts) else len(self.data)
        return self.data[self.starts[line]:end]

    def units(self, line, byte_col):
        """UTF-16 units before byte byte_col of 0-based line."""
        prefix = self.line_bytes(line)[:max(byte_col, 0)]
        return len(prefix.decode("utf-8", "replace").encode("utf-16-le")) // 2

    def position(self, line1, col1):
        """The protocol position of clang's line:col (1-based)."""
        line = max(line1 - 1, 0)
        return {"line": line, "character": self.units(line, col1 - 1)}

    def offset_position(self, offset):
        line = max(0, bisect.bisect_right(self.starts, offset) - 1)
        return {"line": line, "character": self.units(line, offset - self.starts[line])}

    def word_end(self, line1, col1):
        """The end of the identifier (or the character) at line:col."""
        text = self.line_bytes(line1 - 1)
        i = col1 - 1
        j = i
        while j < len(text) and (chr(text[j]).isalnum() or text[j] == 0x5F):
            j += 1
        if j == i:
            j = min(i + 1, len(text)) if i < len(text) else i
        return {"line": line1 - 1, "character": self.units(line1 - 1, j)}


# --- Linting --------------------------------------------------------------

class Linter:
    """Runs the checks on one file as the command line would."""

    def __init__(self, options, root, log):
        self.options = options
        self.root = root
        self.log = log
        self.toolchain = find_tools_for(options, root, enabled_rules(options.checks))
        self.toolchain.plugin = norm(self.toolchain.plugin)
        self.python = None

    def units_of(self, path):
        sources, explicit = find_sources([path])
        roots = project_roots([path], sources)
        cwd = os.path.dirname(path)
        if self.options.compile_db:
            return compile_db_units(self.options, [path], explicit, roots, cwd), roots
        if self.python is None:
            self.python = python_config(self.options.python or sys.executable)
        projects = [Project(r, lambda msg: self.log(f"warning: {msg}")) for r in roots]
        return derived_units(self.options, Scope(sources, explicit, roots, projects),
                             self.python, cwd), roots

    def lint(self, path):
        """(diagnostics, edits by diagnostic key, tool error or None)."""
        units, roots = self.units_of(path)
        if not units:
            raise FtError(f"{path} is not a C or C++ source")
        runner = Runner(self.toolchain, checks_to_run(self.options.checks, self.toolchain.enabled),
                        self.options.compat_header, roots, 1, True)
        with tempfile.TemporaryDirectory(prefix="ft-tidy-lsp-") as tmp:
            export = os.path.join(tmp, "fixes.yaml")
            result = runner.run_unit(units[0], export)
            exported = exported_edits(export) if os.path.exists(export) else {}
        # Keyed as the diagnostics are (Diag.key(): line and byte column),
        # as fixes.fixed_diags matches them for --fix.
        cache = {}
        edits = {(f, *offset_to_line_col(f, off, cache), name, msg): e
                 for (f, off, name, msg), e in exported.items()}
        # missing-mod-gil's remarks naming init functions are the driver's.
        diags = [d for d in result.diags if module_remark(d) is None]
        if GIL_CHECK not in self.toolchain.enabled:
            diags = [d for d in diags if d.check != GIL_CHECK]
        return diags, edits, result.tool_error

    def build(self, path):
        """The build-configuration findings (buildconfig.py) of the project
        holding path, a source or a build file, and the edits of each
        fixable one with the imports it needs, as (file, byte offset,
        length, text). For a source, only its own #define is read."""
        rules = enabled_rules(self.options.checks)
        if not rules:
            return [], {}
        scan = path if path.lower().endswith(SOURCE_EXTENSIONS) else os.path.dirname(path)
        sources, _ = find_sources([scan])
        roots = project_roots([scan], sources)
        projects = [Project(r, lambda msg: None) for r in roots]
        check = restricted(check_build(projects, sources), rules)
        fixes = {}
        for d, (edits, modules) in check.fixes.items():
            planned, _ = planned_edits(d.file, edits, modules)
            if planned:
                fixes[d] = [(e.path, e.start, e.end - e.start, e.text) for e in reversed(planned)]
        return check.findings, fixes


# --- The server -----------------------------------------------------------

class Server:
    def __init__(self, argv, root, reader, writer):
        from .cli import parse_args
        self.parse_args = parse_args
        self.argv = list(argv)
        self.options = parse_args(self.argv)
        if self.options.paths:
            raise FtError("ft-tidy lsp takes no PATH: the client names the files")
        self.linter_error = None
        self.root = root
        self.reader = reader
        self.writer = writer
        self.lock = threading.Lock()
        self.linter = None
        self.initialized = False
        self.shutdown = False
        # uri -> [(diagnostic as published, edits or None)]
        self.published = {}
        # uri -> the files one lint published for, to clear them next time
        self.reach = {}
        # path -> (mtime, size) when it was checked
        self.stamps = {}

    # Output
    def send(self, message):
        write_message(self.writer, message, self.lock)

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def log(self, text, kind=3):
        self.notify("window/logMessage", {"type": kind, "message": f"ft-tidy: {text}"})

    # Loop
    def serve(self):
        while True:
            try:
                msg = read_message(self.reader)
            except (ValueError, UnicodeDecodeError) as e:
                self.log(f"unreadable message: {e}", 1)
                continue
            if msg is None:
                return 0 if self.shutdown else 1
            if not isinstance(msg, dict):
                continue
            method, ident = msg.get("method"), msg.get("id")
            if method == "exit":
                return 0 if self.shutdown else 1
            try:
                result = self.dispatch(method, msg.get("params") or {}, ident)
            except Exception as e:  # one bad request never ends the server
                self.log(f"internal error on {method}: {e.__class__.__name__}: {e}", 1)
                if ident is not None:
                    self.send({"jsonrpc": "2.0", "id": ident,
                               "error": {"code": -32603, "message": str(e)}})
                continue
            if ident is not None and method is not None:
                if isinstance(result, tuple):  # an error
                    self.send({"jsonrpc": "2.0", "id": ident,
                               "error": {"code": result[0], "message": result[1]}})
                else:
                    self.send({"jsonrpc": "2.0", "id": ident, "result": result})

    def dispatch(self, method, params, ident):
        if method == "initialize":
            return self.initialize(params)
        if not self.initialized and ident is not None and method != "shutdown":
            return (SERVER_NOT_INITIALIZED, "initialize first")
        if method == "initialized":
            return None
        if method == "shutdown":
            self.shutdown = True
            return None
        if method in ("textDocument/didOpen", "textDocument/didSave"):
            self.check(params.get("textDocument", {}).get("uri", ""))
            return None
        if method == "textDocument/didClose":
            uri = params.get("textDocument", {}).get("uri", "")
            for other in self.reach.pop(uri, {uri}):
                self.publish(other, [])
            return None
        if method == "textDocument/codeAction":
            return self.code_actions(params)
        if ident is not None:
            return (METHOD_NOT_FOUND, f"ft-tidy does not answer {method}")
        return None

    def initialize(self, params):
        extra = (params.get("initializationOptions") or {}).get("args") or []
        try:
            if extra:
                self.options = self.parse_args(self.argv + [str(a) for a in extra])
            self.linter = Linter(self.options, self.root, self.log)
        except FtError as e:
            # Bad options, no clang-tidy or no plugin: the server stays up,
            # says so, and shows it on every file opened.
            self.log(f"error: {e}", 1)
            self.linter_error = str(e)
        self.initialized = True
        return {"capabilities": {"textDocumentSync": {"openClose": True, "change": 0,
                                                      "save": {"includeText": False}},
                                 "codeActionProvider": {"codeActionKinds": ["quickfix"]}},
                "serverInfo": {"name": "ft-tidy", "version": VERSION}}

    # Diagnostics
    def publish(self, uri, entries):
        self.published[uri] = entries
        self.notify("textDocument/publishDiagnostics",
                    {"uri": uri, "diagnostics": [d for d, _ in entries]})

    def failure(self, uri, text):
        self.log(f"error: {text}", 1)
        diag = {"range": {"start": {"line": 0, "character": 0},
                          "end": {"line": 0, "character": 0}},
                "severity": 1, "source": "ft-tidy", "message": f"ft-tidy: {text}"}
        self.publish(uri, [(diag, None)])

    def check(self, uri):
        path = path_of(uri)
        build_file = is_build_file(path)
        if path is None or not (path.lower().endswith(SOURCE_EXTENSIONS) or build_file):
            # A header: its findings come with the sources that include it;
            # those known are shown again.
            self.publish(uri, self.published.get(uri, []))
            return
        if self.linter is None:
            self.failure(uri, self.linter_error)
            return
        try:
            diags, edits, tool_error = self.linter.lint(path) if not build_file else ([], {}, None)
            build, build_edits = self.linter.build(path)
        except FtError as e:
            self.failure(uri, str(e))
            return
        diags = diags + build
        edits = dict(edits)
        edits.update((d.key(), e) for d, e in build_edits.items())
        texts, by_uri = {}, {uri: []}
        for d in diags:
            if d.severity == "error" and d.check == PARSE_ERROR_CHECK and d.line == 0:
                d.file = path
            text = texts.setdefault(d.file, FileText(d.file))
            entry = self.protocol_diag(d, text, texts)
            fix = edits.get(d.key())
            if fix and any(GIL_NOT_USED in t for _, _, _, t in fix):
                fix = None  # the module's readiness is --fix's to judge
            by_uri.setdefault(uri_of(d.file), []).append((entry, fix))
        if tool_error:
            self.log(f"error: {tool_error}", 1)
            by_uri[uri].insert(0, ({"range": {"start": {"line": 0, "character": 0},
                                              "end": {"line": 0, "character": 0}},
                                    "severity": 1, "source": "ft-tidy",
                                    "message": f"ft-tidy: {tool_error}"}, None))
        for f in {path} | {d.file for d in diags}:
            try:
                st = os.stat(f)
                self.stamps[norm(f)] = (st.st_mtime_ns, st.st_size)
            except OSError:
                pass
        if build_file:
            # A source's own findings are its check's: only the build
            # findings there are replaced, and closing the build file does
            # not clear the source.
            for u in by_uri:
                if u != uri and not is_build_file(path_of(u)):
                    by_uri[u] = [e for e in self.published.get(u, [])
                                 if not str(e[0].get("code", "")).startswith(BUILD_RULE_PREFIX)] + by_uri[u]
            reached = {u for u in by_uri if u == uri or is_build_file(path_of(u))}
        else:
            reached = set(by_uri)
        for old in self.reach.get(uri, set()) - reached:
            self.publish(old, [])
        self.reach[uri] = reached
        for u, entries in by_uri.items():
            self.publish(u, entries)

    def protocol_diag(self, d, text, texts):
        line, col = max(d.line, 1), max(d.col, 1)
        start = text.position(line, col) if d.line else {"line": 0, "character": 0}
        end = text.word_end(line, col) if d.line else start
        out = {"range": {"start": start, "end": end},
               "severity": SEVERITY.get(d.severity, 2), "source": "ft-tidy",
               "message": d.message}
        if d.check:
            out["code"] = d.check
        related = []
        for n in d.notes:
            nt = texts.setdefault(n.file, FileText(n.file))
            pos = nt.position(max(n.line, 1), max(n.col, 1))
            related.append({"location": {"uri": uri_of(n.file),
                                         "range": {"start": pos, "end": pos}},
                            "message": n.message})
        if related:
            out["relatedInformation"] = related
        return out

    # Quick fixes
    def code_actions(self, params):
        uri = params.get("textDocument", {}).get("uri", "")
        want = params.get("range") or {}
        actions = []
        for diag, fix in self.published.get(uri, []):
            if not fix or not overlaps(diag["range"], want):
                continue
            if not all(self.unchanged(f) for f, _, _, _ in fix):
                continue  # edited since: the offsets no longer hold
            changes = {}
            texts = {}
            for f, offset, length, new in fix:
                t = texts.setdefault(f, FileText(f))
                changes.setdefault(uri_of(f), []).append(
                    {"range": {"start": t.offset_position(offset),
                               "end": t.offset_position(offset + length)},
                     "newText": new})
            actions.append({"title": f"ft-tidy: fix '{diag.get('code', '')}' here",
                            "kind": "quickfix", "diagnostics": [diag], "isPreferred": True,
                            "edit": {"changes": changes}})
        return actions

    def unchanged(self, path):
        try:
            st = os.stat(path)
        except OSError:
            return False
        return self.stamps.get(norm(path)) == (st.st_mtime_ns, st.st_size)


def is_build_file(path):
    return path is not None and os.path.basename(path) in BUILD_FILES


def overlaps(a, b):
    if not b:
        return True
    def key(p):
        return (p.get("line", 0), p.get("character", 0))
    return not (key(a["end"]) < key(b.get("start", {})) or key(b.get("end", {})) < key(a["start"]))


def serve(argv, root):
    """Runs the server on stdin/stdout with the options of argv; its exit
    status."""
    server = Server(argv, root, sys.stdin.buffer, sys.stdout.buffer)
    # Nothing else may write to stdout: it carries the protocol.
    sys.stdout = sys.stderr
    return server.serve()
