"""Two first callers of lazy_constant.cached_token() at once, on a
free-threaded interpreter with the GIL off: the path of the publish-once fix
where a thread loses the compare-and-swap.

Usage: <free-threaded python> lazy_constant_race.py BUILD_DIR [ROUNDS]

BUILD_DIR holds a built lazy_constant module (the harness's
WORKDIR/fixed-ft). cached_token(holder) fills its static with
`PyObject_GetAttrString(holder, "token")` on the first call; here that
attribute is a property that takes 0.3 s and makes a new Token each time.
Each round runs in a fresh process, so that the static starts unset: two
threads released by a barrier call cached_token() at once. Both must take at
least 0.25 s (each found the static unset and made its own Token), both
must get the same Token (the one installed), and once their results are
dropped exactly one Token may be alive (the static's): the losing thread's
was released, none leaked. The original stores both Tokens into the static,
one over the other, and leaks one: two stay alive.

Prints one PASS or FAIL line; exits 1 on FAIL.
"""

import os
import subprocess
import sys

SLOW_SECONDS = 0.25  # lazy_constant_slow.py sleeps 0.3 s

CHILD = r"""
import sys, threading, time, weakref
sys.path.insert(0, sys.argv[1])
import lazy_constant
made = []
class Token:
    pass
class Holder:
    @property
    def token(self):
        time.sleep(0.3)
        t = Token()
        made.append(weakref.ref(t))
        return t
got, took = [None, None], [0.0, 0.0]
barrier = threading.Barrier(2)
def call(i):
    barrier.wait()
    start = time.monotonic()
    got[i] = lazy_constant.cached_token(Holder())
    took[i] = time.monotonic() - start
threads = [threading.Thread(target=call, args=(i,)) for i in range(2)]
for t in threads:
    t.start()
for t in threads:
    t.join()
same = got[0] is got[1] and got[0] is not None
del got
alive = sum(1 for r in made if r() is not None)
print(len(made), alive, int(same), min(took))
"""


def run(build_dir):
    env = dict(os.environ, PYTHON_GIL="0")
    out = subprocess.run([sys.executable, "-c", CHILD, build_dir],
                         capture_output=True, text=True, env=env, timeout=60)
    if out.returncode != 0:
        lines = (out.stderr or out.stdout).strip().splitlines()
        raise RuntimeError("a round exited with %d: %s"
                           % (out.returncode, lines[-1] if lines else ""))
    made, alive, same, took = out.stdout.split()
    return int(made), int(alive), same == "1", float(took)


def main():
    if len(sys.argv) not in (2, 3):
        print("usage: lazy_constant_race.py BUILD_DIR [ROUNDS]", file=sys.stderr)
        return 2
    build_dir = sys.argv[1]
    rounds = int(sys.argv[2]) if len(sys.argv) == 3 else 10
    try:
        races = [run(build_dir) for _ in range(rounds)]
    except (RuntimeError, subprocess.TimeoutExpired) as e:
        print("FAIL: lazy_constant race: %s" % e)
        return 1
    problems = []
    quickest = min(took for _, _, _, took in races)
    if quickest < SLOW_SECONDS or any(made != 2 for made, _, _, _ in races):
        problems.append("a thread took %.2f s or did not make its own Token: "
                        "it did not find the static unset, so the race was "
                        "not run" % quickest)
    if not all(same for _, _, same, _ in races):
        problems.append("the two threads got different Tokens")
    alive = sorted({a for _, a, _, _ in races})
    if alive != [1]:
        problems.append("Tokens alive after a race (1 expected: the "
                        "static's): %s" % ", ".join(map(str, alive)))
    if problems:
        print("FAIL: lazy_constant race: " + "; ".join(problems))
        return 1
    print("PASS: lazy_constant race: %d rounds of two first callers at once, "
          "each making its own Token (each took at least %.2f s): both got "
          "the installed one, and only it is alive"
          % (rounds, SLOW_SECONDS))
    return 0


if __name__ == "__main__":
    sys.exit(main())
