import json
import os
import tempfile
import unittest

import ftpath  # noqa: F401
from ft_tidy.families import (candidate_keys, closed_keys, complete_roots, keys_option,
                              read_report, report_option, units_with_calls)


def group(keys, files, **kw):
    g = {"keys": keys, "files": files, "defined": [], "blocked": None, "object": False,
         "allocates": False, "frees": False, "calls": 0}
    g.update(kw)
    return g


class FamiliesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = os.path.realpath(self.tmp.name)
        self.src = os.path.join(self.root, "src")
        os.mkdir(self.src)
        self.sources = [os.path.join(self.src, n) for n in ("a.c", "b.c")]
        for s in self.sources:
            open(s, "w").close()
        self.header = os.path.join(self.src, "t.h")
        self.field = "field T::buf"
        self.files = {self.field: self.header}

    def tearDown(self):
        self.tmp.cleanup()

    def closed(self, reports, examined=None):
        return closed_keys(reports, examined or {self.field}, [self.root], self.sources)

    def test_options_quote(self):
        self.assertEqual(report_option("/x/it's.json"),
                         "freethreading-object-malloc-buffer.FamilyReport: '/x/it''s.json'")
        self.assertEqual(keys_option("ClosedFamilies", {"var b", "field A::x"}),
                         "freethreading-object-malloc-buffer.ClosedFamilies: 'field A::x;var b'")

    def test_read_report(self):
        path = os.path.join(self.root, "r.json")
        self.assertIsNone(read_report(path))  # not written
        with open(path, "w") as f:
            f.write("{\"groups\": [1]}")
        self.assertIsNone(read_report(path))
        with open(path, "w") as f:
            json.dump({"groups": [group([self.field], self.files)]}, f)
        self.assertEqual(read_report(path)[0]["keys"], [self.field])

    def test_candidates(self):
        ok = group([self.field], self.files, allocates=True)
        blocked = group(["var x"], {}, allocates=True, blocked="why")
        obj = group(["var y"], {}, allocates=True, object=True)
        frees = group(["var z"], {}, frees=True)
        self.assertEqual(candidate_keys([[ok, blocked], None, [obj, frees]]), {self.field})

    def test_complete_roots(self):
        self.assertEqual(complete_roots([self.root], self.sources), [self.root])
        self.assertEqual(complete_roots([self.root], self.sources[:1]), [])

    def test_closed_across_units(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        self.assertEqual(self.closed([[alloc], [free]]), {self.field})
        self.assertEqual(units_with_calls([[alloc], [free], []], {self.field}), [0, 1])
        # No release anywhere, or no allocation: not closed.
        self.assertEqual(self.closed([[alloc], []]), set())
        self.assertEqual(self.closed([[free], []]), set())
        # A unit without a report (it did not finish): nothing is closed.
        self.assertEqual(self.closed([[alloc], [free], None]), set())

    def test_blocked_or_object_anywhere(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        for bad in ({"blocked": "'c->buf' is passed to 'free' here"}, {"object": True}):
            other = group([self.field], self.files, **bad)
            self.assertEqual(self.closed([[alloc], [free], [other]]), set())

    def test_family_joined_by_keys(self):
        # T::buf and U::p hold the same memory in one unit: one family, closed
        # only when both keys were asked about.
        both = group([self.field, "field U::p"], {self.field: self.header,
                                                  "field U::p": self.header},
                     allocates=True, calls=1)
        free = group(["field U::p"], {"field U::p": self.header}, frees=True, calls=1)
        self.assertEqual(self.closed([[both], [free]]), set())
        self.assertEqual(self.closed([[both], [free]], {self.field, "field U::p"}),
                         {self.field, "field U::p"})

    def test_where_declared(self):
        alloc = group([self.field], {self.field: "/usr/include/t.h"}, allocates=True, calls=1)
        free = group([self.field], {self.field: "/usr/include/t.h"}, frees=True, calls=1)
        self.assertEqual(self.closed([[alloc], [free]]), set())
        # A header in a directory without a checked source (a vendored
        # library's headers, say).
        inc = os.path.join(self.root, "include", "t.h")
        alloc = group([self.field], {self.field: inc}, allocates=True, calls=1)
        free = group([self.field], {self.field: inc}, frees=True, calls=1)
        self.assertEqual(self.closed([[alloc], [free]]), set())

    def test_variables_need_a_definition(self):
        key = "var scratch"
        header = {key: self.header}
        alloc = group([key], header, allocates=True, calls=1)
        free = group([key], header, frees=True, calls=1)
        self.assertEqual(self.closed([[alloc], [free]], {key}), set())
        defining = group([key], {key: self.sources[0]}, defined=[key])
        self.assertEqual(self.closed([[alloc], [free], [defining]], {key}), {key})
        outside = group([key], {key: "/elsewhere/lib.c"}, defined=[key])
        self.assertEqual(self.closed([[alloc], [free], [outside]], {key}), set())


if __name__ == "__main__":
    unittest.main()
