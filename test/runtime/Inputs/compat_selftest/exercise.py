"""Exercise for compat_selftest: checks every ft_compat.h definition against
its documented 3.13 semantics (SPEC.md section 4). A broken expectation
raises AssertionError, which makes the child exit non-zero and the harness
FAIL with the message. The harness's refcount check covers leaks and
over-releases on every path below; sys.getrefcount checks here prove that
each result is a *new* reference (held once by the caller).

Returns the list of (check, outcome) for the report and the C/C++ result
comparison."""

import gc
import sys
import weakref

from exercise_support import BadEq, BadHash


class Named:
    def __init__(self, name):
        self.name = name

    def __repr__(self):
        return "Named(%r)" % self.name


def outcome(fn, *args):
    try:
        return ("returned", fn(*args))
    except Exception as e:
        return ("raised", type(e).__name__, str(e))


class Checker:
    def __init__(self):
        self.log = []

    def expect(self, label, actual, expected):
        if actual != expected:
            raise AssertionError("%s: expected %r, got %r"
                                 % (label, expected, actual))
        self.log.append((label, repr(actual)))

    def expect_raises(self, label, actual, exc_type, message=None,
                      message_end=None):
        if actual[0] != "raised" or actual[1] != exc_type.__name__:
            raise AssertionError("%s: expected %s, got %r"
                                 % (label, exc_type.__name__, actual))
        if message is not None and actual[2] != message:
            raise AssertionError("%s: expected message %r, got %r"
                                 % (label, message, actual[2]))
        if message_end is not None and not actual[2].endswith(message_end):
            raise AssertionError("%s: expected message ending %r, got %r"
                                 % (label, message_end, actual[2]))
        self.log.append((label, actual[1], actual[2]))

    def expect_new_reference(self, label, obj, base, extra_holders=0):
        # `base` is sys.getrefcount(obj) measured by the caller before the
        # call; here `obj` is also held by this function's parameter (-1),
        # and the result the caller still holds must add exactly one.
        now = sys.getrefcount(obj) - 1
        if now != base + 1 + extra_holders:
            raise AssertionError("%s: refcount %d, expected %d (a new "
                                 "reference)" % (label, now,
                                                 base + 1 + extra_holders))
        self.log.append((label, "new reference"))


def check_list(mod, c):
    item = Named("item")
    items = [item, "second"]
    base = sys.getrefcount(item)
    got = mod.list_get_item_ref(items, 0)
    c.expect("PyList_GetItemRef[0] is the item", got is item, True)
    c.expect_new_reference("PyList_GetItemRef[0]", item, base)
    del got
    c.expect("PyList_GetItemRef[1]", mod.list_get_item_ref(items, 1), "second")
    for index in (2, -1, 10**9):
        c.expect_raises("PyList_GetItemRef[%d]" % index,
                        outcome(mod.list_get_item_ref, items, index),
                        IndexError, "list index out of range")
    c.expect_raises("PyList_GetItemRef(empty)",
                    outcome(mod.list_get_item_ref, [], 0),
                    IndexError, "list index out of range")
    for not_list in (("t",), {"k": 1}, "str"):
        c.expect_raises("PyList_GetItemRef(%s)" % type(not_list).__name__,
                        outcome(mod.list_get_item_ref, not_list, 0),
                        TypeError, "expected a list")


