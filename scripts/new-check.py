#!/usr/bin/env python3
"""Create a new freethreading-* check: header, source, lit test, doc page and
its registration in checks/FreeThreadingTidyModule.cpp (kept sorted).

    scripts/new-check.py NAME --summary "one sentence of what it finds"

NAME is the dashed name with or without the "freethreading-" prefix. The new
check is registered and reports nothing until it is implemented; its doc page
and test say so. Nothing is overwritten: an existing file is an error.
"""

import argparse
import os
import re
import sys
from pathlib import Path

# FT_TIDY_ROOT lets the scaffold's own test work on a copy of the tree.
ROOT = Path(os.environ.get("FT_TIDY_ROOT") or Path(__file__).resolve().parent.parent)
MODULE = ROOT / "checks" / "FreeThreadingTidyModule.cpp"
PREFIX = "freethreading-"


def fail(message):
    print(f"new-check: error: {message}", file=sys.stderr)
    sys.exit(2)


def camel(stem):
    return "".join(part.capitalize() for part in stem.split("-"))


HEADER = """\
//===--- {camel}Check.h - {name} {fill}===//

#ifndef FT_TIDY_CHECKS_{guard}CHECK_H
#define FT_TIDY_CHECKS_{guard}CHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {{

/// {summary}
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/{name}.md
class {camel}Check : public ClangTidyCheck {{
public:
  {camel}Check(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {{
    return true; // C and C++ extensions alike.
  }}
}};

}} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_{guard}CHECK_H
"""

SOURCE = """\
//===--- {camel}Check.cpp - {name} {fill}===//

#include "checks/{camel}Check.h"

namespace clang::tidy::freethreading {{

{camel}Check::{camel}Check(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {{}}

}} // namespace clang::tidy::freethreading
"""

TEST = """\
// RUN: %check_ft_tidy %s {name} %t

// {name} is not implemented yet: it is registered, runs on this
// file without error and reports nothing. Replace this file with the real
// positive and negative cases when the check is implemented.

#include <Python.h>

static PyObject *sample(PyObject *self, PyObject *args) {{
  Py_RETURN_NONE;
}}
"""

DOC = """\
# {name}

> **Status: not implemented yet.** The check is registered (it appears in
> `--list-checks`), runs, and reports nothing.

{summary}

## Why it matters

(To be written with the implementation: what goes wrong on the free-threaded
build.)

## Before and after

(To be written with the implementation.)

## What it leaves alone

(To be written with the implementation.)

## Options

None yet.
"""


def replace_sorted(text, begin, end, entry_re, new_entry, key):
    """Rewrite the entries between the marker lines begin/end (each entry
    matches entry_re) with new_entry added, sorted by key()."""
    start = text.index(begin) + len(begin)
    stop = text.index(end)
    entries = re.findall(entry_re, text[start:stop], re.M)
    entries.append(new_entry)
    entries.sort(key=key)
    indent = text[text.rindex("\n", 0, stop) + 1:stop]
    return text[:start] + "\n" + "\n".join(entries) + "\n" + indent + text[stop:]


def register(stem, camel_name):
    text = MODULE.read_text()
    name = PREFIX + stem
    include = f'#include "checks/{camel_name}Check.h"'
    if include in text:
        fail(f"{name} is already registered in {MODULE.relative_to(ROOT)}")
    text = replace_sorted(text, "// BEGIN CHECK INCLUDES", "// END CHECK INCLUDES",
                          r'^#include "checks/\w+Check\.h"$', include,
                          key=lambda e: e)
    registration = (f"    CheckFactories.registerCheck<{camel_name}Check>(\n"
                    f"        \"{name}\");")
    text = replace_sorted(text, "// BEGIN CHECK REGISTRATIONS", "// END CHECK REGISTRATIONS",
                          r'^ *CheckFactories\.registerCheck<\w+>\(\n? *"[^"]+"\);',
                          registration,
                          key=lambda e: re.search(r'"([^"]+)"', e).group(1))
    MODULE.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("--summary", required=True,
                        help="one sentence: what the check finds")
    args = parser.parse_args()

    stem = args.name[len(PREFIX):] if args.name.startswith(PREFIX) else args.name
    if not re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", stem):
        fail(f"'{args.name}' is not a dashed lower-case check name")
    name = PREFIX + stem
    camel_name = camel(stem)
    summary = args.summary.strip()
    if not summary.endswith("."):
        summary += "."

    files = {
        ROOT / "checks" / f"{camel_name}Check.h": HEADER,
        ROOT / "checks" / f"{camel_name}Check.cpp": SOURCE,
        ROOT / "test" / "checks" / f"{name}.c": TEST,
        ROOT / "docs" / "checks" / f"{name}.md": DOC,
    }
    for path in files:
        if path.exists():
            fail(f"{path.relative_to(ROOT)} already exists")
    if not MODULE.exists():
        fail(f"{MODULE.relative_to(ROOT)} not found")

    fields = dict(name=name, camel=camel_name, summary=summary,
                  guard=camel_name.upper())
    for path, template in files.items():
        head = template.splitlines()[0]
        # Pad the first "//===--- ... ===//" line to 80 columns.
        fill = "-" * max(1, 80 - len(head.format(fill="", **fields)))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(template.format(fill=fill, **fields))
        print(f"created {path.relative_to(ROOT)}")
    register(stem, camel_name)
    print(f"registered {name} in {MODULE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
