"""A scikit-build-core project's CMake build, as a free-threaded build sees
it (read, never run): USE_SABI requests outside every if() block (and
before a return() made under one), and the CMake releases the build
admits.

Facts (read in the released packages' own sources):

* CMake's FindPython sets Py_GIL_DISABLED=1 as an interface compile
  definition of its Python::Module, Python::SABIModule and Python::Python
  targets when the Windows import library ends in "t.lib", from CMake
  3.30.3 (FindPython/Support.cmake; 3.30.2 has no such code).
* scikit-build-core runs the CMake on the machine when it meets the
  project's cmake.version (by default, from 0.10, the minimum of
  CMakeLists.txt's cmake_minimum_required; before, cmake.minimum-version,
  3.15), and installs the newest from PyPI only when it does not. Its
  FindPython backport (CMake 3.26's) has no such definition either.
* scikit-build-core ignores wheel.py-api = "cp3X" on a free-threaded
  interpreter from 0.9.4 (builder.py, wheel_tag.py); 0.9.3 and earlier
  request the limited API there. SKBUILD_SABI_VERSION exists from 0.11.0,
  empty on a free-threaded interpreter.
"""

import os
import re

from .common import read_text
from .versions import admits_before

CMAKE_DEFINES = (3, 30, 3)
SKBUILD_IGNORES_PY_API = (0, 9, 4)

COMMAND = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(")
USE_SABI = re.compile(r"\bUSE_SABI\s+(\d+(?:\.\d+)*)")
# FindPython's commands that take USE_SABI (command names are not case
# sensitive).
ADD_LIBRARY = ("python_add_library", "python3_add_library")
FIND_PYTHON = re.compile(r"^\s*(?:Python|Python3)\b")
MINIMUM = re.compile(r"\bVERSION\s+(\d+(?:\.\d+)*)", re.IGNORECASE)


def commands(text):
    """(lower-case name, argument text, offset of the arguments) of each
    command invocation of CMake text whose comments are blanked."""
    pos = 0
    while True:
        m = COMMAND.search(text, pos)
        if not m:
            return
        depth, i, quote = 1, m.end(), False
        while i < len(text) and depth:
            c = text[i]
            if c == "\\" and quote:
                i += 1
            elif c == '"':
                quote = not quote
            elif not quote and c == "(":
                depth += 1
            elif not quote and c == ")":
                depth -= 1
            i += 1
        yield m.group(1).lower(), text[m.end():i - 1], m.end()
        pos = i


def unguarded_sabi(text):
    """(offset, version) of each USE_SABI <literal version> of a
    Python_add_library call outside every if() block and function() or
    macro() body, and before any return() made under an if(). A block may
    test for a free-threaded or stable-ABI build in many ways
    (Python_SOABI, the Python version, a variable set from either
    elsewhere), so a request it may decide is left alone: a report is never
    made on a guess."""
    blocks = []  # the open if/function/macro blocks
    for name, args, start in commands(text):
        if name in ("if", "function", "macro"):
            blocks.append(name)
        elif name in ("endif", "endfunction", "endmacro") and blocks:
            blocks.pop()
        elif name == "return" and "if" in blocks and not {"function", "macro"} & set(blocks):
            return  # what follows runs only when the condition is false
        elif name in ADD_LIBRARY and not blocks:
            for m in USE_SABI.finditer(args):
                yield start + m.start(), m.group(1)


def find_python_at(text):
    """The offset of the first find_package(Python...) of CMake text (the
    package name), None when it does not use CMake's FindPython."""
    for name, args, start in commands(text):
        m = FIND_PYTHON.match(args) if name == "find_package" else None
        if m:
            return start + len(args) - len(args.lstrip())
    return None


def mentions_anywhere(root, word, limit=200):
    """Whether a CMakeLists.txt or *.cmake file under root (hidden and
    build folders skipped, at most limit files) mentions word."""
    seen = 0
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in ("_skbuild", "build")]
        for name in files:
            if name == "CMakeLists.txt" or name.endswith(".cmake"):
                seen += 1
                if seen > limit or word in read_text(os.path.join(folder, name)):
                    return True
    return False


def cmake_minimum(text):
    """The minimum version of cmake_minimum_required(VERSION a[...b]), None
    when there is none."""
    for name, args, _ in commands(text):
        if name == "cmake_minimum_required":
            m = MINIMUM.search(args)
            return m.group(1) if m else None
    return None


def old_cmake_admitted(scikit_build, cmake_text, at):
    """What admits a CMake release before at for the project's build (the
    [tool.scikit-build] setting or the default, and CMakeLists.txt's own
    minimum, which CMake enforces), None when one of them excludes every
    such release."""
    cmake = scikit_build.get("cmake") if isinstance(scikit_build.get("cmake"), dict) else {}
    version, minimum = cmake.get("version"), cmake.get("minimum-version")
    parts = []
    if isinstance(version, str) and version.strip() != "CMakeLists.txt":
        spec = version
        parts.append(f"cmake.version = \"{version}\"")
    elif isinstance(minimum, str):
        spec = ">=" + minimum
        parts.append(f"cmake.minimum-version = \"{minimum}\"")
    else:
        spec = ""
    required = cmake_minimum(cmake_text)
    if required:
        parts.append(f"cmake_minimum_required(VERSION {required})")
    if not admits_before(spec, at) or (required and not admits_before(">=" + required, at)):
        return None
    return " and ".join(parts) or "none declared: scikit-build-core's default, >=3.15"
