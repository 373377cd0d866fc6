"""The fixes clang-tidy exports (--export-fixes), read with a small reader
for the YAML layout clang-tidy writes, and applying them."""

import json
import os
import re
from dataclasses import dataclass, field
from typing import List, Optional

from .common import GIL_CHECK, GIL_NOT_USED, first_line, norm, run


def yaml_scalar(text):
    text = text.strip()
    if text.startswith("'") and text.endswith("'") and len(text) >= 2:
        return text[1:-1].replace("''", "'")
    if text.startswith('"') and text.endswith('"') and len(text) >= 2:
        try:
            return json.loads(text)
        except ValueError:
            return text[1:-1]
    return text


@dataclass
class ExportedDiagnostic:
    """One diagnostic of an --export-fixes file: its lines as written, and
    what the driver reads from them (the main message's fields)."""
    lines: List[str]
    name: str = ""
    message: str = ""
    file: Optional[str] = None
    offset: int = 0
    has_replacements: bool = False
    replacement_texts: List[str] = field(default_factory=list)


@dataclass
class ExportFile:
    head: List[str]                      # the lines before the first diagnostic
    diagnostics: List[ExportedDiagnostic]
    tail: List[str]                      # the lines after the last

    def text(self):
        lines = self.head + [l for d in self.diagnostics for l in d.lines] + self.tail
        return "\n".join(lines) + "\n"


def _read_diagnostic(lines):
    d = ExportedDiagnostic(lines, name=yaml_scalar(lines[0].split(":", 1)[1]))
    seen = set()
    for i, line in enumerate(lines):
        m = re.match(r"^\s*ReplacementText:\s*(.*)$", line)
        if m:
            d.replacement_texts.append(yaml_scalar(m.group(1)))
        m = re.match(r"^      (Message|FilePath|FileOffset|Replacements):\s*(.*)$", line)
        if not m or m.group(1) in seen:
            continue
        key, val = m.group(1), m.group(2)
        seen.add(key)
        if key == "Message":
            d.message = yaml_scalar(val)
        elif key == "FilePath":
            d.file = yaml_scalar(val)
        elif key == "FileOffset":
            d.offset = int(val or 0)
        else:
            d.has_replacements = val.strip() != "[]" and i + 1 < len(lines) \
                and lines[i + 1].lstrip().startswith("- ")
    return d


def parse_export(text):
    """An --export-fixes file's text as head, diagnostics and tail."""
    head, blocks, tail = [], [], []
    for line in text.splitlines():
        if tail:
            tail.append(line)
        elif line.startswith("  - DiagnosticName:"):
            blocks.append([line])
        elif not blocks:
            head.append(line)
        elif line == "..." or (line and not line.startswith(" ")):
            tail.append(line)
        else:
            blocks[-1].append(line)
    return ExportFile(head, [_read_diagnostic(b) for b in blocks], tail)


def read_export(path):
    with open(path, encoding="utf-8", errors="surrogateescape") as f:
        return parse_export(f.read())


def declares_gil_not_used(diag):
    """Whether an exported diagnostic is missing-mod-gil's declaration of
    Py_MOD_GIL_NOT_USED: a replacement writes the value (the fixes that only
    add a guard around a declaration the maintainer wrote, or that declare
    Py_MOD_GIL_USED, do not)."""
    return diag.name == GIL_CHECK and any(GIL_NOT_USED in t for t in diag.replacement_texts)


def drop_from_export(path, drop):
    """Removes the diagnostics for which drop(diagnostic) holds from one
    --export-fixes file (the file goes when none is left). Returns them."""
    export = read_export(path)
    kept = [d for d in export.diagnostics if not drop(d)]
    dropped = [d for d in export.diagnostics if drop(d)]
    if not dropped:
        return []
    if not kept:
        os.remove(path)
    else:
        export.diagnostics = kept
        with open(path, "w", encoding="utf-8", errors="surrogateescape") as f:
            f.write(export.text())
    return dropped


