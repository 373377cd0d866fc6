import unittest

import ftpath  # noqa: F401
from canned import EXIT, GIL, diag
from ft_tidy.clangtidy import (Note, Runner, Unit, UnitResult, collect, header_filter,
                               module_remark, parse_output, unit_result)
from ft_tidy.toolchain import Toolchain

OUTPUT = """\
src/a.c:8:7: warning: 'break' leaves the section [freethreading-critical-section-exit]
    8 |       break;
      |       ^
src/a.c:6:5: note: critical section begins here
/abs/h.h:3:1: warning: module 'a' does not declare [freethreading-missing-mod-gil,-warnings-as-errors]
src/a.c:9:1: error: use of undeclared identifier 'x'
src/b.c:1:10: fatal error: 'windows.h' file not found
error: unknown argument: '-fbogus' [clang-diagnostic-error]
1 warning and 2 errors generated.
"""


class ParseOutputTest(unittest.TestCase):
    def test_diagnostics_and_notes(self):
        diags = parse_output(OUTPUT, "/p", "/p/src/a.c")
        self.assertEqual([(d.file, d.line, d.col, d.severity, d.check) for d in diags], [
            ("/p/src/a.c", 8, 7, "warning", EXIT),
            ("/abs/h.h", 3, 1, "warning", GIL),
            ("/p/src/a.c", 9, 1, "error", "clang-diagnostic-error"),
            ("/p/src/b.c", 1, 10, "error", "clang-diagnostic-error"),
            ("/p/src/a.c", 0, 0, "error", "clang-diagnostic-error")])
        self.assertEqual(diags[0].notes, [Note("/p/src/a.c", 6, 5, "critical section begins here")])
        self.assertEqual(diags[4].message, "unknown argument: '-fbogus'")

    def test_unit_result(self):
        unit = Unit("/p/a.c", [], None, "/p")
        ok = unit_result(unit, 0, "a.c:1:1: warning: w [c]\n", "")
        self.assertIsNone(ok.tool_error)
        self.assertEqual(ok.diags[0].tus, {"/p/a.c"})
        crash = unit_result(unit, -11, "", "Stack dump:\n0. Program arguments\n")
        self.assertTrue(crash.tool_error.endswith("(exit status -11): Stack dump:"))
        # Exit 1 with compiler errors is the code's fault, not the tool's.
        self.assertIsNone(unit_result(unit, 1, "a.c:1:1: error: e\n", "Found compiler error(s).\n").tool_error)
        self.assertIn("clang-tidy failed on", unit_result(unit, 1, "", "Error: bad config\n").tool_error)


class RunnerTest(unittest.TestCase):
    def test_header_filter(self):
        self.assertEqual(header_filter(["/a/p+q/", "/b"]), r"^(/a/p\+q/|/b/)")

    def test_command(self):
        tools = Toolchain("/x/lib.so", "/usr/bin/clang-tidy", 19, [])
        r = Runner(tools, "freethreading-*", "it's.h", ["/p"])
        self.assertEqual(r.command(Unit("/p/a.c", ["-I/i"], None, "/p"), export="/t/0.yaml"), [
            "/usr/bin/clang-tidy", "--load=/x/lib.so", "--checks=-*,freethreading-*",
            "--header-filter=^(/p/)", "--quiet",
            "--config={CheckOptions: {CompatHeader: 'it''s.h', "
            "freethreading-missing-mod-gil.ReportModules: true}}",
            "--export-fixes=/t/0.yaml", "/p/a.c", "--", "-I/i"])
        r = Runner(tools, "freethreading-*", None, ["/p"])
        self.assertEqual(r.command(Unit("/p/a.c", ["-DX"], "/db", "/p"), checks="only")[2:],
                         ["--checks=-*,only", "--header-filter=^(/p/)", "--quiet",
                          "--config={CheckOptions: {freethreading-missing-mod-gil.ReportModules: true}}",
                          "-p=/db",
                          "--extra-arg=-DX", "/p/a.c"])


class CollectTest(unittest.TestCase):
    def test_deduplicates_and_filters(self):
        root = "/p"
        a, b = Unit("/p/a.c", [], None, root), Unit("/p/b.c", [], None, root)
        header_a = diag("/p/h.h", 3, 1, EXIT, "m", tus={"/p/a.c"})
        header_b = diag("/p/h.h", 3, 1, EXIT, "m", tus={"/p/b.c"})
        outside = diag("/usr/include/x.h", 1, 1, EXIT, "m")
        skipped = diag("/p/build/g.c", 1, 1, EXIT, "m")
        error = diag("/p/b.c", 2, 1, "clang-diagnostic-error", "e")
        error.severity = "error"
        found = collect([UnitResult(a, [header_a, outside, skipped]),
                         UnitResult(b, [header_b, error], "boom")], [root], set())
        self.assertEqual(len(found.diags), 1)
        self.assertEqual(found.diags[0].tus, {"/p/a.c", "/p/b.c"})
        self.assertEqual(found.parse_errors, {"/p/b.c": error})
        self.assertEqual(found.tool_errors, ["boom"])
        # A file named on the command line is kept wherever it is.
        self.assertEqual(len(collect([UnitResult(a, [skipped])], [root], {"/p/build/g.c"}).diags), 1)


if __name__ == "__main__":
    unittest.main()


class ModuleRemarkTest(unittest.TestCase):
    REMARKS = """\
src/m.c:40:16: remark: module 'second' is initialized by 'PyInit_second' [freethreading-missing-mod-gil]
src/m.c:12:16: remark: module '_m' is initialized by 'PyInit__m' [freethreading-missing-mod-gil]
src/m.c:12:40: warning: module '_m' does not declare whether it needs the GIL [freethreading-missing-mod-gil]
src/m.c:3:1: remark: module 'x' is initialized by 'PyInit_x' [other-check]
src/m.c:5:1: remark: something else [freethreading-missing-mod-gil]
"""

    def test_remarks_name_init_functions_and_are_not_findings(self):
        diags = parse_output(self.REMARKS, "/p", "/p/src/m.c")
        self.assertEqual([module_remark(d) for d in diags], ["second", "_m", None, None, None])
        for d in diags:
            d.tus.add("/p/src/m.c")
        found = collect([UnitResult(Unit("/p/src/m.c", [], None, "/p"), diags)], ["/p"], set())
        # In source order, whatever order clang-tidy printed them in.
        self.assertEqual(found.init_functions, {"/p/src/m.c": ["_m", "second"]})
        # Remarks are never findings: only the warning is left.
        self.assertEqual([(d.line, d.severity) for d in found.diags], [(12, "warning")])
