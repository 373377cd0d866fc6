#!/usr/bin/env bash
# The build-configuration fixes, built for real: the setup.py fixture of
# test/driver/Inputs/buildconfig/setup-py (py_limited_api=True, a
# Py_LIMITED_API define_macros entry, bdist_wheel's py_limited_api) is fixed
# with ft-tidy --fix, then the original and the fixed project are built with
# setuptools (build_ext --inplace and bdist_wheel) on the free-threaded
# CPython and on the distribution's, and imported:
#   original, free-threaded: the build stops with Python.h's #error;
#   original, default:       an abi3 wheel, the module imports;
#   fixed, free-threaded:    a cp313t wheel, the module imports with the GIL
#                            disabled;
#   fixed, default:          an abi3 wheel, as before the fix.
# Then the cibuildwheel fixture's config-settings (--py-limited-api) as
# cibuildwheel hands them to pip: refused on the free-threaded interpreter.
#   test/buildconfig/run_build.sh LLVM_MAJOR FT_PYTHON
# Exit status 0 pass, 1 fail, 77 the package index (setuptools) was
# unreachable. The setuptools and wheel versions are the corpus's pins.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
llvm=${1:?usage: run_build.sh LLVM_MAJOR FT_PYTHON}
ft_python=${2:?usage: run_build.sh LLVM_MAJOR FT_PYTHON}
work="$root/build/buildconfig"
pins="setuptools==69.5.1 wheel==0.43.0"
fail() { echo "build-config: FAIL: $*"; exit 1; }

mkdir -p "$work"
venv() { # python dir
  if [ -x "$2/bin/python" ] && [ "$(cat "$2/pins" 2>/dev/null)" = "$1 $pins" ]; then
    return 0
  fi
  rm -rf "$2"
  "$1" -m venv "$2" > "$work/venv.log" 2>&1 || fail "$1 -m venv (log: ${work#$root/}/venv.log)"
  # shellcheck disable=SC2086
  if ! "$2/bin/python" -m pip install --timeout 60 --retries 2 $pins > "$work/pip.log" 2>&1; then
    if grep -qE "No matching distribution found|Failed to establish a new connection" "$work/pip.log"; then
      echo "build-config: the package index is unreachable (log: ${work#$root/}/pip.log)"
      exit 77
    fi
    fail "pip install $pins (log: ${work#$root/}/pip.log)"
  fi
  echo "$1 $pins" > "$2/pins"
}
venv /usr/bin/python3 "$work/venv"
venv "$ft_python" "$work/venv-ft"

rm -rf "$work/original" "$work/fixed"
cp -r "$root/test/driver/Inputs/buildconfig/setup-py" "$work/original"
cp "$root/test/driver/Inputs/buildconfig/fast.c" "$work/original/"
rm -rf "$work/original/dot-github"
mkdir "$work/original/.git"
cp -r "$work/original" "$work/fixed"
(cd "$work/fixed" && python3 "$root/tools/ft-tidy" -q --fix \
   --plugin "$root/build/llvm-$llvm/libFreeThreadingTidy.so" \
   --clang-tidy "/usr/lib/llvm-$llvm/bin/clang-tidy" > "$work/fix.txt" 2>&1) \
  || fail "ft-tidy --fix exited non-zero: $(head -3 "$work/fix.txt")"
grep -q "0 findings left, 4 fixed" "$work/fix.txt" || fail "ft-tidy --fix: $(head -3 "$work/fix.txt")"

