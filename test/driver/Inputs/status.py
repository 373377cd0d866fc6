#!/usr/bin/env python3
"""Run a command; print its stdout, then its stderr, then one line
'[exit N, M stderr lines]', and exit 0 (so lit can check exact exit codes)."""
import subprocess
import sys

res = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                     universal_newlines=True)
sys.stdout.write(res.stdout)
sys.stdout.write(res.stderr)
lines = len(res.stderr.splitlines())
print(f"[exit {res.returncode}, {lines} stderr line{'s' if lines != 1 else ''}]")
