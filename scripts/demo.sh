#!/usr/bin/env bash
# README command (a): installs what is missing, builds the plugin for LLVM 19
# and 22, and runs it through clang-tidy on examples/legacy_module: first the
# findings, then --fix on a copy (the original is never touched), the diff,
# and the fixed copy built and tested against the installed Python.
#   FT_DEMO_LLVM=22 scripts/demo.sh     # run the demo with clang-tidy 22
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
llvm=${FT_DEMO_LLVM:-19}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

tidy=/usr/lib/llvm-$llvm/bin/clang-tidy
plugin=$root/build/llvm-$llvm/libFreeThreadingTidy.so
python=/usr/bin/python3
py_inc=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
[ -f "$py_inc/Python.h" ] || { echo "demo: error: no Python.h in $py_inc (install python3-dev)" >&2; exit 2; }
example=$root/examples/legacy_module
run_tidy() { "$tidy" --load="$plugin" --checks='-*,freethreading-*' "$@" -- -I"$py_inc"; }

echo
echo "== ft-tidy findings on examples/legacy_module/legacycache.c (clang-tidy $llvm)"
findings=$(run_tidy "$example/legacycache.c" 2>/dev/null || true)
if grep -q "warning:" <<<"$findings"; then
  printf '%s\n' "$findings"
else
  echo "(no findings)"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$example"/legacycache.c "$example"/test_legacycache.py "$work"/
echo
echo "== --fix on a copy ($work); the changes:"
run_tidy --fix --quiet "$work/legacycache.c" >/dev/null 2>&1 || true
if diff -u "$example/legacycache.c" "$work/legacycache.c" --label original --label fixed; then
  echo "(no automatic fixes: see each check's page in docs/checks/ for what it fixes)"
fi

echo
echo "== building the fixed copy and running the module's own test"
ext=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
gcc -shared -fPIC -O1 -Wall -I"$py_inc" "$work/legacycache.c" -o "$work/legacycache$ext"
(cd "$work" && "$python" test_legacycache.py)
