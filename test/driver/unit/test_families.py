import json
import os
import tempfile
import unittest

import ftpath  # noqa: F401
from ft_tidy.families import (candidate_keys, closed_keys, complete_roots, keys_option,
                              read_report, report_option, units_with_calls)


def rep(*groups, files=()):
    return {"groups": list(groups), "files": list(files)}


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

    def closed(self, reports, examined=None, broken=()):
        return closed_keys(reports, examined or {self.field}, [self.root], self.sources, broken)

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
        self.assertIsNone(read_report(path))  # no files
        with open(path, "w") as f:
            json.dump(rep(group([self.field], self.files)), f)
        self.assertEqual(read_report(path)["groups"][0]["keys"], [self.field])

    def test_candidates(self):
        ok = group([self.field], self.files, allocates=True)
        blocked = group(["var x"], {}, allocates=True, blocked="why")
        obj = group(["var y"], {}, allocates=True, object=True)
        frees = group(["var z"], {}, frees=True)
        self.assertEqual(candidate_keys([rep(ok, blocked), None, rep(obj, frees)]), {self.field})

    def test_complete_roots(self):
        self.assertEqual(complete_roots([self.root], self.sources), [self.root])
        self.assertEqual(complete_roots([self.root], self.sources[:1]), [])

    def test_closed_across_units(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)]), {self.field})
        self.assertEqual(units_with_calls([rep(alloc), rep(free), rep()], {self.field}), [0, 1])
        # No release anywhere, or no allocation: not closed.
        self.assertEqual(self.closed([rep(alloc), rep()]), set())
        self.assertEqual(self.closed([rep(free), rep()]), set())
        # A unit without a report (it did not finish): nothing is closed.
        self.assertEqual(self.closed([rep(alloc), rep(free), None]), set())

    def test_blocked_or_object_anywhere(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        for bad in ({"blocked": "'c->buf' is passed to 'free' here"}, {"object": True}):
            other = group([self.field], self.files, **bad)
            self.assertEqual(self.closed([rep(alloc), rep(free), rep(other)]), set())

    def test_family_joined_by_keys(self):
        # T::buf and U::p hold the same memory in one unit: one family, closed
        # only when both keys were asked about.
        both = group([self.field, "field U::p"], {self.field: self.header,
                                                  "field U::p": self.header},
                     allocates=True, calls=1)
        free = group(["field U::p"], {"field U::p": self.header}, frees=True, calls=1)
        self.assertEqual(self.closed([rep(both), rep(free)]), set())
        self.assertEqual(self.closed([rep(both), rep(free)], {self.field, "field U::p"}),
                         {self.field, "field U::p"})

    def test_where_declared(self):
        alloc = group([self.field], {self.field: "/usr/include/t.h"}, allocates=True, calls=1)
        free = group([self.field], {self.field: "/usr/include/t.h"}, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)]), set())
        # A header in a directory without a checked source (a vendored
        # library's headers, say).
        inc = os.path.join(self.root, "include", "t.h")
        alloc = group([self.field], {self.field: inc}, allocates=True, calls=1)
        free = group([self.field], {self.field: inc}, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)]), set())

    def test_variables_need_a_definition(self):
        key = "var scratch"
        header = {key: self.header}
        alloc = group([key], header, allocates=True, calls=1)
        free = group([key], header, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)], {key}), set())
        defining = group([key], {key: self.sources[0]}, defined=[key])
        self.assertEqual(self.closed([rep(alloc), rep(free), rep(defining)], {key}), {key})
        outside = group([key], {key: "/elsewhere/lib.c"}, defined=[key])
        self.assertEqual(self.closed([rep(alloc), rep(free), rep(outside)], {key}), set())


    def test_units_that_do_not_parse(self):
        a, b = self.sources
        with open(self.header, "w") as f:
            f.write("typedef struct { char *buf; } T;\n")
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        reports = [rep(alloc, files=[a, self.header]), rep(free, files=[b, self.header])]
        broken = os.path.join(self.src, "c.c")
        sources = self.sources + [broken]

        def closed(text, header_text=None):
            with open(broken, "w") as f:
                f.write(text)
            other = os.path.join(self.src, "only_c.h")
            if header_text is None:
                if os.path.exists(other):
                    os.remove(other)
            else:
                with open(other, "w") as f:
                    f.write(header_text)
            return closed_keys(reports + [rep(files=[broken])], {self.field}, [self.root],
                               sources, {broken})

        self.assertEqual(closed("int f(void) { return }\n"), {self.field})
        self.assertEqual(closed("void f(T *t) { free(t->buf); }\n"), set())
        # A header no parsing unit read, naming the field.
        self.assertEqual(closed("#include \"only_c.h\"\n", "#define DROP(t) free((t)->buf)\n"),
                         set())
        # A macro of a header the parsing units read, used only by the unit
        # that does not parse.
        with open(self.header, "a") as f:
            f.write("#define T_DROP(t) \\\n  free((t)->buf)\n")
        self.assertEqual(closed("void f(T *t) { T_DROP(t); }\n"), set())


if __name__ == "__main__":
    unittest.main()
