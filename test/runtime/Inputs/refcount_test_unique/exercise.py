def exercise(mod):
    results = []

    def call(name, f, *args):
        try:
            results.append((name, "returned", repr(f(*args))))
        except Exception as e:  # error paths are part of the comparison
            results.append((name, "raised", type(e).__name__, str(e)))

    call("fresh_counts", mod.fresh_counts)
    shared = [1, 2]
    call("appended shared", mod.appended, shared, 3)
    results.append(("shared list unchanged", repr(shared)))
    call("appended temporary", mod.appended, [7], 8)
    call("appended not a list", mod.appended, (1,), 2)
    call("appended missing arg", mod.appended, [])
    call("is_shared named", mod.is_shared, shared)
    call("is_shared none", mod.is_shared, None)
    call("is_unique_stored named", mod.is_unique_stored, shared)
    call("is_unique_stored none", mod.is_unique_stored, None)
    return results