# build KIND VENV: builds a copy of $work/KIND with VENV's python; prints
# the wheel's name, or FAILED.
build() {
  local dir="$work/$1-$(basename "$2")"
  rm -rf "$dir" && cp -r "$work/$1" "$dir"
  if ! (cd "$dir" && "$2/bin/python" setup.py -q build_ext --inplace && "$2/bin/python" setup.py -q bdist_wheel) \
       > "$dir.log" 2>&1; then
    echo FAILED
    return
  fi
  (cd "$dir/dist" && ls)
}
expect() { # what got want
  [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"
  echo "build-config: $1: $2"
}
import() { # KIND VENV: the module's answer and whether the GIL is enabled
  (cd "$work/$1-$(basename "$2")" && "$2/bin/python" -c \
    "import sys, fast; print(fast.answer(), getattr(sys, '_is_gil_enabled', lambda: True)())" 2>&1)
}

got=$(build original "$work/venv-ft")
expect "original, free-threaded" "$got" FAILED
grep -q "The limited API is not currently supported in the free-threaded build" "$work/original-venv-ft.log" \
  || fail "the original's free-threaded build failed otherwise: $(grep -m3 error "$work/original-venv-ft.log")"
echo "build-config: original, free-threaded: stopped by Python.h's #error (the limited API)"
got=$(build original "$work/venv")
expect "original, default" "$got" "fast-0.0.0-cp38-abi3-linux_$(uname -m).whl"
expect "original, default: import" "$(import original "$work/venv")" "42 True"
got=$(build fixed "$work/venv-ft")
tag=$("$ft_python" -c "import sys; print(f'cp{sys.version_info[0]}{sys.version_info[1]}')")
expect "fixed, free-threaded" "$got" "fast-0.0.0-$tag-${tag}t-linux_$(uname -m).whl"
expect "fixed, free-threaded: import" "$(import fixed "$work/venv-ft")" "42 False"
got=$(build fixed "$work/venv")
expect "fixed, default" "$got" "fast-0.0.0-cp38-abi3-linux_$(uname -m).whl"
expect "fixed, default: import" "$(import fixed "$work/venv")" "42 True"

# The cibuildwheel fixture's config-settings, passed to the build backend as
# cibuildwheel passes them (pip wheel --config-settings), with the same
# setuptools and wheel (--no-build-isolation): the free-threaded build
# refuses the abi3 tag that ft-tidy reports; the default one builds it.
rm -rf "$work/cibw"
cp -r "$root/test/driver/Inputs/buildconfig/cibuildwheel" "$work/cibw"
cp "$root/test/driver/Inputs/buildconfig/fast.c" "$work/cibw/"
rm -rf "$work/cibw/dot-github"
cibw_wheel() { # VENV: the wheel built with the fixture's config-settings, or FAILED
  local dir="$work/cibw-$(basename "$1")"
  rm -rf "$dir" && cp -r "$work/cibw" "$dir"
  if ! (cd "$dir" && "$1/bin/python" -m pip wheel -q --no-build-isolation --no-deps \
          --config-settings=--build-option=--py-limited-api=cp39 . -w dist) > "$dir.log" 2>&1; then
    echo FAILED
    return
  fi
  (cd "$dir/dist" && ls)
}
expect "cibuildwheel's config-settings, free-threaded" "$(cibw_wheel "$work/venv-ft")" FAILED
grep -q "unsupported tag ('cp39', 'abi3'" "$work/cibw-venv-ft.log" \
  || fail "the free-threaded build with the config-settings failed otherwise: $(grep -m3 -i error "$work/cibw-venv-ft.log")"
expect "cibuildwheel's config-settings, default" "$(cibw_wheel "$work/venv")" \
  "fast-1.0-cp39-abi3-linux_$(uname -m).whl"

# Extension(py_limited_api=True) alone, which ft-tidy does not report: it
# builds on the free-threaded interpreter and imports with the GIL disabled.
rm -rf "$work/flag-venv-ft" && mkdir -p "$work/flag-venv-ft"
cp "$root/test/driver/Inputs/buildconfig/fast.c" "$work/flag-venv-ft/"
printf '%s\n' 'from setuptools import Extension, setup' \
  'setup(name="fast", version="1.0", ext_modules=[Extension("fast", ["fast.c"], py_limited_api=True)])' \
  > "$work/flag-venv-ft/setup.py"
mkdir "$work/flag-venv-ft/.git"
(cd "$work/flag-venv-ft" && python3 "$root/tools/ft-tidy" -q --checks='freethreading-build-*' \
   --plugin "$root/build/llvm-$llvm/libFreeThreadingTidy.so" \
   --clang-tidy "/usr/lib/llvm-$llvm/bin/clang-tidy" > "$work/flag.txt" 2>&1) \
  || fail "ft-tidy on the lone flag: $(head -3 "$work/flag.txt")"
grep -q "0 findings left" "$work/flag.txt" || fail "ft-tidy on the lone flag: $(head -3 "$work/flag.txt")"
got=$(cd "$work/flag-venv-ft" && "$work/venv-ft/bin/python" setup.py -q bdist_wheel > build.log 2>&1 && ls dist)
expect "py_limited_api=True alone, free-threaded" "$got" "fast-1.0-$tag-${tag}t-linux_$(uname -m).whl"
expect "py_limited_api=True alone, free-threaded: import" \
  "$(cd "$work/flag-venv-ft" && "$work/venv-ft/bin/python" setup.py -q build_ext --inplace > /dev/null 2>&1 \
     && "$work/venv-ft/bin/python" -c "import sys, fast; print(fast.answer(), sys._is_gil_enabled())" 2>&1)" "42 False"
echo "build-config: PASS"
