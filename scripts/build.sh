#!/usr/bin/env bash
# Builds the plugin (and the test-only probe plugin) for each LLVM version
# given, default "19 22", into build/llvm-N.
#   scripts/build.sh [--clean] [N ...]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
clean=0
if [ "${1:-}" = "--clean" ]; then clean=1; shift; fi
versions=${*:-${FT_LLVM_VERSIONS:-"19 22"}}
jobs=$(nproc 2>/dev/null || echo 2)
mkdir -p "$root/build"

for v in $versions; do
  dir="$root/build/llvm-$v"
  cmake_dir="/usr/lib/llvm-$v/lib/cmake/clang"
  if [ ! -f "$cmake_dir/ClangConfig.cmake" ]; then
    echo "build: error: LLVM $v not found ($cmake_dir); run scripts/install-deps.sh" >&2
    exit 2
  fi
  [ $clean -eq 1 ] && rm -rf "$dir"
  echo "build: LLVM $v -> ${dir#$root/}"
  start=$(date +%s)
  cmake -S "$root" -B "$dir" -DClang_DIR="$cmake_dir" -DFT_TIDY_WERROR=ON >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log" >&2; echo "build: error: configure failed for LLVM $v" >&2; exit 1; }
  cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1 \
    || { tail -40 "$dir.build.log" >&2; echo "build: error: build failed for LLVM $v (log: $dir.build.log)" >&2; exit 1; }
  echo "build: LLVM $v built in $(( $(date +%s) - start )) s"
done
