"""Small helpers shared by the driver's modules: the error type, paths as
shown to the user, and running a tool to completion."""

import os
import re
import subprocess

PLUGIN_NAME = "libFreeThreadingTidy.so"
GIL_CHECK = "freethreading-missing-mod-gil"
GIL_NOT_USED = "Py_MOD_GIL_NOT_USED"
PARSE_ERROR_CHECK = "clang-diagnostic-error"


class FtError(Exception):
    """A usage or tool error: printed as one line, exit status 2."""


def norm(path, base=None):
    """The real absolute path, relative paths taken from base when given."""
    if base and not os.path.isabs(path):
        path = os.path.join(base, path)
    return os.path.realpath(path)


def display(path):
    """A path as shown to the user: relative to the current directory when under it."""
    cwd = os.path.realpath(os.getcwd())
    if path == cwd:
        return "."
    if path.startswith(cwd + os.sep):
        return path[len(cwd) + 1:]
    return path


def is_under(path, root):
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def first_line(text):
    """The first non-blank line of text, stripped ('' if none)."""
    for line in (text or "").splitlines():
        if line.strip():
            return line.strip()
    return ""


def read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def ere_escape(text):
    """Escape text for llvm::Regex (POSIX extended)."""
    return re.sub(r"([.\[\]()*+?{}|^$\\])", r"\\\1", text)


def plural(n, word):
    return f"{n} {word}{'s' if n != 1 else ''}"


def run(cmd, **kw):
    """Run a tool to completion, capturing its output as text."""
    try:
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, errors="replace", **kw)
    except OSError as e:
        raise FtError(f"cannot run {cmd[0]}: {e.strerror}")
