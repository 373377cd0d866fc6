#!/usr/bin/env bash
# README command (a): installs what is missing, builds the plugin for LLVM 19
# and 22, and runs ft-tidy (tools/ft-tidy) on examples/legacy_module: first
# the findings and the readiness verdict, then --fix on a copy (the original
# is never touched), the diff, and the fixed copy built and tested against
# the installed Python 3.
#   FT_DEMO_LLVM=22 scripts/demo.sh     # run the demo with clang-tidy 22
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
llvm=${FT_DEMO_LLVM:-19}

"$root/scripts/install-deps.sh"
"$root/scripts/build.sh"

python=/usr/bin/python3
py_inc=$("$python" -c 'import sysconfig; print(sysconfig.get_paths()["include"])')
[ -f "$py_inc/Python.h" ] || { echo "demo: error: no Python.h in $py_inc (install python3-dev)" >&2; exit 2; }
# The fixes introduce the 3.13 API (PyDict_GetItemRef, ...). On an older
# Python a backport header provides it; the demo uses the project's own
# (test/runtime/compat/ft_compat.h). Real projects usually vendor
# pythoncapi_compat.h and pass --compat-header pythoncapi_compat.h.
compat=$root/test/runtime/compat
ft_tidy() {
  "$python" "$root/tools/ft-tidy" --python "$python" \
    --plugin "$root/build/llvm-$llvm/libFreeThreadingTidy.so" "$@"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/examples/legacy_module" "$work/original"
cp -r "$root/examples/legacy_module" "$work/fixed"

echo
echo "== ft-tidy examples/legacy_module (clang-tidy $llvm)"
(cd "$work/original" && ft_tidy -q .) || true

echo
echo "== ft-tidy --fix on a copy; what is left after the fixes:"
(cd "$work/fixed" && ft_tidy -q --fix --compat-header ft_compat.h -I "$compat" .) || true

echo
echo "== the changes --fix made:"
diff -u "$work/original/legacycache.c" "$work/fixed/legacycache.c" \
  --label original/legacycache.c --label fixed/legacycache.c || true

echo
echo "== building the fixed copy and running the module's own test"
ext=$("$python" -c 'import sysconfig; print(sysconfig.get_config_var("EXT_SUFFIX"))')
gcc -shared -fPIC -O1 -Wall -I"$py_inc" -I"$compat" "$work/fixed/legacycache.c" \
  -o "$work/fixed/legacycache$ext"
(cd "$work/fixed" && "$python" test_legacycache.py)