def check_dict(mod, c):
    value = Named("value")
    d = {"k": value, 7: "seven"}
    base = sys.getrefcount(value)
    status, got = mod.dict_get_item_ref(d, "k")
    c.expect("PyDict_GetItemRef(found)", (status, got is value), (1, True))
    c.expect_new_reference("PyDict_GetItemRef(found)", value, base)
    del got
    c.expect("PyDict_GetItemRef(int key)", mod.dict_get_item_ref(d, 7),
             (1, "seven"))
    c.expect("PyDict_GetItemRef(missing)", mod.dict_get_item_ref(d, "nope"),
             (0, None))
    c.expect_raises("PyDict_GetItemRef(unhashable)",
                    outcome(mod.dict_get_item_ref, d, []),
                    TypeError, "unhashable type: 'list'")
    c.expect_raises("PyDict_GetItemRef(bad __hash__)",
                    outcome(mod.dict_get_item_ref, d, BadHash()),
                    ValueError, "bad __hash__")
    c.expect_raises("PyDict_GetItemRef(bad __eq__)",
                    outcome(mod.dict_get_item_ref, d, BadEq(7)),
                    RuntimeError, "bad __eq__")
    for not_dict in ([], ("k",)):
        c.expect_raises("PyDict_GetItemRef(%s)" % type(not_dict).__name__,
                        outcome(mod.dict_get_item_ref, not_dict, "k"),
                        SystemError,
                        message_end="bad argument to internal function")

    status, got = mod.dict_get_item_string_ref(d, b"k")
    c.expect("PyDict_GetItemStringRef(found)", (status, got is value), (1, True))
    c.expect_new_reference("PyDict_GetItemStringRef(found)", value, base)
    del got
    c.expect("PyDict_GetItemStringRef(missing)",
             mod.dict_get_item_string_ref(d, b"nope"), (0, None))
    c.expect_raises("PyDict_GetItemStringRef(invalid UTF-8)",
                    outcome(mod.dict_get_item_string_ref, d, b"\xff"),
                    UnicodeDecodeError)
    c.expect_raises("PyDict_GetItemStringRef(list)",
                    outcome(mod.dict_get_item_string_ref, [], b"k"),
                    SystemError,
                    message_end="bad argument to internal function")

    c.expect("PyDict_ContainsString(present)",
             mod.dict_contains_string(d, b"k"), 1)
    c.expect("PyDict_ContainsString(absent)",
             mod.dict_contains_string(d, b"nope"), 0)
    c.expect_raises("PyDict_ContainsString(invalid UTF-8)",
                    outcome(mod.dict_contains_string, d, b"\xff"),
                    UnicodeDecodeError)


def check_set_default(mod, c):
    existing = Named("existing")
    default = Named("default")
    d = {"k": existing}
    base_existing = sys.getrefcount(existing)
    base_default = sys.getrefcount(default)

    status, got = mod.dict_set_default_ref(d, "k", default, True)
    c.expect("PyDict_SetDefaultRef(present)", (status, got is existing), (1, True))
    c.expect_new_reference("PyDict_SetDefaultRef(present)", existing,
                           base_existing)
    c.expect_new_reference("PyDict_SetDefaultRef(present) default untouched",
                           default, base_default - 1)
    c.expect("PyDict_SetDefaultRef(present) dict", d, {"k": existing})
    del got

    status, got = mod.dict_set_default_ref(d, "new", default, True)
    c.expect("PyDict_SetDefaultRef(inserted)", (status, got is default), (0, True))
    # Held by the dict and by `got`.
    c.expect_new_reference("PyDict_SetDefaultRef(inserted)", default,
                           base_default, extra_holders=1)
    c.expect("PyDict_SetDefaultRef(inserted) dict", d,
             {"k": existing, "new": default})
    del got

    # Present with the very object passed as default: still "present".
    c.expect("PyDict_SetDefaultRef(present, same object)",
             mod.dict_set_default_ref(d, "new", default, True)[0], 1)

    c.expect("PyDict_SetDefaultRef(NULL result, present)",
             mod.dict_set_default_ref(d, "k", default, False), (1, None))
    c.expect("PyDict_SetDefaultRef(NULL result, inserted)",
             mod.dict_set_default_ref(d, "third", 3, False), (0, None))
    c.expect("PyDict_SetDefaultRef(NULL result) dict", d,
             {"k": existing, "new": default, "third": 3})

    for want in (True, False):
        c.expect_raises("PyDict_SetDefaultRef(unhashable, result=%s)" % want,
                        outcome(mod.dict_set_default_ref, d, [], 1, want),
                        TypeError, "unhashable type: 'list'")
        c.expect_raises("PyDict_SetDefaultRef(bad __hash__, result=%s)" % want,
                        outcome(mod.dict_set_default_ref, d, BadHash(), 1, want),
                        ValueError, "bad __hash__")
        c.expect_raises("PyDict_SetDefaultRef(bad __eq__, result=%s)" % want,
                        outcome(mod.dict_set_default_ref, {7: 0}, BadEq(7), 1, want),
                        RuntimeError, "bad __eq__")
        c.expect_raises("PyDict_SetDefaultRef(list, result=%s)" % want,
                        outcome(mod.dict_set_default_ref, [], "k", 1, want),
                        SystemError,
                        message_end="bad argument to internal function")
    c.expect("PyDict_SetDefaultRef(errors) dict unchanged", d,
             {"k": existing, "new": default, "third": 3})
    d.clear()


