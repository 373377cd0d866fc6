#!/usr/bin/env python3
"""Run LLVM's lit: the pip-installed one if present, else the copy shipped
with Debian's llvm-N-tools under /usr/lib/llvm-N/build/utils/lit."""
import glob
import sys

try:
    import lit.main
except ImportError:
    for path in sorted(glob.glob("/usr/lib/llvm-*/build/utils/lit"), reverse=True):
        sys.path.insert(0, path)
        try:
            import lit.main
            break
        except ImportError:
            sys.path.pop(0)
    else:
        print("run-lit.py: error: lit not found; run 'python3 -m pip install lit' "
              "or install llvm-19-tools", file=sys.stderr)
        sys.exit(2)

lit.main.main()
