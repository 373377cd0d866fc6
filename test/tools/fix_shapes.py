"""The shape of a fix ft-tidy made, read from one entry of the "fixed" list
of its JSON report (the check, and the texts the fix wrote: "replacements"),
for the per-shape counts of test/robustness and test/corpus RESULTS.md.

The shapes are the kinds of rewrite each check's page describes; a fix is
counted once, under the first shape whose mark its texts carry (for a dict
lookup of borrowed-reference, with what becomes of its errors)."""

# (check, shape, predicate on the written texts joined), in order: the first
# match names the shape. The last entry of each check has no predicate.
SHAPES = [
    ("freethreading-borrowed-reference", "weakref: PyWeakref_GetRef, tests on NULL",
     lambda t: "PyWeakref_GetRef" in t),
    ("freethreading-borrowed-reference", "membership test (PyDict_Contains)",
     lambda t: "PyDict_Contains" in t),
    ("freethreading-borrowed-reference", "owned local, get-or-insert by PyDict_SetDefaultRef",
     lambda t: "PyDict_SetDefaultRef" in t),
    ("freethreading-borrowed-reference", "owned local, released on every exit",
     lambda t: "DECREF(" in t),
    ("freethreading-borrowed-reference", "owned at once (strong call, increment removed)", None),
    ("freethreading-unguarded-dict-next", "critical section, return/goto exits by flag and break",
     lambda t: "loop_exit" in t),
    ("freethreading-unguarded-dict-next", "critical section, key/value held for the iteration",
     lambda t: "Py_INCREF(" in t),
    ("freethreading-unguarded-dict-next", "critical section around the loop", None),
    ("freethreading-unlocked-container-access", "PyList_GetItemRef, NULL test added (earlier exit)",
     lambda t: "== NULL)" in t or "== nullptr)" in t),
    ("freethreading-unlocked-container-access", "PyList_GetItemRef, existing NULL test", None),
    ("freethreading-critical-section-exit", "return moved after the END", None),
    ("freethreading-object-malloc-buffer", "PyMem_ family for the buffer", None),
    ("freethreading-refcount-test", "uniqueness test", None),
    ("freethreading-missing-mod-gil", "GIL use declared", None),
    ("freethreading-global-state", "lazily created constant published once (compare-and-swap)",
     lambda t: "atomic_compare_exchange_strong" in t),
    ("freethreading-global-state", "counter or flag declared _Atomic", None),
]


# borrowed-reference's dict lookups also say what becomes of a lookup error
# the old call swallowed (its page, "errors"): a second part of the shape.
LOOKUP_ERRORS = [
    ("lookup errors passed on through the function's own exit", "PyErr_Occurred"),
    ("lookup errors cleared", "PyErr_Clear"),
]


def shape_of(entry):
    """The shape name of a "fixed" entry; "other" for a check listed nowhere."""
    check = entry.get("check", "")
    written = "\n".join(entry.get("replacements") or [])
    for c, name, mark in SHAPES:
        if c == check and (mark is None or mark(written)):
            if check == "freethreading-borrowed-reference":
                for errors, mark_text in LOOKUP_ERRORS:
                    if mark_text in written:
                        return f"{name}; {errors}"
            return name
    return "other"


def shape_rows(pairs):
    """Markdown rows "| check | shape | n |" for (check, shape) pairs, in
    SHAPES order, with every shape listed (0 included)."""
    counts = {}
    for p in pairs:
        counts[tuple(p)] = counts.get(tuple(p), 0) + 1
    rows = ["| check | shape | fixed |", "|---|---|---|"]
    known = [(c, s) for c, s, _ in SHAPES]
    for c, s in known + sorted(k for k in counts if k not in known):
        rows.append(f"| {c.replace('freethreading-', '')} | {s} | {counts.get((c, s), 0)} |")
    return rows
