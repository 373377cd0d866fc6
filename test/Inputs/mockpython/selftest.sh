#!/bin/sh
# Self test of the mock CPython headers, the pythoncapi_compat mock and the
# real-header shim.  Exits non-zero when any configuration fails.
#
#   test/Inputs/mockpython/selftest.sh [-v]
#
# Environment:
#   FT_SELFTEST_CLANGS   clang binaries to use
#                        (default: /usr/lib/llvm-19/bin/clang /usr/lib/llvm-22/bin/clang,
#                        those that exist)
#   FT_SELFTEST_REAL_INC real Python < 3.13 include dir (default /usr/include/python3.11;
#                        the real-header runs are skipped when it has no Python.h)

set -u

here=$(cd "$(dirname "$0")" && pwd)
inputs=$(dirname "$here")
src="$here/selftest.c"
verbose=0
[ "${1:-}" = "-v" ] && verbose=1

clangs=${FT_SELFTEST_CLANGS:-}
if [ -z "$clangs" ]; then
    for v in 19 22; do
        [ -x "/usr/lib/llvm-$v/bin/clang" ] && clangs="$clangs /usr/lib/llvm-$v/bin/clang"
    done
fi
if [ -z "$clangs" ]; then
    echo "selftest: no clang found (set FT_SELFTEST_CLANGS)" >&2
    exit 2
fi
real_inc=${FT_SELFTEST_REAL_INC:-/usr/include/python3.11}

pass=0
fail=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# run DESCRIPTION CLANG ARGS...
run() {
    desc=$1
    shift
    if "$@" >"$tmp" 2>&1; then
        pass=$((pass + 1))
        [ $verbose = 1 ] && echo "PASS $desc"
    else
        fail=$((fail + 1))
        echo "FAIL $desc"
        echo "  command: $*"
        sed 's/^/  | /' "$tmp" | head -40
    fi
}

langs="c:c99 c:c11 c++:c++11 c++:c++17"
warn="-fsyntax-only -Wall -Wextra -Werror"

