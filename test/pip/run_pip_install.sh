#!/usr/bin/env bash
# pip install of the checkout into a fresh virtual environment, as a user
# installs ft-tidy: the installed console script lints a sample project with
# no option (it finds its plugin and the clang-tidy of its LLVM by itself)
# and says what the checkout's tools/ft-tidy says; its language server
# answers a client; pipx install gives a console script that does the same;
# a missing LLVM fails with the packages to install.
#   test/pip/run_pip_install.sh LLVM_MAJOR
# Exit status 0 pass, 1 fail, 77 the package index (scikit-build-core) was
# unreachable. Builds in build/pip-N through ccache when present, with the
# flags of scripts/build.sh, so that a build of build/llvm-N before it makes
# this one a cache hit.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
llvm=${1:?usage: run_pip_install.sh LLVM_MAJOR}
work="$root/build/pip-test"
rm -rf "$work" "$root/build/pip-$llvm" "$root/build/pipx-$llvm"
mkdir -p "$work"
fail() { echo "pip-install: FAIL: $*"; exit 1; }

python3 -m venv "$work/venv" || fail "python3 -m venv"
export FT_TIDY_LLVM=$llvm
if command -v ccache >/dev/null 2>&1; then
  # The generator and the compiler of build/llvm-N (scripts/build.sh) too:
  # the same compiler command lines (pip's build environment may find the
  # compiler under another name, which ccache hashes differently).
  export CMAKE_CXX_COMPILER_LAUNCHER=ccache CCACHE_BASEDIR="$root" CMAKE_GENERATOR="Unix Makefiles"
  cxx=$(sed -n 's/^CMAKE_CXX_COMPILER:[A-Z]*=//p' "$root/build/llvm-$llvm/CMakeCache.txt" 2>/dev/null)
  [ -n "$cxx" ] && export CXX="$cxx"
fi
start=$SECONDS
if ! "$work/venv/bin/pip" install "$root" -C "build-dir=build/pip-$llvm" \
     -C cmake.define.FT_TIDY_WERROR=ON >"$work/pip.log" 2>&1; then
  if grep -qE "No matching distribution found for scikit-build-core|Failed to establish a new connection" "$work/pip.log"; then
    echo "pip-install: the package index is unreachable (log: $work/pip.log)"
    exit 77
  fi
  tail -20 "$work/pip.log"
  fail "pip install failed (log: ${work#$root/}/pip.log)"
fi
echo "pip-install: installed in $((SECONDS - start)) s"
bin="$work/venv/bin"
test -x "$bin/ft-tidy" || fail "no console script $bin/ft-tidy"
test -f "$work/venv/lib/libFreeThreadingTidy.so" || fail "no plugin in the environment's lib/"
test -f "$work/venv/share/doc/ft-tidy/checks/freethreading-global-state.md" || fail "no check pages"
test -f "$work/venv/share/doc/ft-tidy/build/freethreading-build-limited-api.md" || fail "no build rule pages"

# The sample project, linted by the installed tool with no option and by
# the checkout's driver with this LLVM's plugin: the same report.
cp -r "$root/examples/legacy_module" "$work/sample"
(cd "$work/sample" && env PATH=/usr/bin:/bin "$bin/ft-tidy" -q > "$work/installed.txt" 2>&1)
status=$?
[ $status = 1 ] || fail "the installed ft-tidy exited with $status, not 1 (findings): $(head -3 "$work/installed.txt")"
(cd "$work/sample" && python3 "$root/tools/ft-tidy" -q --plugin "$root/build/llvm-$llvm/libFreeThreadingTidy.so" \
   --clang-tidy "/usr/lib/llvm-$llvm/bin/clang-tidy" > "$work/checkout.txt" 2>&1)
diff "$work/checkout.txt" "$work/installed.txt" > "$work/report.diff" \
  || fail "the installed ft-tidy's report differs from the checkout's: $(head -5 "$work/report.diff")"
grep -q "freethreading-borrowed-reference" "$work/installed.txt" || fail "no finding in the report"
echo "pip-install: the installed ft-tidy reports $(grep -c ': warning: ' "$work/installed.txt") findings, as the checkout's"

# The language server of the installed tool.
cp -r "$root/test/driver/Inputs/lsp" "$work/lsp"
(cd "$work/lsp" && env PATH=/usr/bin:/bin python3 "$root/test/driver/Inputs/lsp_client.py" --open module.c \
   -- "$bin/ft-tidy" lsp > "$work/lsp.txt" 2>&1) || fail "ft-tidy lsp: $(tail -3 "$work/lsp.txt")"
grep -qx "diagnostics of module.c: 2" "$work/lsp.txt" && grep -qx "exit status: 0" "$work/lsp.txt" \
  || fail "ft-tidy lsp answered otherwise: $(cat "$work/lsp.txt")"
echo "pip-install: the installed ft-tidy lsp published 2 findings and a quick fix"

# pipx install of the checkout (its own environment, the console script in
# PIPX_BIN_DIR), built with the same flags as above through ccache.
"$work/venv/bin/pip" install pipx > "$work/pipx-install.log" 2>&1 \
  || fail "pip install pipx (log: ${work#$root/}/pipx-install.log)"
start=$SECONDS
if ! env PIPX_HOME="$work/pipx" PIPX_BIN_DIR="$work/pipx/bin" PIPX_MAN_DIR="$work/pipx/man" \
     "$work/venv/bin/pipx" install "$root" \
     --pip-args="-C build-dir=build/pipx-$llvm -C cmake.define.FT_TIDY_WERROR=ON" > "$work/pipx.log" 2>&1; then
  tail -20 "$work/pipx.log"
  fail "pipx install failed (log: ${work#$root/}/pipx.log)"
fi
cp -r "$root/examples/legacy_module" "$work/sample-pipx"
(cd "$work/sample-pipx" && env PATH=/usr/bin:/bin "$work/pipx/bin/ft-tidy" -q > "$work/pipx.txt" 2>&1)
diff "$work/checkout.txt" "$work/pipx.txt" > "$work/pipx.diff" \
  || fail "the pipx-installed ft-tidy's report differs from the checkout's: $(head -5 "$work/pipx.diff")"
echo "pip-install: pipx installed it in $((SECONDS - start)) s; its ft-tidy reports what the checkout's does"

# A missing LLVM: the packages to install, and no Python traceback.
if FT_TIDY_LLVM=99 "$work/venv/bin/pip" install "$root" -C "build-dir=$work/llvm-99" > "$work/missing.log" 2>&1; then
  fail "pip install with FT_TIDY_LLVM=99 succeeded"
fi
# CMake's message (wrapped by CMake), then pip's last line of the build's
# output: ours, one line naming the packages.
grep -q "FT_TIDY_LLVM=99: no /usr/lib/llvm-99/lib/cmake/clang; install" "$work/missing.log" \
  || fail "no message for a missing LLVM: $(tail -5 "$work/missing.log")"
grep -qE "^ +ft-tidy: the clang-tidy plugin could not be built. Install the LLVM development packages \(Debian: clang-tidy-N libclang-N-dev llvm-N-dev llvm-N-tools, N = 19 or 22\), or name an installed LLVM with FT_TIDY_LLVM=N; CMake's output is above.$" "$work/missing.log" \
  || fail "no closing line naming the packages: $(tail -5 "$work/missing.log")"
! grep -q "Traceback" "$work/missing.log" || fail "a Python traceback for a missing LLVM"
echo "pip-install: a missing LLVM names the packages to install"
echo "pip-install: PASS"