def check_weakref(mod, c):
    target = Named("target")
    ref = weakref.ref(target)
    proxy = weakref.proxy(target)
    base = sys.getrefcount(target)
    status, got = mod.weakref_get_ref(ref)
    c.expect("PyWeakref_GetRef(alive)", (status, got is target), (1, True))
    c.expect_new_reference("PyWeakref_GetRef(alive)", target, base)
    del got
    status, got = mod.weakref_get_ref(proxy)
    c.expect("PyWeakref_GetRef(proxy alive)", (status, got is target), (1, True))
    del got
    del target
    c.expect("PyWeakref_GetRef(dead)", mod.weakref_get_ref(ref), (0, None))
    c.expect("PyWeakref_GetRef(proxy dead)", mod.weakref_get_ref(proxy),
             (0, None))
    for not_ref in (5, None, Named("plain")):
        c.expect_raises("PyWeakref_GetRef(%s)" % type(not_ref).__name__,
                        outcome(mod.weakref_get_ref, not_ref),
                        TypeError, "expected a weakref")


def check_import(mod, c):
    base = sys.getrefcount(sys)
    got = mod.import_add_module_ref("sys")
    c.expect("PyImport_AddModuleRef(sys) is sys", got is sys, True)
    c.expect_new_reference("PyImport_AddModuleRef(sys)", sys, base)
    del got
    name = "ft_compat_selftest_added"
    c.expect("PyImport_AddModuleRef(new) not yet there", name in sys.modules,
             False)
    got = mod.import_add_module_ref(name)
    c.expect("PyImport_AddModuleRef(new) name", got.__name__, name)
    c.expect("PyImport_AddModuleRef(new) in sys.modules",
             sys.modules.get(name) is got, True)
    c.expect("PyImport_AddModuleRef(new) again",
             mod.import_add_module_ref(name) is got, True)
    del sys.modules[name]
    # Only `got` holds the module now: dropping it frees the module. (Not a
    # sys.getrefcount test: a free-threaded 3.13 counts module objects with
    # deferred references, one more than the references held.)
    ref = weakref.ref(got)
    del got
    gc.collect()
    c.expect("PyImport_AddModuleRef(new) freed with its last reference",
             ref() is None, True)


def check_critical_sections(mod, c):
    c.expect("Py_BEGIN_CRITICAL_SECTION sum",
             mod.critical_sum({"a": 1, "b": 2, "c": 39}), 42)
    c.expect("Py_BEGIN_CRITICAL_SECTION empty", mod.critical_sum({}), 0)
    c.expect_raises("Py_BEGIN_CRITICAL_SECTION error exit",
                    outcome(mod.critical_sum, {"a": 1, "b": "x"}), TypeError)
    c.expect("Py_BEGIN_CRITICAL_SECTION2",
             mod.critical_pair_len({"a": 1}, {"b": 2, "c": 3}), 3)


def check_uniquely_referenced(mod, c):
    held = object()
    base = sys.getrefcount(held)
    c.expect("PyUnstable_Object_IsUniquelyReferenced",
             mod.uniquely_referenced(held), (1, 0, 1, 0))
    c.expect("PyUnstable_Object_IsUniquelyReferenced leaves counts alone",
             sys.getrefcount(held), base)


def exercise(mod):
    c = Checker()
    c.log.append(("compiled as", mod.language))
    check_list(mod, c)
    check_dict(mod, c)
    check_set_default(mod, c)
    check_weakref(mod, c)
    check_import(mod, c)
    check_critical_sections(mod, c)
    check_uniquely_referenced(mod, c)
    return c.log