for cc in $clangs; do
    ccname=$(basename "$(dirname "$(dirname "$cc")")")
    for lang in $langs; do
        x=${lang%%:*}
        std=${lang#*:}
        for build in default ft; do
            bflag=
            [ $build = ft ] && bflag=-DPy_GIL_DISABLED
            # Mock headers, checked as ordinary headers (all warnings live),
            # and once more as system headers (the default for the lit tests).
            for minor in 12 13 14 15; do
                for sys in nosys sys; do
                    sflag=-DFT_MOCK_NO_SYSTEM_HEADER
                    [ $sys = sys ] && sflag=
                    run "$ccname $std $build py3.$minor $sys" \
                        "$cc" $warn -x "$x" -std="$std" $bflag $sflag \
                        -I"$inputs/py3.$minor" "$src"
                done
                # With the pythoncapi_compat mock.
                run "$ccname $std $build py3.$minor +compat" \
                    "$cc" $warn -x "$x" -std="$std" $bflag -DFT_MOCK_NO_SYSTEM_HEADER \
                    -DFT_SELFTEST_COMPAT -I"$inputs/py3.$minor" -I"$inputs/compat" "$src"
            done
            # Deprecation attributes on (3.13/3.14 only have something to deprecate):
            # the weakref getters must warn.
            for minor in 13 14; do
                if "$cc" $warn -x "$x" -std="$std" $bflag -DFT_MOCK_DEPRECATIONS \
                       -I"$inputs/py3.$minor" "$src" >"$tmp" 2>&1; then
                    fail=$((fail + 1))
                    echo "FAIL $ccname $std $build py3.$minor deprecations: no warning"
                elif grep -q "PyWeakref_GetObject.*deprecated\|deprecated.*PyWeakref" "$tmp"; then
                    pass=$((pass + 1))
                    [ $verbose = 1 ] && echo "PASS $ccname $std $build py3.$minor deprecations"
                else
                    fail=$((fail + 1))
                    echo "FAIL $ccname $std $build py3.$minor deprecations: unexpected error"
                    sed 's/^/  | /' "$tmp" | head -20
                fi
            done
            # Real headers + shim (+ compat mock on top).
            if [ -f "$real_inc/Python.h" ]; then
                run "$ccname $std $build real $(basename "$real_inc") +shim" \
                    "$cc" $warn -x "$x" -std="$std" $bflag -I"$real_inc" \
                    -include Python.h -include "$inputs/real-shim/ft_test_shim.h" "$src"
                run "$ccname $std $build real $(basename "$real_inc") +shim +compat" \
                    "$cc" $warn -x "$x" -std="$std" $bflag -DFT_SELFTEST_COMPAT \
                    -I"$real_inc" -I"$inputs/compat" \
                    -include Python.h -include "$inputs/real-shim/ft_test_shim.h" "$src"
            fi
        done
    done
done

# Expansion shape of the critical-section macros.
cc=$(echo $clangs | cut -d' ' -f1)
expand() {
    printf '%s\n' "$2" | "$cc" -E -P -x c $1 - 2>&1 | tr -s ' \n' ' ' | sed 's/^ //;s/ $//'
}
# expect DESCRIPTION ACTUAL EXPECTED
expect() {
    if [ "$2" = "$3" ]; then
        pass=$((pass + 1))
        [ $verbose = 1 ] && echo "PASS $1"
    else
        fail=$((fail + 1))
        echo "FAIL $1"
        echo "  expected: $3"
        echo "  actual:   $2"
    fi
}
cs='#include <Python.h>
int marker_begin;
void f(PyObject *d, PyObject *e) { Py_BEGIN_CRITICAL_SECTION(d); x; Py_END_CRITICAL_SECTION(); Py_BEGIN_CRITICAL_SECTION2(d, e); y; Py_END_CRITICAL_SECTION2(); }'
ft_exp='void f(PyObject *d, PyObject *e) { { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, ((PyObject *)(d))); x; PyCriticalSection_End(&_py_cs); }; { PyCriticalSection2 _py_cs2; PyCriticalSection2_Begin(&_py_cs2, ((PyObject *)(d)), ((PyObject *)(e))); y; PyCriticalSection2_End(&_py_cs2); }; }'
def_exp='void f(PyObject *d, PyObject *e) { {; x; }; {; y; }; }'
shim_ft_exp='void f(PyObject *d, PyObject *e) { { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, (PyObject *)(d)); x; PyCriticalSection_End(&_py_cs); }; { PyCriticalSection2 _py_cs2; PyCriticalSection2_Begin(&_py_cs2, (PyObject *)(d), (PyObject *)(e)); y; PyCriticalSection2_End(&_py_cs2); }; }'
after_marker() { sed 's/.*int marker_begin; //'; }
for minor in 13 14 15; do
    expect "expand py3.$minor ft" \
        "$(expand "-DPy_GIL_DISABLED -I$inputs/py3.$minor" "$cs" | after_marker)" "$ft_exp"
    expect "expand py3.$minor default" \
        "$(expand "-I$inputs/py3.$minor" "$cs" | after_marker)" "$def_exp"
done
for build in "" "-DPy_GIL_DISABLED"; do
    expect "expand py3.12 +compat $build" \
        "$(expand "$build -I$inputs/py3.12 -I$inputs/compat" \
            "$(printf '#include "pythoncapi_compat.h"\n%s' "$cs")" | after_marker)" "$def_exp"
done
if [ -f "$real_inc/Python.h" ]; then
    expect "expand real +shim ft" \
        "$(expand "-DPy_GIL_DISABLED -I$real_inc -include Python.h -include $inputs/real-shim/ft_test_shim.h" "$cs" | after_marker)" \
        "$shim_ft_exp"
    expect "expand real +shim default" \
        "$(expand "-I$real_inc -include Python.h -include $inputs/real-shim/ft_test_shim.h" "$cs" | after_marker)" \
        "$def_exp"
fi
mx='#include <Python.h>
int marker_begin;
void g(PyMutex *m, PyMutex *n) { Py_BEGIN_CRITICAL_SECTION_MUTEX(m); x; Py_END_CRITICAL_SECTION(); Py_BEGIN_CRITICAL_SECTION2_MUTEX(m, n); y; Py_END_CRITICAL_SECTION2(); }'
expect "expand py3.14 mutex ft" \
    "$(expand "-DPy_GIL_DISABLED -I$inputs/py3.14" "$mx" | after_marker)" \
    'void g(PyMutex *m, PyMutex *n) { { PyCriticalSection _py_cs; PyCriticalSection_BeginMutex(&_py_cs, (m)); x; PyCriticalSection_End(&_py_cs); }; { PyCriticalSection2 _py_cs2; PyCriticalSection2_BeginMutex(&_py_cs2, (m), (n)); y; PyCriticalSection2_End(&_py_cs2); }; }'
expect "expand py3.14 mutex default" \
    "$(expand "-I$inputs/py3.14" "$mx" | after_marker)" \
    'void g(PyMutex *m, PyMutex *n) { {; x; }; {; y; }; }'

# Names that must NOT exist in a configuration (checked with #ifdef / a call
# that must fail to compile).
absent() {  # DESCRIPTION FLAGS CODE
    if printf '#include <Python.h>\n%s\n' "$3" | "$cc" -fsyntax-only -x c $2 - >/dev/null 2>&1; then
        fail=$((fail + 1))
        echo "FAIL absent: $1"
    else
        pass=$((pass + 1))
        [ $verbose = 1 ] && echo "PASS absent: $1"
    fi
}
absent "py3.12 Py_BEGIN_CRITICAL_SECTION" "-I$inputs/py3.12" \
    '#ifndef Py_BEGIN_CRITICAL_SECTION
#error absent
#endif'
absent "py3.12 PyCriticalSection" "-I$inputs/py3.12" 'PyCriticalSection cs;'
absent "py3.12 PyMutex" "-I$inputs/py3.12" 'PyMutex m;'
absent "py3.12 Py_mod_gil" "-I$inputs/py3.12" 'int s = Py_mod_gil;'
absent "py3.12 PyDict_GetItemRef" "-I$inputs/py3.12" 'int (*f)(PyObject *, PyObject *, PyObject **) = PyDict_GetItemRef;'
absent "py3.12 ft PyUnstable_Module_SetGIL" "-DPy_GIL_DISABLED -I$inputs/py3.12" 'void *f = (void *)PyUnstable_Module_SetGIL;'
absent "py3.13 default PyUnstable_Module_SetGIL" "-I$inputs/py3.13" 'void *f = (void *)PyUnstable_Module_SetGIL;'
absent "py3.13 PyCriticalSection_BeginMutex" "-I$inputs/py3.13" 'void *f = (void *)PyCriticalSection_BeginMutex;'
absent "py3.15 PyWeakref_GetObject" "-I$inputs/py3.15" 'void *f = (void *)PyWeakref_GetObject;'
absent "py3.15 PyWeakref_GET_OBJECT" "-I$inputs/py3.15" '#ifndef PyWeakref_GET_OBJECT
#error absent
#endif'
absent "py3.12 +compat Py_mod_gil" "-I$inputs/py3.12 -I$inputs/compat" '#include "pythoncapi_compat.h"
int s = Py_mod_gil;'
absent "py3.12 +compat PyMutex" "-I$inputs/py3.12 -I$inputs/compat" '#include "pythoncapi_compat.h"
PyMutex m;'
absent "py3.12 ft +compat PyUnstable_Module_SetGIL" "-DPy_GIL_DISABLED -I$inputs/py3.12 -I$inputs/compat" '#include "pythoncapi_compat.h"
void *f = (void *)PyUnstable_Module_SetGIL;'
absent "py3.15 Py_mod_gil is not the literal 4" "-I$inputs/py3.15" '#define FT_PASTE(a, b) a##b
#define FT_XPASTE(a, b) FT_PASTE(a, b)
int FT_XPASTE(v, Py_mod_gil);'
# Positive controls: the same probes compile where the names exist.
present() {  # DESCRIPTION FLAGS CODE
    if printf '#include <Python.h>\n%s\n' "$3" | "$cc" -fsyntax-only -x c $2 - >"$tmp" 2>&1; then
        pass=$((pass + 1))
        [ $verbose = 1 ] && echo "PASS present: $1"
    else
        fail=$((fail + 1))
        echo "FAIL present: $1"
        sed 's/^/  | /' "$tmp" | head -20
    fi
}
present "py3.13 PyCriticalSection" "-I$inputs/py3.13" 'PyCriticalSection cs;'
present "py3.13 PyMutex" "-I$inputs/py3.13" 'PyMutex m;'
present "py3.13 Py_mod_gil" "-I$inputs/py3.13" 'int s = Py_mod_gil;'
present "py3.15 Py_mod_gil" "-I$inputs/py3.15" 'int s = Py_mod_gil;'
present "py3.13 PyDict_GetItemRef" "-I$inputs/py3.13" 'int (*f)(PyObject *, PyObject *, PyObject **) = PyDict_GetItemRef;'
present "py3.12 +compat PyDict_GetItemRef" "-I$inputs/py3.12 -I$inputs/compat" '#include "pythoncapi_compat.h"
int (*f)(PyObject *, PyObject *, PyObject **) = PyDict_GetItemRef;'
present "py3.13 ft PyUnstable_Module_SetGIL" "-DPy_GIL_DISABLED -I$inputs/py3.13" 'void *f = (void *)PyUnstable_Module_SetGIL;'
present "py3.14 PyCriticalSection_BeginMutex" "-I$inputs/py3.14" 'void *f = (void *)PyCriticalSection_BeginMutex;'
present "py3.14 PyWeakref_GetObject" "-I$inputs/py3.14" 'void *f = (void *)PyWeakref_GetObject;'
present "py3.14 Py_mod_gil is the literal 4" "-I$inputs/py3.14" '#define FT_PASTE(a, b) a##b
#define FT_XPASTE(a, b) FT_PASTE(a, b)
int FT_XPASTE(v, Py_mod_gil);'
if [ -f "$real_inc/Python.h" ]; then
    present "real +shim ft PyUnstable_Module_SetGIL" \
        "-DPy_GIL_DISABLED -I$real_inc -include Python.h -include $inputs/real-shim/ft_test_shim.h" \
        'void *f = (void *)PyUnstable_Module_SetGIL;'
fi
if [ -f "$real_inc/Python.h" ]; then
    absent "real +shim default PyUnstable_Module_SetGIL" \
        "-I$real_inc -include Python.h -include $inputs/real-shim/ft_test_shim.h" \
        'void *f = (void *)PyUnstable_Module_SetGIL;'
fi

echo "selftest: $pass passed, $fail failed"
[ $fail = 0 ]
