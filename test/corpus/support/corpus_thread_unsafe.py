"""pytest plugin for the corpus' free-threaded runs under pytest-run-parallel.

Loaded with `-p corpus_thread_unsafe` (test/corpus/support is on PYTHONPATH).
Marks the tests named in $FT_CORPUS_THREAD_UNSAFE (node ids, their ends, or
a class as `file.py::Class`, separated by newlines) with pytest-run-parallel's `thread_unsafe` marker, so
that they run in one thread instead of several. For tests whose own code is
not thread-safe (they share a temporary file between the threads, say), not
the extension under test: each entry's reason is in the manifest.
"""

import os

import pytest


def _names():
    return [n.strip() for n in os.environ.get("FT_CORPUS_THREAD_UNSAFE", "").splitlines() if n.strip()]


def pytest_collection_modifyitems(config, items):
    names = _names()
    for item in items:
        if any(item.nodeid == n or item.nodeid.endswith(("/" + n, "::" + n))
               or ("/" + n + "::") in item.nodeid or item.nodeid.startswith(n + "::")
               for n in names):
            item.add_marker(pytest.mark.thread_unsafe(reason="corpus manifest: ft_thread_unsafe"))
