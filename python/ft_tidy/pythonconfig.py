"""The Python whose headers are used: its include directories and the -D
macros of its compiler flags, asked of the interpreter once."""

import json
import os
import shlex
import shutil
from dataclasses import dataclass, field
from typing import List

from .common import FtError, first_line, run

PYTHON_PROBE = r"""
import json, sys, sysconfig
paths = sysconfig.get_paths()
print(json.dumps({
    "version": "%d.%d" % sys.version_info[:2],
    "include": paths.get("include") or sysconfig.get_config_var("INCLUDEPY") or "",
    "platinclude": paths.get("platinclude") or "",
    "cflags": " ".join(str(sysconfig.get_config_var(v) or "") for v in ("CFLAGS", "CPPFLAGS")),
    "gil_disabled": bool(sysconfig.get_config_var("Py_GIL_DISABLED")),
    "executable": sys.executable,
}))
"""


@dataclass
class PythonConfig:
    version: str
    include: str
    platinclude: str
    cflags: str
    gil_disabled: bool
    executable: str
    flags: List[str] = field(default_factory=list)  # -I and -D for the compiler


def compiler_flags(include, platinclude, cflags):
    """-I of the include directories, then the -D macros of CFLAGS/CPPFLAGS
    (_FORTIFY_SOURCE left out: it warns without optimization)."""
    flags = []
    for d in (include, platinclude):
        if d and f"-I{d}" not in flags:
            flags.append(f"-I{d}")
    for tok in shlex.split(cflags or ""):
        if tok.startswith("-D") and len(tok) > 2 and tok not in flags \
                and not tok.startswith("-D_FORTIFY_SOURCE"):
            flags.append(tok)
    return flags


def parse_probe(stdout):
    """The PythonConfig of the probe's output (its last line), or None."""
    try:
        info = json.loads(stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return None
    config = PythonConfig(version=str(info.get("version") or ""),
                          include=info.get("include") or "",
                          platinclude=info.get("platinclude") or "",
                          cflags=info.get("cflags") or "",
                          gil_disabled=bool(info.get("gil_disabled")),
                          executable=info.get("executable") or "")
    config.flags = compiler_flags(config.include, config.platinclude, config.cflags)
    return config


def python_config(exe):
    """Ask the interpreter exe (a path or a name on PATH) for its configuration."""
    exe_path = exe if os.sep in exe else shutil.which(exe)
    if not exe_path or not os.path.isfile(exe_path):
        raise FtError(f"Python interpreter not found: {exe}")
    res = run([exe_path, "-c", PYTHON_PROBE])
    config = parse_probe(res.stdout)
    if config is None:
        raise FtError(f"{exe_path} did not report its configuration: "
                      f"{first_line(res.stderr) or 'no output'}")
    if not os.path.isfile(os.path.join(config.include, "Python.h")):
        raise FtError(f"no Python headers: Python.h not found in {config.include or '(no include dir)'} "
                      f"(Python {config.version} at {config.executable}; "
                      f"install python{config.version}-dev, or choose another "
                      f"interpreter with --python)")
    return config
