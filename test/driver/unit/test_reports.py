import json
import os
import tempfile
import unittest

import ftpath  # noqa: F401
from canned import EXIT, GIL, LEAVES, UNDECLARED, diag
from ft_tidy import VERSION
from ft_tidy.pipeline import Outcome
from ft_tidy.reports import Report, render
from ft_tidy.verdicts import Module, verdict


class ReportsTest(unittest.TestCase):
    def setUp(self):
        self.cwd = os.getcwd()
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = os.path.realpath(self.tmp.name)
        os.chdir(self.dir)   # paths are shown relative to the current directory
        self.docs = os.path.join(self.dir, "docs")
        os.mkdir(self.docs)
        with open(os.path.join(self.docs, EXIT + ".md"), "w") as f:
            f.write("# " + EXIT + "\n\n> a note\n\nFinds exits. That leave.\n\n## More\n")

    def tearDown(self):
        os.chdir(self.cwd)
        self.tmp.cleanup()

    def report(self, fix=False, docs_url=None):
        d = self.dir
        exit_ = diag(f"{d}/a.c", 8, 7, EXIT, LEAVES, notes=[(f"{d}/a.c", 6, 5, "begins here")])
        undeclared = diag(f"{d}/a.c", 24, 10, GIL, UNDECLARED.format("a"))
        fixed = diag(f"{d}/b.c", 3, 1, EXIT, LEAVES)
        broken = diag(f"{d}/c.c", 3, 10, "clang-diagnostic-error", "'windows.h' file not found")
        broken.severity = "error"
        parse_errors = {f"{d}/c.c": broken}
        modules = [verdict(Module("a", [f"{d}/a.c"], "PyInit"), [exit_, undeclared], parse_errors),
                   verdict(Module("b", [f"{d}/b.c"], "extension"), [], parse_errors),
                   verdict(Module("c", [f"{d}/c.c"], "PyInit"), [], parse_errors)]
        outcome = Outcome([exit_, undeclared], [fixed] if fix else [], parse_errors,
                          [f"{d}/a.c", f"{d}/b.c", f"{d}/c.c", f"{d}/gen.c"], modules,
                          [f"{d}/gen.c"], [])
        return Report(outcome, fix, "/usr/bin/clang-tidy", 19, "/x/lib.so", [EXIT, GIL], d,
                      docs_url, self.docs, outcome.exit_status)

    def test_text(self):
        self.assertEqual(render(self.report(), "text"), f"""\
a.c:8:7: warning: {LEAVES} [{EXIT}]
a.c:6:5: note: begins here
a.c:24:10: warning: {UNDECLARED.format('a')} [{GIL}]
c.c: does not parse, its findings may be incomplete: c.c:3:10: error: 'windows.h' file not found

ft-tidy: 4 files checked, 2 findings left, 1 file did not parse
by check:
  {EXIT}     1 left
  {GIL}           1 left
by file:
  a.c     2 left
extension modules:
  a (a.c): blocked: 1 finding left ({EXIT}: 1); first at a.c:8:7
  b (b.c): ready: has no findings left, and freethreading-missing-mod-gil reports no missing GIL declaration; not checked: object state the analysis cannot follow (fields used from other files, or through objects that are not a parameter of the function using them), review it before relying on the declaration
  c (c.c): not analysed: does not parse: c.c
files in no extension module: gen.c
""")

    def test_text_with_fixes(self):
        text = render(self.report(fix=True), "text")
        self.assertIn("ft-tidy: 4 files checked, 2 findings left, 1 fixed, 1 file did not parse\n", text)
        self.assertIn(f"  {EXIT}     1 left     1 fixed\n", text)
        self.assertIn("  b.c     0 left     1 fixed\n", text)

    def test_json(self):
        r = json.loads(render(self.report(fix=True), "json"))
        self.assertEqual(list(r), ["version", "tool", "checks", "files", "findings", "fixed",
                                   "parse_errors", "summary", "modules", "other_files", "build_info",
                                   "exit_status"])
        self.assertEqual(r["tool"], {"name": "ft-tidy", "version": VERSION, "clang_tidy": "/usr/bin/clang-tidy",
                                     "llvm_major": 19, "plugin": "/x/lib.so"})
        self.assertEqual(r["findings"][0], {"file": "a.c", "line": 8, "column": 7, "check": EXIT,
                                            "severity": "warning", "message": LEAVES,
                                            "notes": [{"file": "a.c", "line": 6, "column": 5,
                                                       "message": "begins here"}]})
        self.assertEqual(r["fixed"][0]["file"], "b.c")
        self.assertEqual(r["parse_errors"][0]["file"], "c.c")
        self.assertEqual(r["summary"]["by_check"], {EXIT: {"left": 1, "fixed": 1}, GIL: {"left": 1, "fixed": 0}})
        self.assertEqual([(m["name"], m["status"], m["declares_gil"]) for m in r["modules"]],
                         [("a", "blocked", False), ("b", "ready", True), ("c", "not-analysed", False)])
        self.assertEqual((r["other_files"], r["exit_status"]), (["gen.c"], 1))

    def test_sarif(self):
        s = json.loads(render(self.report(), "sarif"))
        self.assertEqual(s["version"], "2.1.0")
        run = s["runs"][0]
        rules = run["tool"]["driver"]["rules"]
        self.assertEqual([r["id"] for r in rules], ["clang-diagnostic-error", EXIT, GIL])
        exit_rule = rules[1]
        self.assertEqual(exit_rule["helpUri"], f"file://{self.docs}/{EXIT}.md")
        self.assertEqual(exit_rule["shortDescription"], {"text": "Finds exits."})
        self.assertEqual(exit_rule["fullDescription"], {"text": "Finds exits. That leave."})
        self.assertNotIn("help", rules[2])  # no page for it
        first = run["results"][0]
        self.assertEqual((first["ruleId"], first["ruleIndex"], first["level"]), (EXIT, 1, "warning"))
        self.assertEqual(first["locations"][0]["physicalLocation"],
                         {"artifactLocation": {"uri": "a.c", "uriBaseId": "SRCROOT"},
                          "region": {"startLine": 8, "startColumn": 7}})
        self.assertEqual(first["relatedLocations"][0]["message"], {"text": "begins here"})
        broken = run["results"][2]
        self.assertEqual((broken["ruleId"], broken["level"]), ("clang-diagnostic-error", "error"))
        self.assertEqual(run["originalUriBaseIds"]["SRCROOT"]["uri"], f"file://{self.dir}/")
        self.assertEqual(run["invocations"], [{"executionSuccessful": True, "exitCode": 1}])

    def test_sarif_docs_url(self):
        s = json.loads(render(self.report(docs_url="https://h/docs/checks"), "sarif"))
        driver = s["runs"][0]["tool"]["driver"]
        self.assertEqual(driver["informationUri"], "https://h/docs/checks/")
        self.assertEqual(driver["rules"][1]["helpUri"], f"https://h/docs/checks/{EXIT}.md")


if __name__ == "__main__":
    unittest.main()
