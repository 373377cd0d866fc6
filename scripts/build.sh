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
# A compiler cache when there is one (scripts/install-deps.sh installs
# ccache): a build from a clean directory, as CI's, then recompiles only the
# sources that changed since a build of the same text. Paths under the
# checkout are hashed relative to it, so another clone hits the same
# entries. FT_TIDY_CCACHE=0 turns it off.
launcher=()
if [ "${FT_TIDY_CCACHE:-1}" != 0 ] && command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  export CCACHE_BASEDIR="$root"
fi

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
  cmake -S "$root" -B "$dir" -DClang_DIR="$cmake_dir" -DFT_TIDY_WERROR=ON "${launcher[@]}" >"$dir.configure.log" 2>&1 \
    || { cat "$dir.configure.log" >&2; echo "build: error: configure failed for LLVM $v" >&2; exit 1; }
  cmake --build "$dir" -j "$jobs" >"$dir.build.log" 2>&1 \
    || { tail -40 "$dir.build.log" >&2; echo "build: error: build failed for LLVM $v (log: $dir.build.log)" >&2; exit 1; }
  echo "build: LLVM $v built in $(( $(date +%s) - start )) s${launcher:+ (through ccache)}"
done
