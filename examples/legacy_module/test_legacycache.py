"""The example module's own tests (run after building it in place)."""
import legacycache


def test_cache():
    c = legacycache.Cache()
    c.set("a", 1)
    c.set("b", 2)
    assert c.get("a") == 1
    assert c.total() == 3
    assert c.last() is None
    c.remember("a")
    assert c.last() == "a"
    assert c.key_of("ns", "a") == "ns:a"
    try:
        c.get("missing")
    except KeyError:
        pass
    else:
        raise AssertionError("KeyError expected")


if __name__ == "__main__":
    test_cache()
    print("legacycache: ok")
