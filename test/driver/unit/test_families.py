import json
import os
import tempfile
import unittest

import ftpath  # noqa: F401
from ft_tidy.families import (candidate_keys, closed_keys, complete_roots, keys_option,
                              read_report, renames_expected, report_option, units_with_calls)
from ft_tidy.project import Extension


def rep(*groups, files=(), reached=(), skipped=()):
    return {"groups": list(groups), "files": list(files), "reached": list(reached),
            "skipped": list(skipped)}


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
        """closed_keys for reports of units in the root (a.c, b.c, ...)."""
        sources = [os.path.join(self.src, f"{chr(97 + i)}.c") for i in range(len(reports))]
        return closed_keys(reports, examined or {self.field}, [self.root], sources, broken)

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
        self.assertIsNone(read_report(path))  # no files, reached, skipped
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
        class Proj:
            def __init__(self, root, extensions=(), sources_known=True):
                self.root, self.extensions = root, list(extensions)
                self.sources_known = sources_known

        proj = Proj(self.root)
        # No setup.py, setup.cfg or pyproject.toml: not a project root.
        self.assertEqual(complete_roots([proj], self.sources), [])
        open(os.path.join(self.root, "setup.cfg"), "w").close()
        self.assertEqual(complete_roots([proj], self.sources), [self.root])
        self.assertEqual(complete_roots([proj], self.sources[:1]), [])
        # A source an extension lists outside the root, not checked.
        elsewhere = os.path.join(os.path.dirname(self.root), "shared.c")
        ext = Extension("m", self.root, sources=self.sources + [elsewhere])
        self.assertEqual(complete_roots([Proj(self.root, [ext])], self.sources), [])
        # A file of the compilation database left out (a skipped directory).
        generated = os.path.join(self.root, "build", "gen.c")
        self.assertEqual(complete_roots([proj], self.sources, [generated]), [])
        # setup.py names a source it cannot read.
        self.assertEqual(complete_roots([Proj(self.root, sources_known=False)], self.sources),
                         [])
        # A project nested in this one whose setup.py names a source it
        # cannot read.
        nested = os.path.join(self.root, "sub")
        os.mkdir(nested)
        with open(os.path.join(nested, "setup.py"), "w") as f:
            f.write("from setuptools import Extension\nExtension('m', sources=find())\n")
        self.assertEqual(complete_roots([proj], self.sources), [])
        os.remove(os.path.join(nested, "setup.py"))
        self.assertEqual(complete_roots([proj], self.sources), [self.root])
        # A setup.py naming a path above the root.
        with open(os.path.join(self.root, "setup.py"), "w") as f:
            f.write("import os\nSRC = [os.path.join('..', 'shared', 'x.c')]\n")
        self.assertEqual(complete_roots([proj], self.sources), [])
        os.remove(os.path.join(self.root, "setup.py"))
        # Built by meson-python or scikit-build-core: the sources are named
        # in files ft-tidy does not read.
        pyproject = os.path.join(self.root, "pyproject.toml")
        with open(pyproject, "w") as f:
            f.write('[build-system]\nbuild-backend = "mesonpy"\n')
        self.assertEqual(complete_roots([proj], self.sources), [])
        with open(pyproject, "w") as f:
            f.write('[build-system]\nbuild-backend = "setuptools.build_meta"\n')
        self.assertEqual(complete_roots([proj], self.sources), [self.root])
        os.remove(pyproject)
        # A meson.build naming a file above the root.
        with open(os.path.join(self.root, "meson.build"), "w") as f:
            f.write("py.extension_module('m', 'src/a.c', '../shared/x.c')\n")
        self.assertEqual(complete_roots([proj], self.sources), [])

    def test_closed_across_units(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)]), {self.field})
        self.assertEqual(units_with_calls([rep(alloc), rep(free), rep()], {self.field}), [0, 1])
        self.assertEqual(renames_expected(rep(alloc, group(["var other"], {}, calls=3)),
                                          {self.field}), 1)
        # No release anywhere, or no allocation: not closed.
        self.assertEqual(self.closed([rep(alloc), rep()]), set())
        self.assertEqual(self.closed([rep(free), rep()]), set())
        # A unit without a report (it did not finish): nothing is closed.
        self.assertEqual(self.closed([rep(alloc), rep(free), None]), set())
        # A group in a unit outside the roots checked whole.
        outside = os.path.join(os.path.dirname(self.root), "other", "c.c")
        self.assertEqual(closed_keys([rep(alloc), rep(free)], {self.field}, [self.root],
                                     [self.sources[0], outside]), set())

    def test_reached_or_skipped_in_another_unit(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        self.assertEqual(self.closed([rep(alloc), rep(free)]), {self.field})
        # offsetof(T, buf) (or a union holding T...) in a third unit.
        self.assertEqual(self.closed([rep(alloc), rep(free), rep(reached=[self.field])]), set())
        # t->buf in a template of a third unit.
        self.assertEqual(self.closed([rep(alloc), rep(free), rep(reached=["name buf"])]),
                         set())
        # buf named in a branch of an #if that a unit's build skipped.
        self.assertEqual(self.closed([rep(alloc), rep(free), rep(skipped=["buf"])]), set())

    def test_headers_no_unit_read(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        with open(os.path.join(self.src, "helpers.h"), "w") as f:
            f.write("static inline void t_drop(T *t) { PyObject_Free(t->buf); }\n")
        self.assertEqual(self.closed([rep(alloc), rep(free)]), set())
        # Read by a unit: its code was seen there.
        self.assertEqual(self.closed([rep(alloc, files=[os.path.join(self.src, "helpers.h")]),
                                      rep(free)]), {self.field})

    def test_cython_files(self):
        alloc = group([self.field], self.files, allocates=True, calls=1)
        free = group([self.field], self.files, frees=True, calls=1)
        with open(os.path.join(self.src, "wrap.pyx"), "w") as f:
            f.write("cdef extern from 't.h':\n    ctypedef struct T:\n        char *buf\n")
        self.assertEqual(self.closed([rep(alloc), rep(free)]), set())

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


    def test_identifiers_as_compilers_read_them(self):
        # '$' and letters beyond ASCII are part of a name: 'buf$' is named in
        # the file that does not parse, 'buf' is not.
        broken = os.path.join(self.src, "c.c")
        with open(broken, "w", encoding="utf-8") as f:
            f.write("void f(T *t) { free(t->buf$); free(t->caf\u00e9); }\n")
        sources = self.sources + [broken]
        for name, closes in (("buf$", False), ("buf", True), ("caf\u00e9", False)):
            key = "field T::" + name
            files = {key: self.header}
            reports = [rep(group([key], files, allocates=True, calls=1)),
                       rep(group([key], files, frees=True, calls=1)), rep()]
            self.assertEqual(closed_keys(reports, {key}, [self.root], sources, {broken}),
                             {key} if closes else set(), name)


if __name__ == "__main__":
    unittest.main()
