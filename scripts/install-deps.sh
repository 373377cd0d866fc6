#!/usr/bin/env bash
# Installs everything ft-tidy needs to build and test on Debian 12 or 13:
# LLVM/clang-tidy for each version in FT_LLVM_VERSIONS (default "19 22"),
# the distribution's debug CPython (python3-dbg: 3.11 on Debian 12, 3.13 on
# Debian 13) for the reference-count tests, the build tools, and what
# scripts/build-ft-python.sh needs to build a free-threaded CPython 3.13.
# Uses sudo when not run as root. Safe to run again.
set -euo pipefail

versions=${FT_LLVM_VERSIONS:-"19 22"}
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "install-deps: error: run as root or install sudo" >&2; exit 2; }
  sudo="sudo"
fi

# llvm-19-tools also provides lit (build/utils/lit/lit.py, used by
# scripts/run-lit.py), whichever LLVM versions are tested.
# python3-venv: the corpus test (test/corpus) builds and tests real extensions in a venv.
# zlib1g-dev ... xz-utils: the free-threaded CPython (scripts/build-ft-python.sh), with
# zlib for pip and OpenSSL for reaching the package index from its venvs.
# vim, vim-ale, emacs-nox, elpa-flycheck: the editor tests (test/driver/editors-*.test)
# run Vim ALE and Emacs flycheck headless with the settings of docs/usage.md.
# neovim, elpa-eglot, elpa-lsp-mode, clangd-19: the language-server tests
# (editors-neovim-lsp, editors-eglot-lsp, and ft-tidy lsp beside clangd:
# editors-neovim-clangd, editors-lspmode-clangd).
# ccache: scripts/build.sh compiles through it when present.
packages=(cmake make g++ gcc binutils ccache python3 python3-dev python3-dbg python3-venv llvm-19-tools
          vim vim-ale emacs-nox elpa-flycheck neovim clangd-19
          zlib1g-dev libssl-dev libffi-dev libbz2-dev liblzma-dev libsqlite3-dev xz-utils
          debian-archive-keyring)
for v in $versions; do
  packages+=("clang-tidy-$v" "clang-tools-$v" "clang-$v" "libclang-$v-dev" "llvm-$v-dev" "llvm-$v-tools")
done

# Installed where the distribution has them (Debian 12 has both; Debian 13's
# Emacs has eglot built in, a release its test was not written for).
optional=(elpa-eglot elpa-lsp-mode)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
optional_missing() {
  for p in "${optional[@]}"; do
    if ! installed "$p" && apt-cache show "$p" >/dev/null 2>&1; then echo "$p"; fi
  done
}
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
mapfile -t extra < <(optional_missing)
if [ ${#missing[@]} -eq 0 ] && [ ${#extra[@]} -eq 0 ]; then
  echo "install-deps: everything is installed (LLVM $versions)"
  exit 0
fi

$sudo apt-get update -qq
mapfile -t extra < <(optional_missing)
missing+=("${extra[@]}")
echo "install-deps: installing ${missing[*]}"
if ! DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/ft-tidy-apt.log 2>&1; then
  tail -20 /tmp/ft-tidy-apt.log >&2
  echo "install-deps: error: apt-get install failed (full log: /tmp/ft-tidy-apt.log)" >&2
  exit 1
fi
echo "install-deps: done"
