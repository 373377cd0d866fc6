"""The reports: text (the compiler's format and a summary), JSON and SARIF
2.1.0 (as GitHub code scanning reads it)."""

import json
import os
import urllib.parse
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from . import VERSION
from .buildconfig import BUILD_RULES, FT_WHEELS
from .common import PARSE_ERROR_CHECK, display, is_under, plural, read_text
from .pipeline import Outcome

CLANG_TIDY_DOCS = "https://clang.llvm.org/extra/clang-tidy/"


@dataclass
class Count:
    left: int = 0
    fixed: int = 0


@dataclass
class Summary:
    findings: int
    fixed: int
    parse_errors: int
    by_check: Dict[str, Count]   # sorted by check
    by_file: Dict[str, Count]    # sorted by displayed path

    def as_json(self):
        return {"findings": self.findings, "fixed": self.fixed, "parse_errors": self.parse_errors,
                "by_check": {k: {"left": c.left, "fixed": c.fixed} for k, c in self.by_check.items()},
                "by_file": {k: {"left": c.left, "fixed": c.fixed} for k, c in self.by_file.items()}}


def summarize(diags, fixed, parse_errors):
    by_check, by_file = {}, {}
    for d in diags:
        by_check.setdefault(d.check, Count()).left += 1
        by_file.setdefault(display(d.file), Count()).left += 1
    for d in fixed:
        by_check.setdefault(d.check, Count()).fixed += 1
        by_file.setdefault(display(d.file), Count()).fixed += 1
    return Summary(len(diags), len(fixed), len(parse_errors),
                   dict(sorted(by_check.items())), dict(sorted(by_file.items())))


@dataclass
class Report:
    """Everything a report shows: the outcome of the run and the tools."""
    outcome: Outcome
    fix: bool
    clang_tidy: str
    major: int
    plugin: str
    enabled: List[str]
    srcroot: str               # SARIF: URIs are relative to it
    docs_url: Optional[str] = None   # SARIF: base URL of the check pages
    docs_dir: Optional[str] = None   # the local check pages, if any
    exit_status: int = 0
    summary: Summary = field(init=False)

    def __post_init__(self):
        o = self.outcome
        self.summary = summarize(o.diags, o.fixed, o.parse_errors)


def text_report(r):
    o, s = r.outcome, r.summary
    out = []
    for d in o.diags:
        out.append(f"{display(d.file)}:{d.line}:{d.col}: {d.severity}: {d.message} [{d.check}]")
        for n in d.notes:
            out.append(f"{display(n.file)}:{n.line}:{n.col}: note: {n.message}")
    for src, d in sorted(o.parse_errors.items()):
        where = f"{display(d.file)}:{d.line}:{d.col}: " if d.line else ""
        out.append(f"{display(src)}: does not parse, its findings may be incomplete: {where}error: {d.message}")
    if out:
        out.append("")
    head = f"ft-tidy: {plural(len(o.sources), 'file')} checked, {plural(s.findings, 'finding')} left"
    if r.fix:
        head += f", {s.fixed} fixed"
    if s.parse_errors:
        head += f", {plural(s.parse_errors, 'file')} did not parse"
    out.append(head)

    def counts(title, table):
        out.append(title)
        w = max(len(k) for k in table)
        for k, n in table.items():
            out.append(f"  {k:<{w}}  {n.left:>4} left" + (f"  {n.fixed:>4} fixed" if r.fix else ""))

    if s.by_check:
        counts("by check:", s.by_check)
        counts("by file:", s.by_file)
    if o.modules:
        out.append("extension modules:")
        for m in o.modules:
            word = {"ready": "ready", "blocked": "blocked", "not-analysed": "not analysed"}[m.status]
            out.append(f"  {m.name} ({', '.join(m.files)}): {word}: {m.reason}")
    if o.other_files:
        out.append("files in no extension module: " + ", ".join(display(f) for f in o.other_files))
    if o.info:
        out.append("build configuration:")
        for d in o.info:
            out.append(f"  {display(d.file)}:{d.line}: {d.message} [{d.check}]")
    return "\n".join(out) + "\n"


def json_report(r):
    o = r.outcome
    return json.dumps({
        "version": 1,
        "tool": {"name": "ft-tidy", "version": VERSION, "clang_tidy": r.clang_tidy,
                 "llvm_major": r.major, "plugin": r.plugin},
        "checks": r.enabled,
        "files": [display(s) for s in o.sources],
        "findings": [d.as_json() for d in o.diags],
        "fixed": [dict(d.as_json(), replacements=d.replacements) for d in o.fixed],
        "parse_errors": [{"file": display(src), "error": d.as_json()}
                         for src, d in sorted(o.parse_errors.items())],
        "summary": r.summary.as_json(),
        "modules": [m.as_json() for m in o.modules],
        "other_files": [display(f) for f in o.other_files],
        "build_info": [d.as_json() for d in o.info],
        "exit_status": r.exit_status,
    }, indent=2) + "\n"


def find_docs_dir(root):
    """The check pages of a checkout (docs/checks) or an install prefix
    (share/doc/ft-tidy/checks) at root, or None."""
    for d in (os.path.join(root, "docs", "checks"),
              os.path.join(root, "share", "doc", "ft-tidy", "checks")):
        if os.path.isdir(d):
            return d
    return None


