#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds the
# plugin from clean build directories for LLVM 19 and 22, and runs every lit
# test against each build twice: with the mock CPython headers and with the
# installed python3-dev headers. Exits non-zero on any failure.
#   FT_LLVM_VERSIONS="19"  scripts/test.sh    # one version only
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
versions=${FT_LLVM_VERSIONS:-"19 22"}

"$root/scripts/install-deps.sh" || exit 1
"$root/scripts/build.sh" --clean $versions || exit 1

status=0
summary=()
for v in $versions; do
  for headers in mock real; do
    echo "== LLVM $v, $headers headers"
    if python3 "$root/scripts/run-lit.py" -sv --param headers=$headers "$root/build/llvm-$v/test"; then
      summary+=("PASS  LLVM $v, $headers headers")
    else
      summary+=("FAIL  LLVM $v, $headers headers")
      status=1
    fi
  done
done
printf '%s\n' "== summary" "${summary[@]}"
exit $status
