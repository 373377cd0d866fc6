#!/usr/bin/env bash
# Builds a free-threaded CPython 3.13 (./configure --disable-gil) from Debian's
# source package python3.13 (trixie suite) into build/python-ft, once: an
# existing build that passes the GIL check is reused.
#   scripts/build-ft-python.sh            # progress on stderr; the interpreter's path on stdout
#   FT_PYTHON_DIR=/some/dir scripts/build-ft-python.sh
#   FT_PYTHON_ARCHIVE=http://mirror/debian scripts/build-ft-python.sh   # another archive
# The source is fetched with 'apt-get source --download-only' through a private
# sources list and private apt state directories under build/: the machine's
# apt configuration is read (for the archive's address) but never changed.
# Needs gcc, make and the -dev packages of zlib, libffi,
# OpenSSL, bzip2, xz, sqlite, readline and expat (scripts/install-deps.sh).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prefix=${FT_PYTHON_DIR:-$root/build/python-ft}
work=${prefix}-src
suite=trixie
package=python3.13
exe=$prefix/bin/python3.13t

fail() { echo "build-ft-python: error: $*" >&2; exit 1; }

gil_off() {
  "$exe" -c 'import sys; sys.exit(0 if sys._is_gil_enabled() is False else 1)' 2>/dev/null
}

if [ -x "$exe" ] && gil_off; then
  echo "build-ft-python: reusing ${prefix#$root/} ($("$exe" -VV | head -1))" >&2
  echo "$exe"
  exit 0
fi

# The Debian archive the machine's own sources name (deb822 or one-line
# format), security and update mirrors aside; deb.debian.org otherwise.
archive_uri() {
  local files=() f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -r "$f" ] && files+=("$f")
  done
  [ ${#files[@]} -gt 0 ] && awk '
    /^[[:space:]]*#/ { next }
    /^URIs:/ { for (i = 2; i <= NF; i++) print $i; next }
    /^deb(-src)?[[:space:]]/ { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z+]+:\/\//) { print $i; break } }
  ' "${files[@]}" | grep -E '/debian/?$' | grep -v -e security -e debug | head -1
}
uri=${FT_PYTHON_ARCHIVE:-$(archive_uri || true)}
uri=${uri:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -r "$keyring" ] || fail "$keyring not found (package debian-archive-keyring)"

apt_dir=$work/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial" "$apt_dir/sources.list.d" "$work/download"
echo "deb-src [signed-by=$keyring] $uri $suite main" >"$apt_dir/sources.list"
apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/sources.list.d"
          -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
          -o "APT::Sandbox::User=root" -o "Debug::NoLocking=1")

orig=$(ls "$work/download/${package}"_*.orig.tar.xz 2>/dev/null | head -1 || true)
if [ -z "$orig" ]; then
  echo "build-ft-python: fetching $package source ($suite) from $uri" >&2
  # apt-get update reports an unreachable archive as a warning (exit 0):
  # the index file tells.
  apt-get "${apt_opts[@]}" -qq update >"$work/apt.log" 2>&1 || true
  ls "$apt_dir/lists/"*"_${suite}_main_source_Sources"* >/dev/null 2>&1 \
    || fail "could not read the $suite source index from $uri (log: $work/apt.log)"
  (cd "$work/download" && apt-get "${apt_opts[@]}" -qq source --download-only "$package") >>"$work/apt.log" 2>&1 \
    || fail "could not download the $package source package from $uri (log: $work/apt.log)"
  orig=$(ls "$work/download/${package}"_*.orig.tar.xz 2>/dev/null | head -1 || true)
  [ -n "$orig" ] || fail "no ${package}_*.orig.tar.xz among the downloaded files (log: $work/apt.log)"
fi

# Upstream's source as Debian ships it (the .orig tarball); Debian's patches
# change the install layout for the system interpreter and are not applied.
src=$work/src
rm -rf "$src" && mkdir -p "$src"
tar -xf "$orig" -C "$src" --strip-components=1 || fail "could not unpack $orig"

jobs=$(nproc 2>/dev/null || echo 2)
log=$work/build.log
echo "build-ft-python: building $(basename "$orig" .orig.tar.xz) with --disable-gil into ${prefix#$root/} (log: ${log#$root/})" >&2
rm -rf "$prefix"
(
  cd "$src"
  ./configure --disable-gil --prefix="$prefix" --with-ensurepip=install
  make -j "$jobs"
  make install
) >"$log" 2>&1 || fail "the free-threaded CPython build failed (log: $log)"
[ -x "$exe" ] || fail "$exe was not installed (log: $log)"
gil_off || fail "$exe runs with the GIL enabled: not a free-threaded build (log: $log)"
rm -rf "$src"
echo "build-ft-python: $("$exe" -VV | head -1), sys._is_gil_enabled() is False" >&2
echo "$exe"
