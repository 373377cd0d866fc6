"""Just enough of PEP 440 and PEP 508 to answer one question about a
project's declared build requirements: can the requirement be met by a
release at or after a given one (the first release of a build backend that
does something for free-threaded interpreters)?

Only the release numbers are compared (1.5.0rc1 counts as 1.5.0; a suffixed
upper bound is read in the direction that never makes a report wrongly);
environment markers after ';' are not evaluated: excludes_from gives no
answer for a requirement that has them."""

import re
from typing import Optional, Tuple

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*(.*)$")
_CLAUSE = re.compile(r"\s*(===|==|!=|~=|<=|>=|<|>)\s*([^\s,;]+)\s*$")
_RELEASE = re.compile(r"v?(\d+(?:\.\d+)*)")


def canonical(name):
    """A project name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def release(text) -> Optional[Tuple[int, ...]]:
    """The release numbers of a version ('75.7.0' -> (75, 7, 0)), None when
    it does not start with one (or names an epoch, 1!2.0, which orders
    after every version without one)."""
    if "!" in text:
        return None
    m = _RELEASE.match(text.strip())
    try:
        return tuple(int(p) for p in m.group(1).split(".")) if m else None
    except ValueError:  # more digits than int() takes
        return None


def _suffixed(text):
    """Whether a version has more than release numbers (.post1, rc1, .dev0...)."""
    m = _RELEASE.match(text.strip())
    return bool(m) and m.end() < len(text.strip())


def _cmp(a, b):
    n = max(len(a), len(b))
    a, b = a + (0,) * (n - len(a)), b + (0,) * (n - len(b))
    return (a > b) - (a < b)


def parse(requirement):
    """(canonical name, specifier text) of a requirement string, or None
    when it is not one (a URL, a path...)."""
    if not isinstance(requirement, str):
        return None
    text = requirement.split(";", 1)[0]
    m = _NAME.match(text)
    if not m or "@" in m.group(3):
        return None
    spec = m.group(3).strip()
    if spec.startswith("(") and spec.endswith(")"):
        spec = spec[1:-1]
    return canonical(m.group(1)), spec


def _clause_admits(op, version, at_least):
    """Whether the clause 'op version' admits some release >= at_least.
    Lower bounds and exclusions never rule out every later release; upper
    bounds, exact versions and compatible releases (~=) can."""
    wildcard = version.endswith(".*")
    v = release(version[:-2] if wildcard else version)
    if v is None:
        return True  # not a version we can read: do not claim it excludes
    if op in (">", ">=", "!="):
        return True
    if op == "<":
        # <75.7.0.post1 admits 75.7.0; <75.7.0rc1 does not, but is taken as
        # if it did (a report missed, never one made wrongly).
        return _cmp(v, at_least) >= (0 if _suffixed(version) else 1)
    if op == "<=":
        return _cmp(v, at_least) >= 0
    if op == "~=":
        # ~=X.Y.Z is >=X.Y.Z and ==X.Y.*: a release at or after at_least
        # exists in that range exactly when one starts with X.Y.
        return len(v) < 2 or _prefix_admits(v[:-1], at_least)
    if op in ("==", "===") and wildcard:
        return _prefix_admits(v, at_least)
    if op in ("==", "==="):
        return _cmp(v, at_least) >= 0
    return True


def _prefix_admits(prefix, at_least):
    """Whether some release starting with prefix is >= at_least."""
    head = at_least[:len(prefix)] + (0,) * max(0, len(prefix) - len(at_least))
    return _cmp(prefix, head) >= 0


def admits_at_least(spec, at_least):
    """Whether a specifier text ('>=61,<70') admits some release at or after
    at_least (a tuple of ints)."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        m = _CLAUSE.match(clause)
        if m and not _clause_admits(m.group(1), m.group(2), at_least):
            return False
    return True


def find_requirements(requires, name):
    """[(the requirement string, its specifier text, whether it has
    environment markers)] of the strings naming name in a requirement list."""
    want = canonical(name)
    out = []
    for r in requires if isinstance(requires, list) else []:
        parsed = parse(r)
        if parsed and parsed[0] == want:
            out.append((r, parsed[1], ";" in r))
    return out


def excludes_from(requires, name, at_least):
    """The requirement naming name that admits no release at or after
    at_least, when every requirement naming it is like that and none has
    environment markers (markers are not evaluated: a requirement for some
    platforms only says nothing certain); None otherwise."""
    found = find_requirements(requires, name)
    if not found or any(marked for _, _, marked in found):
        return None
    if all(not admits_at_least(spec, at_least) for _, spec, _ in found):
        return found[0][0]
    return None


def admits_before(spec, before):
    """Whether a specifier text admits some release before `before` (a tuple
    of ints): every lower bound it sets (>=, >, ==, ~=) lies below it."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        m = _CLAUSE.match(clause)
        if not m or m.group(1) not in (">=", ">", "==", "===", "~="):
            continue
        version = m.group(2)
        v = release(version[:-2] if version.endswith(".*") else version)
        if v is not None and _cmp(v, before) >= 0:
            return False
    return True


def contains(spec, version):
    """Whether a specifier text ('>=3.9,<3.14') contains a final release
    (a tuple of ints, (3, 13, 99)); None when a clause cannot be read."""
    for clause in filter(None, (c.strip() for c in spec.split(","))):
        m = _CLAUSE.match(clause)
        if not m:
            return None
        op, text = m.groups()
        wildcard = text.endswith(".*")
        v = release(text[:-2] if wildcard else text)
        if v is None or (wildcard and op not in ("==", "!=")) or (op == "~=" and len(v) < 2):
            return None
        padded = version + (0,) * max(0, len(v) - len(version))
        if wildcard:
            ok = (padded[:len(v)] == v) == (op == "==")
        elif op == "~=":
            ok = _cmp(version, v) >= 0 and padded[:len(v) - 1] == v[:-1]
        else:
            c = _cmp(version, v)
            ok = {"==": c == 0, "===": c == 0, "!=": c != 0, ">=": c >= 0, "<=": c <= 0,
                  ">": c > 0, "<": c < 0}[op]
        if not ok:
            return False
    return True