def count_replacements(path):
    """How many replacements an --export-fixes file holds (0 when it is
    missing)."""
    try:
        export = read_export(path)
    except OSError:
        return 0
    return sum(len(d.replacement_texts) for d in export.diagnostics)


def remove_exported(export_dir, drop):
    """Removes the diagnostics for which drop(diagnostic) holds from the fixes
    exported to export_dir. Returns the files they were for."""
    dropped = set()
    for fn in sorted(os.listdir(export_dir)):
        for d in drop_from_export(os.path.join(export_dir, fn), drop):
            if d.file:
                dropped.add(norm(d.file))
    return dropped


def hold_back_declarations(export_dir):
    """Removes missing-mod-gil's Py_MOD_GIL_NOT_USED declarations from the
    fixes exported to export_dir. Returns the files they were for."""
    return remove_exported(export_dir, declares_gil_not_used)


def exported_edits(path):
    """{(file, offset, check, message): [(file, offset, length, text)]} of
    each diagnostic with replacements in an --export-fixes file: the
    replacements of its main message (byte offsets), in the order written."""
    try:
        export = read_export(path)
    except OSError:
        return {}
    out = {}
    for d in export.diagnostics:
        if not d.has_replacements or d.file is None:
            continue
        edits, current, inside = [], None, False
        for line in d.lines:
            if line.startswith("      Replacements:"):
                inside = True
                continue
            if not inside:
                continue
            m = re.match(r"^        (- |  )(FilePath|Offset|Length|ReplacementText):\s*(.*)$", line)
            if not m:
                break  # the end of the main message's replacements
            if m.group(1) == "- ":
                current = {}
                edits.append(current)
            current[m.group(2)] = m.group(3)
        replacements = [(norm(yaml_scalar(e.get("FilePath", ""))), int(e.get("Offset", 0)),
                         int(e.get("Length", 0)), yaml_scalar(e.get("ReplacementText", "''")))
                        for e in edits]
        out.setdefault((norm(d.file), d.offset, d.name, d.message), []).extend(replacements)
    return out


def offset_to_line_col(path, offset, cache):
    if path not in cache:
        try:
            with open(path, "rb") as f:
                cache[path] = f.read()
        except OSError:
            cache[path] = b""
    data = cache[path][:offset]
    line = data.count(b"\n") + 1
    col = offset - (data.rfind(b"\n") + 1) + 1
    return line, col


def fixable_keys(path):
    """{(file, offset, check, message): replacement texts} of each diagnostic
    with replacements in an --export-fixes file (a text that spans lines is
    read up to its first line break)."""
    try:
        export = read_export(path)
    except OSError:
        return {}
    return {(d.file, d.offset, d.name, d.message): d.replacement_texts
            for d in export.diagnostics if d.has_replacements and d.file is not None}


def fixed_diags(diags, export_dir):
    """The diagnostics among diags whose fixes are in export_dir, each given
    the texts its fix writes (Diag.replacements)."""
    texts, cache = {}, {}
    for fn in os.listdir(export_dir):
        for (f, off, name, msg), written in fixable_keys(os.path.join(export_dir, fn)).items():
            fp = norm(f)
            ln, col = offset_to_line_col(fp, off, cache)
            texts.setdefault((fp, ln, col, name, msg), []).extend(written)
    fixed = [d for d in diags if d.key() in texts]
    for d in fixed:
        d.replacements = texts[d.key()]
    return fixed


def apply_fixes(apply, export_dir, what="clang-apply-replacements failed"):
    """Apply the fixes of export_dir; None, or the error to report."""
    res = run([apply, "--ignore-insert-conflict", export_dir])
    if res.returncode == 0:
        return None
    return (f"{what} (fixes may be partly applied; the report shows what is left): "
            + (first_line(res.stderr) or first_line(res.stdout)))