def file_uri(path):
    return "file://" + urllib.parse.quote(path)


def docs_base_uri(docs_url, docs_dir):
    """Where the check pages are: --docs-url, else the local directory."""
    if docs_url:
        return docs_url.rstrip("/") + "/"
    return file_uri(docs_dir) + "/" if docs_dir else CLANG_TIDY_DOCS


def rule_help(check, docs_url, docs_dir):
    """(helpUri, markdown text or None) for a check."""
    if check.startswith("freethreading-"):
        # The build configuration's rules have their pages in docs/build,
        # beside docs/checks.
        rel = f"../build/{check}.md" if check in BUILD_RULES else f"{check}.md"
        page = os.path.normpath(os.path.join(docs_dir, rel)) if docs_dir else None
        text = read_text(page) if page and os.path.isfile(page) else None
        if docs_url:
            return urllib.parse.urljoin(docs_url.rstrip("/") + "/", rel), text
        return (file_uri(page) if page else CLANG_TIDY_DOCS), text
    if check.startswith("clang-diagnostic"):
        return "https://clang.llvm.org/docs/DiagnosticsReference.html", None
    group, _, rest = check.partition("-")
    return f"https://clang.llvm.org/extra/clang-tidy/checks/{group}/{rest}.html", None


def sarif_rule(rid, docs_url, docs_dir):
    uri, text = rule_help(rid, docs_url, docs_dir)
    rule = {"id": rid, "name": rid, "helpUri": uri,
            "shortDescription": {"text": rid},
            "defaultConfiguration": {"level": "error" if rid == PARSE_ERROR_CHECK
                                     else "note" if rid == FT_WHEELS else "warning"}}
    if text:
        # The page's first plain paragraph (not the title, not a note).
        paras = [" ".join(p.split()) for p in text.split("\n\n")]
        para = next((p for p in paras if p and not p.startswith(("#", ">"))), rid)
        rule["shortDescription"] = {"text": para.split(". ")[0].rstrip(".") + "."}
        rule["fullDescription"] = {"text": para}
        rule["help"] = {"text": text, "markdown": text}
    return rule


def sarif_location(path, line, col, srcroot, message=None):
    """A SARIF location: relative to SRCROOT when under srcroot (which ends
    with a separator), else an absolute file URI."""
    if is_under(path, srcroot.rstrip(os.sep)):
        art = {"uri": urllib.parse.quote(os.path.relpath(path, srcroot)), "uriBaseId": "SRCROOT"}
    else:
        art = {"uri": file_uri(path)}
    loc = {"physicalLocation": {"artifactLocation": art,
                                "region": {"startLine": max(1, line), "startColumn": max(1, col)}}}
    if message:
        loc["message"] = {"text": message}
    return loc


def sarif_report(r):
    o = r.outcome
    srcroot = r.srcroot.rstrip(os.sep) + os.sep
    rule_ids = sorted(set(r.enabled) | {d.check for d in o.diags + o.info}
                      | ({PARSE_ERROR_CHECK} if o.parse_errors else set()))
    rules = [sarif_rule(rid, r.docs_url, r.docs_dir) for rid in rule_ids]
    index = {rule["id"]: i for i, rule in enumerate(rules)}

    results = []
    for d in o.diags:
        res = {"ruleId": d.check, "ruleIndex": index[d.check],
               "level": "error" if d.severity == "error" else "warning",
               "message": {"text": d.message},
               "locations": [sarif_location(d.file, d.line, d.col, srcroot)]}
        if d.notes:
            res["relatedLocations"] = [dict(sarif_location(n.file, n.line, n.col, srcroot, n.message), id=i)
                                       for i, n in enumerate(d.notes)]
        results.append(res)
    for d in o.info:
        results.append({"ruleId": d.check, "ruleIndex": index[d.check], "level": "note",
                        "message": {"text": d.message},
                        "locations": [sarif_location(d.file, d.line, d.col, srcroot)]})
    for src, d in sorted(o.parse_errors.items()):
        results.append({"ruleId": PARSE_ERROR_CHECK, "ruleIndex": index[PARSE_ERROR_CHECK],
                        "level": "error",
                        "message": {"text": f"{display(src)} does not parse; its findings may be incomplete: {d.message}"},
                        "locations": [sarif_location(d.file, d.line, d.col, srcroot)]})
    run = {
        "tool": {"driver": {"name": "ft-tidy", "version": VERSION, "semanticVersion": VERSION,
                            "informationUri": docs_base_uri(r.docs_url, r.docs_dir),
                            "rules": rules}},
        "originalUriBaseIds": {"SRCROOT": {"uri": file_uri(srcroot)}},
        "results": results,
        "invocations": [{"executionSuccessful": r.exit_status != 2,
                         "exitCode": r.exit_status}],
        "columnKind": "utf16CodeUnits",
    }
    return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                       "version": "2.1.0", "runs": [run]}, indent=2) + "\n"


FORMATS = {"text": text_report, "json": json_report, "sarif": sarif_report}


def render(report, fmt):
    return FORMATS[fmt](report)
