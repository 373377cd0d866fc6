import unittest

import ftpath  # noqa: F401
from canned import EXIT, GIL, LEAVES, UNDECLARED, UNGUARDED_SLOT, diag
from ft_tidy.project import Extension
from ft_tidy.verdicts import (UNCHECKED, Module, group_modules, ready_files,
                              reports_undeclared, verdict)

READY_UNDECLARED = ("no findings left: declare Py_MOD_GIL_NOT_USED (Py_mod_gil slot, or "
                    "PyUnstable_Module_SetGIL for single-phase init); " + UNCHECKED)
READY_DECLARED = "has no findings left, and freethreading-missing-mod-gil reports no missing GIL declaration; " + UNCHECKED


class FakeProject:
    def __init__(self, extensions):
        self.extensions = extensions


class GroupModulesTest(unittest.TestCase):
    def test_group_modules(self):
        sources = ["/p/a.c", "/p/b.c", "/p/solo.c", "/p/two.c", "/p/gen.c", "/p/unlisted.c"]
        # What missing-mod-gil's remarks named; a.c's init function is the
        # Extension's (the Extension's name wins).
        inits = {"/p/a.c": ["_a"], "/p/solo.c": ["solo"], "/p/two.c": ["first", "second"],
                 "/p/elsewhere.c": ["elsewhere"]}
        ext = Extension("pkg._a", "/p", sources=["/p/a.c", "/p/b.c", "/p/missing.c"])
        modules, others = group_modules(sources, [FakeProject([ext])], inits)
        self.assertEqual(modules, [Module("pkg._a", ["/p/a.c", "/p/b.c"], "extension"),
                                   Module("solo", ["/p/solo.c"], "PyInit"),
                                   Module("first", ["/p/two.c"], "PyInit")])
        self.assertEqual(others, ["/p/gen.c", "/p/unlisted.c"])


class VerdictTest(unittest.TestCase):
    module = Module("m", ["/p/m.c", "/p/n.c"], "extension")

    def test_ready_and_undeclared(self):
        v = verdict(self.module, [diag("/p/m.c", 20, 3, GIL, UNDECLARED.format("m"))], {})
        self.assertEqual((v.status, v.ready, v.declares_gil, v.blockers), ("ready", True, False, {}))
        self.assertEqual(v.reason, READY_UNDECLARED)

    def test_ready_and_declared(self):
        # No missing declaration reported: the module declares. An unguarded
        # slot is a declaration too, and blocks nothing.
        for diags in ([], [diag("/p/n.c", 5, 1, GIL, UNGUARDED_SLOT)]):
            v = verdict(self.module, diags, {})
            self.assertEqual((v.status, v.declares_gil, v.reason), ("ready", True, READY_DECLARED))

    def test_comment_is_not_a_declaration(self):
        # The source text is never read: only the finding counts.
        v = verdict(Module("c", ["/p/c.c"], "PyInit"),
                    [diag("/p/c.c", 9, 1, GIL, UNDECLARED.format("c"))], {})
        self.assertFalse(v.declares_gil)

    def test_blocked(self):
        diags = [diag("/p/inc/h.h", 9, 5, EXIT, LEAVES, tus={"/p/n.c"}),
                 diag("/p/m.c", 13, 5, EXIT, LEAVES),
                 diag("/p/m.c", 28, 44, GIL, UNDECLARED.format("m")),
                 diag("/p/other.c", 1, 1, EXIT, LEAVES)]
        v = verdict(self.module, diags, {})
        self.assertEqual((v.status, v.ready, v.blockers), ("blocked", False, {EXIT: 2}))
        self.assertEqual(v.reason, f"2 findings left ({EXIT}: 2); first at /p/inc/h.h:9:5")

    def test_not_analysed(self):
        v = verdict(self.module, [], {"/p/n.c": diag("/p/n.c", 1, 1, "clang-diagnostic-error", "e")})
        self.assertEqual((v.status, v.declares_gil, v.reason), ("not-analysed", False, "does not parse: /p/n.c"))

    def test_json(self):
        v = verdict(self.module, [], {})
        self.assertEqual(list(v.as_json()), ["name", "files", "origin", "status", "ready", "declares_gil",
                                             "blockers", "reason", "not_checked"])

    def test_reports_undeclared(self):
        self.assertTrue(reports_undeclared(diag("/a", 1, 1, GIL, UNDECLARED.format("a"))))
        self.assertTrue(reports_undeclared(diag("/a", 1, 1, GIL, "modules 'a' and 'b' do not declare "
                                                "whether they need the GIL, ...")))
        self.assertFalse(reports_undeclared(diag("/a", 1, 1, GIL, UNGUARDED_SLOT)))
        self.assertFalse(reports_undeclared(diag("/a", 1, 1, EXIT, UNDECLARED.format("a"))))

    def test_ready_files(self):
        blocked = Module("b", ["/p/b.c"], "PyInit")
        ready = Module("r", ["/p/r.c"], "PyInit")
        diags = [diag("/p/b.c", 1, 1, EXIT, LEAVES), diag("/p/loose2.c", 1, 1, EXIT, LEAVES)]
        verdicts_ = [verdict(m, diags, {}) for m in (blocked, ready)]
        held = {"/p/b.c", "/p/r.c", "/p/loose.c", "/p/loose2.c"}
        self.assertEqual(ready_files([blocked, ready], verdicts_, diags, {}, held),
                         {"/p/r.c", "/p/loose.c"})


if __name__ == "__main__":
    unittest.main()
