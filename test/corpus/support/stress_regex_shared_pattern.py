"""regex: four threads share one compiled fuzzy pattern (regex caches
compiled patterns module-wide, so threads using one pattern text share one
object) and run many short searches with it. Each search takes the
pattern's cached buffers (stack_storage, groups_storage, repeats_storage)
and gives them back at its end. Every result must equal the single-threaded
one; exit status 0 when they all do."""

import sys
import threading

import regex

PATTERN = regex.compile(r"(?:cats|dogs){e<=1}")
TEXTS = ["a cat sat", "dogs and cats", "no pets here", "dgs", "cts cats"]
THREADS = 4
SEARCHES = 40000


def search_all():
    found = []
    for text in TEXTS:
        m = PATTERN.search(text)
        found.append(m.span() if m else None)
    return found


def main():
    expected = search_all()
    wrong = []

    def work():
        for _ in range(SEARCHES):
            got = search_all()
            if got != expected:
                wrong.append(got)

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"GIL enabled: {sys._is_gil_enabled()}; results differing: {len(wrong)}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
