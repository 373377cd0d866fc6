"""bitarray: four threads share one bitarray; each extends it by 5 bits and
pops 5 bits, many times (the object's buffer and length change under the
other threads). Afterwards the length must be the starting one, and no pop
may have found it empty; exit status 0 when so."""

import sys
import threading

from bitarray import bitarray

THREADS = 4
ROUNDS = 20000


def main():
    shared = bitarray("1" * 64)
    errors = []

    def work():
        try:
            for _ in range(ROUNDS):
                shared.extend("0101")
                shared.append(1)
                for _ in range(5):
                    shared.pop()
        except Exception as e:  # an empty pop: another thread's bits lost
            errors.append(repr(e))

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"GIL enabled: {sys._is_gil_enabled()}; length {len(shared)} (started at 64); "
          f"errors: {len(errors)}")
    return 0 if len(shared) == 64 and not errors else 1


if __name__ == "__main__":
    sys.exit(main())
