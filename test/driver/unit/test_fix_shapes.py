"""test/tools/fix_shapes.py: the shape each kind of fix is counted under in
the RESULTS tables, from the texts the fix wrote."""
import os
import sys
import unittest

import ftpath

sys.path.insert(0, os.path.join(ftpath.ROOT, "test", "tools"))
from fix_shapes import shape_of, shape_rows  # noqa: E402

BR = "freethreading-borrowed-reference"
UCA = "freethreading-unlocked-container-access"
DN = "freethreading-unguarded-dict-next"


def fixed(check, *texts):
    return {"check": check, "replacements": list(texts)}


class ShapeTest(unittest.TestCase):
    def test_borrowed_reference_forms_and_errors(self):
        self.assertEqual(shape_of(fixed(BR, "PyList_GetItemRef", "")),
                         "owned at once (strong call, increment removed)")
        self.assertEqual(shape_of(fixed(BR, "PyDict_GetItemRef", "\n  Py_XDECREF(x);")),
                         "owned local, released on every exit")
        self.assertEqual(shape_of(fixed(BR, "(void)PyDict_GetItemRef(d, k, &x);", "if (!PyErr_Occurred()) ",
                                        "Py_XDECREF(x); ")),
                         "owned local, released on every exit; "
                         "lookup errors passed on through the function's own exit")
        self.assertEqual(shape_of(fixed(BR, "if (PyDict_GetItemRef(d, k, &x) < 0) { PyErr_Clear(); }")),
                         "owned at once (strong call, increment removed); lookup errors cleared")
        self.assertEqual(shape_of(fixed(BR, "(void)PyDict_GetItemRef(d, k, &x);",
                                        "PyObject *stored;\n    ",
                                        "PyDict_SetDefaultRef(d, k, x, &stored) < 0",
                                        "\n    x = stored;", "Py_XDECREF(x); ")),
                         "owned local, get-or-insert by PyDict_SetDefaultRef")
        self.assertEqual(shape_of(fixed(BR, "PyWeakref_GetRef(r, &o)", "Py_XDECREF(o);")),
                         "weakref: PyWeakref_GetRef, tests on NULL")

    def test_other_checks(self):
        self.assertEqual(shape_of(fixed(UCA, "PyList_GetItemRef", "if (x == NULL) { return NULL; }")),
                         "PyList_GetItemRef, NULL test added (earlier exit)")
        self.assertEqual(shape_of(fixed(UCA, "PyList_GetItemRef", "")),
                         "PyList_GetItemRef, existing NULL test")
        self.assertEqual(shape_of(fixed(DN, "int loop_exit = 0;\n", "loop_exit = 1; break;")),
                         "critical section, return/goto exits by flag and break")
        self.assertEqual(shape_of(fixed(DN, "Py_BEGIN_CRITICAL_SECTION(d);\n", "\n    Py_INCREF(v);")),
                         "critical section, key/value held for the iteration")
        self.assertEqual(shape_of(fixed("freethreading-global-state", "_Atomic ")),
                         "counter or flag declared _Atomic")
        self.assertEqual(shape_of(fixed("freethreading-global-state", "#include <stdatomic.h>\n",
                                        "PyObject *new_k = f();\n  PyObject *unset = NULL;\n"
                                        "  if (!atomic_compare_exchange_strong(&k, &unset, new_k))",
                                        "_Atomic ")),
                         "lazily created constant published once (compare-and-swap)")
        self.assertEqual(shape_of(fixed("freethreading-elsewhere", "x")), "other")

    def test_rows_list_every_shape(self):
        rows = shape_rows([(UCA, "PyList_GetItemRef, existing NULL test")] * 2 + [("x-y", "other")])
        self.assertIn("| unlocked-container-access | PyList_GetItemRef, existing NULL test | 2 |", rows)
        self.assertIn("| critical-section-exit | return moved after the END | 0 |", rows)
        self.assertEqual(rows[-1], "| x-y | other | 1 |")


if __name__ == "__main__":
    unittest.main()
