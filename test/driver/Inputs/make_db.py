#!/usr/bin/env python3
"""Write DIR/build/compile_commands.json for the fixture project copied to
DIR: src/core.c only, with FIXTURE_LOCKED=0 (which setup.py sets to 1)."""
import json
import os
import sys
import sysconfig

root = os.path.realpath(sys.argv[1])
os.makedirs(os.path.join(root, "build"), exist_ok=True)
args = ["cc", "-I" + os.path.join(root, "include"), "-I" + os.path.join(root, "third_party", "inc"),
        "-I" + sysconfig.get_paths()["include"], "-DFIXTURE_LOCKED=0", "-c", "src/core.c"]
with open(os.path.join(root, "build", "compile_commands.json"), "w") as f:
    json.dump([{"directory": root, "arguments": args, "file": "src/core.c"}], f, indent=2)
