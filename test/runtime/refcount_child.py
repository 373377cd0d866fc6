"""Child side of refcount_harness.py; runs inside the debug interpreter.

    python3-dbg -B -X faulthandler -I refcount_child.py \
        --build-dir DIR --module NAME --exercise FILE --warmup W --iterations N

Imports extension module NAME from DIR (and only from DIR), loads
exercise(mod) from FILE, then:

  1. runs exercise(mod) W times (warm-up: fills interpreter caches, interned
     strings, specialised bytecode, free lists);
  2. measures the reference total across 0 iterations (the calibration: what
     the measuring code itself costs, normally +2 for the two ints it keeps)
     and then across N iterations, both through the same function;
  3. prints one line, "FT_RUNTIME_RESULT " + JSON, with the repr of the
     result of the first and of the last exercise run, the refcount delta
     (N-iteration total minus calibration), the same for
     sys.getallocatedblocks(), and the raw numbers.

Exit status: 0 when the measurement was made; 1 when exercise() (or the
import) raised: the traceback is on stderr; 3 when the environment is wrong
(not a debug build, module imported from elsewhere, no exercise function).
A crash or an abort from the debug allocator kills the process with a
signal, which the harness reports.
"""

import argparse
import gc
import importlib
import importlib.util
import json
import os
import sys

MARKER = "FT_RUNTIME_RESULT "


def fail_setup(message):
    sys.stderr.write("refcount_child: %s\n" % message)
    sys.exit(3)


def load_exercise(path):
    spec = importlib.util.spec_from_file_location("ft_runtime_exercise", path)
    if spec is None or spec.loader is None:
        fail_setup("cannot load %s" % path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    exercise = getattr(module, "exercise", None)
    if not callable(exercise):
        fail_setup("%s defines no exercise(mod) function" % path)
    return exercise


def run(exercise, mod, count):
    for _ in range(count):
        exercise(mod)


def measure(exercise, mod, count):
    """(refcount delta, allocated-blocks delta) across `count` runs.

    The calibration call (count=0) goes through exactly this code, so
    whatever the measurement itself holds (the ints `refs`, `blocks` and
    the two "after" ints) cancels out when the two are subtracted.
    """
    gc.collect()
    refs = sys.gettotalrefcount()
    blocks = sys.getallocatedblocks()
    run(exercise, mod, count)
    gc.collect()
    # Read both counters before computing anything: a difference outside the
    # small-int cache would itself allocate a block.
    refs_after = sys.gettotalrefcount()
    blocks_after = sys.getallocatedblocks()
    return refs_after - refs, blocks_after - blocks


def item_reprs(result):
    if isinstance(result, (list, tuple)):
        return [repr(item) for item in result]
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build-dir", required=True)
    parser.add_argument("--module", required=True)
    parser.add_argument("--exercise", required=True)
    parser.add_argument("--warmup", type=int, required=True)
    parser.add_argument("--iterations", type=int, required=True)
    args = parser.parse_args()

    if not hasattr(sys, "gettotalrefcount"):
        fail_setup("%s is not a debug build (no sys.gettotalrefcount)"
                   % sys.executable)

    build_dir = os.path.realpath(args.build_dir)
    sys.path.insert(0, build_dir)
    mod = importlib.import_module(args.module)
    where = os.path.dirname(os.path.realpath(getattr(mod, "__file__", "") or ""))
    if where != build_dir:
        fail_setup("module %r was imported from %r, not from the build "
                   "directory %r" % (args.module, where, build_dir))
    # The exercises' shared helpers (exercise_support.py), after the build
    # directory so that nothing here can shadow the module under test.
    sys.path.append(os.path.dirname(os.path.realpath(__file__)))
    exercise = load_exercise(args.exercise)

    first = exercise(mod)
    first_repr = repr(first)
    first_items = item_reprs(first)
    del first
    run(exercise, mod, max(args.warmup - 1, 0))

    calibration = measure(exercise, mod, 0)
    raw = measure(exercise, mod, args.iterations)

    last = exercise(mod)
    last_repr = repr(last)
    del last

    report = {
        "module": args.module,
        "result_repr": first_repr,
        "result_items": first_items,
        "last_result_repr": last_repr,
        "warmup": args.warmup,
        "iterations": args.iterations,
        "refcount_delta": raw[0] - calibration[0],
        "blocks_delta": raw[1] - calibration[1],
        "raw_refcount_delta": raw[0],
        "raw_blocks_delta": raw[1],
        "calibration": list(calibration),
        "python": sys.version.split()[0],
    }
    sys.stdout.flush()
    sys.stdout.write(MARKER + json.dumps(report) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
