#!/usr/bin/env python3
"""Validate an ft-tidy report and print it in a canonical, checkable form.

    check_report.py json|sarif FILE

sarif: the SARIF 2.1.0 rules GitHub code scanning enforces on upload
(version, $schema, runs[].tool.driver.name, rules with unique ids and
absolute help URIs, results[].ruleId/ruleIndex/level/message.text,
locations[].physicalLocation with an artifactLocation uri (relative to a
declared uriBaseId, or an absolute file URI) and a 1-based region).
json: the documented shape of --format json.
Any violation: one line 'invalid: ...' and exit 1."""
import json
import sys
import urllib.parse


def fail(msg):
    print(f"invalid: {msg}")
    sys.exit(1)


def need(cond, msg):
    if not cond:
        fail(msg)


def text(obj, where):
    need(isinstance(obj, dict) and isinstance(obj.get("text"), str) and obj["text"].strip(),
         f"{where}: needs a non-empty text")


def absolute_uri(uri):
    return bool(urllib.parse.urlparse(uri).scheme)


def check_location(loc, bases, where):
    need(isinstance(loc, dict), f"{where}: not an object")
    phys = loc.get("physicalLocation")
    need(isinstance(phys, dict), f"{where}: no physicalLocation")
    art = phys.get("artifactLocation")
    need(isinstance(art, dict) and isinstance(art.get("uri"), str) and art["uri"],
         f"{where}: no artifactLocation.uri")
    uri = art["uri"]
    if "uriBaseId" in art:
        need(art["uriBaseId"] in bases, f"{where}: undeclared uriBaseId {art['uriBaseId']}")
        need(not absolute_uri(uri) and not uri.startswith("/"), f"{where}: {uri} is not relative")
        shown = f"{art['uriBaseId']}:{urllib.parse.unquote(uri)}"
    else:
        need(uri.startswith("file:///"), f"{where}: {uri} is neither relative nor a file URI")
        shown = "file:" + urllib.parse.unquote(uri[len("file://"):]).rsplit("/", 1)[-1]
    region = phys.get("region")
    need(isinstance(region, dict), f"{where}: no region")
    for k in ("startLine", "startColumn"):
        need(isinstance(region.get(k), int) and region[k] >= 1, f"{where}: region.{k} must be >= 1")
    return f"{shown}:{region['startLine']}:{region['startColumn']}"


def check_sarif(doc):
    need(doc.get("version") == "2.1.0", "version must be 2.1.0")
    need(isinstance(doc.get("$schema"), str) and "sarif" in doc["$schema"]
         and absolute_uri(doc["$schema"]), "$schema must be the SARIF 2.1.0 schema URI")
    runs = doc.get("runs")
    need(isinstance(runs, list) and runs, "runs must be a non-empty list")
    for r, run in enumerate(runs):
        driver = run.get("tool", {}).get("driver")
        need(isinstance(driver, dict) and isinstance(driver.get("name"), str) and driver["name"],
             f"runs[{r}].tool.driver.name missing")
        rules = driver.get("rules", [])
        ids = [rule.get("id") for rule in rules]
        need(len(set(ids)) == len(ids) and all(isinstance(i, str) and i for i in ids),
             "rule ids must be unique non-empty strings")
        for rule in rules:
            need(absolute_uri(rule.get("helpUri", "")), f"rule {rule['id']}: helpUri must be absolute")
            text(rule.get("shortDescription"), f"rule {rule['id']}.shortDescription")
            if "help" in rule:
                text(rule["help"], f"rule {rule['id']}.help")
            print(f"rule {rule['id']} help={urllib.parse.urlparse(rule['helpUri']).scheme}"
                  f"{' +text' if 'help' in rule else ''}")
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            need(absolute_uri(base.get("uri", "")) and base["uri"].endswith("/"),
                 f"originalUriBaseIds.{name}.uri must be absolute and end with /")
        results = run.get("results")
        need(isinstance(results, list), f"runs[{r}].results must be a list")
        for i, res in enumerate(results):
            where = f"results[{i}]"
            need(res.get("ruleId") in ids, f"{where}: ruleId {res.get('ruleId')} is not a rule")
            if "ruleIndex" in res:
                need(rules[res["ruleIndex"]]["id"] == res["ruleId"], f"{where}: ruleIndex disagrees")
            need(res.get("level") in ("none", "note", "warning", "error"), f"{where}: bad level")
            text(res.get("message"), f"{where}.message")
            locs = res.get("locations")
            need(isinstance(locs, list) and locs, f"{where}: no locations")
            shown = [check_location(l, bases, f"{where}.locations") for l in locs]
            related = []
            for j, rel in enumerate(res.get("relatedLocations", [])):
                need(isinstance(rel.get("id"), int), f"{where}.relatedLocations[{j}]: no id")
                text(rel.get("message"), f"{where}.relatedLocations[{j}].message")
                related.append(check_location(rel, bases, f"{where}.relatedLocations[{j}]"))
            print(f"result {res['ruleId']} {res['level']} {' '.join(shown)}"
                  + (f" related={len(related)}" if related else ""))


def check_json(doc):
    for key, kind in (("version", int), ("tool", dict), ("checks", list), ("files", list),
                      ("findings", list), ("fixed", list), ("parse_errors", list),
                      ("summary", dict), ("modules", list), ("other_files", list),
                      ("exit_status", int)):
        need(isinstance(doc.get(key), kind), f"{key} must be a {kind.__name__}")
    for f in doc["findings"] + doc["fixed"]:
        for key, kind in (("file", str), ("line", int), ("column", int), ("check", str),
                          ("severity", str), ("message", str), ("notes", list)):
            need(isinstance(f.get(key), kind), f"finding.{key} must be a {kind.__name__}")
    for f in doc["findings"]:
        print(f"finding {f['file']}:{f['line']}:{f['column']} {f['check']} notes={len(f['notes'])}")
    for f in doc["fixed"]:
        print(f"fixed {f['file']}:{f['line']}:{f['column']} {f['check']}")
    for p in doc["parse_errors"]:
        print(f"parse-error {p['file']}")
    s = doc["summary"]
    print(f"summary findings={s['findings']} fixed={s['fixed']} parse_errors={s['parse_errors']}")
    for c, n in s["by_check"].items():
        print(f"by-check {c} left={n['left']} fixed={n['fixed']}")
    for f, n in s["by_file"].items():
        print(f"by-file {f} left={n['left']} fixed={n['fixed']}")
    for m in doc["modules"]:
        need(m.get("status") in ("ready", "blocked", "not-analysed"), "module.status")
        need(m["ready"] == (m["status"] == "ready"), "module.ready disagrees with status")
        print(f"module {m['name']} {m['status']} files={','.join(m['files'])} "
              f"blockers={sum(m['blockers'].values())}")
    print(f"other {','.join(doc['other_files'])}")
    print(f"exit_status {doc['exit_status']}")


kind, path = sys.argv[1], sys.argv[2]
try:
    with open(path) as f:
        document = json.load(f)
except ValueError as e:
    fail(f"not JSON: {e}")
need(isinstance(document, dict), "the top level must be an object")
(check_sarif if kind == "sarif" else check_json)(document)
print("valid")
