# lit configuration for ft-tidy. Loaded through a build directory's
# lit.site.cfg.py, which says which plugin and which LLVM to test.
#
# Parameters (lit --param NAME=VALUE):
#   headers=mock|real   mock: test/Inputs mock headers (default);
#                       real: the installed python3-dev headers plus
#                       test/Inputs/real-shim/ft_test_shim.h.
#   ft_python=EXE       the free-threaded CPython of the runtime tests'
#                       threaded leg (default: build/python-ft/bin/python3.13t,
#                       made by scripts/build-ft-python.sh).
import glob
import os
import re
import shutil
import subprocess

import lit.formats

config.name = f"ft-tidy (LLVM {config.llvm_major}, {config.ft_headers} headers)"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".c", ".cpp", ".test"]
config.excludes = ["Inputs", "probe", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in", "tools"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.ft_binary_dir, "test")

if config.ft_headers not in ("mock", "real"):
    lit_config.fatal(f"headers must be 'mock' or 'real', not '{config.ft_headers}'")

src = config.ft_source_dir
clang_tidy = os.path.join(config.llvm_bin, "clang-tidy")
runner = os.path.join(src, "test", "tools", "check_ft_tidy.py")
for tool in ("clang-tidy", "clang", "FileCheck", "not", "clang-apply-replacements"):
    if not os.path.exists(os.path.join(config.llvm_bin, tool)):
        lit_config.fatal(f"{tool} not found in {config.llvm_bin}")

# Tools from the LLVM under test come first on PATH (FileCheck, not, clang).
config.environment["PATH"] = os.pathsep.join([config.llvm_bin, config.environment.get("PATH", os.environ["PATH"])])
config.environment["FT_TIDY_HEADERS"] = config.ft_headers

# The runtime tests also run every fixed module on a free-threaded CPython.
ft_python = lit_config.params.get("ft_python", os.path.join(src, "build", "python-ft", "bin", "python3.13t"))
if not os.access(ft_python, os.X_OK):
    lit_config.fatal(f"no free-threaded CPython at {ft_python}: run scripts/build-ft-python.sh "
                     "(or pass --param ft_python=EXE)")
# Its headers, as the interpreter names them: with a 3.13 whose Python.h is
# there, the runner's -python=3.13t analyses a test on the real 3.13t
# headers of both builds (feature ft-headers-3.13).
common = f"--llvm-bin {config.llvm_bin} --plugin {config.ft_plugin} --inputs {os.path.join(src, 'test', 'Inputs')} --headers {config.ft_headers}"
try:
    probe = subprocess.run([ft_python, "-c", "import sys, sysconfig; "
                            "print(sysconfig.get_path('include')); print('%d.%d' % sys.version_info[:2])"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=60)
    ft_include, ft_version = probe.stdout.split()
except (OSError, ValueError, subprocess.SubprocessError):
    ft_include, ft_version = "", ""
if ft_version == "3.13" and os.path.exists(os.path.join(ft_include, "Python.h")):
    common += f" --ft-include {ft_include}"
    config.available_features.add("ft-headers-3.13")

config.substitutions.append(("%check_ft_tidy", f"{config.python} {runner} {common}"))
config.substitutions.append(("%check_ft_probe", f"{config.python} {runner} {common} --plugin {config.ft_probe_plugin}"))
config.substitutions.append(("%clang_tidy", clang_tidy))
config.substitutions.append(("%ft_plugin", config.ft_plugin))
config.substitutions.append(("%ft_probe_plugin", config.ft_probe_plugin))
config.substitutions.append(("%ft_src", src))
config.substitutions.append(("%ft_inputs", os.path.join(src, "test", "Inputs")))
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%llvm_major", config.llvm_major))
config.substitutions.append(("%ft_python_dir", os.path.dirname(os.path.dirname(ft_python))))
config.substitutions.append(("%ft_python", ft_python))
config.substitutions.append(("%ft_runtime", f"{config.python} {os.path.join(src, 'test', 'runtime', 'refcount_harness.py')} --clang-tidy {clang_tidy} --plugin {config.ft_plugin} --ft-python {ft_python}"))

config.substitutions.append(("%llvm_bin", config.llvm_bin))

# The ft-tidy driver (test/driver/): %ft_tidy runs it with this build's plugin
# and clang-tidy; %ft_tidy_bin is the bare script (for discovery tests).
# The longer name must come first: lit substitutes in order.
ft_tidy_bin = os.path.join(src, "tools", "ft-tidy")
config.substitutions.append(("%ft_tidy_bin", ft_tidy_bin))
config.substitutions.append(("%ft_build_dir", config.ft_binary_dir))
config.substitutions.append(("%ft_tidy", f"{config.python} {ft_tidy_bin} --plugin {config.ft_plugin} --clang-tidy {clang_tidy}"))

# Another installed clang-tidy, for the version-mismatch test.
for other in sorted(glob.glob("/usr/lib/llvm-*/bin/clang-tidy"), reverse=True):
    m = re.search(r"llvm-(\d+)/", other)
    if m and m.group(1) != config.llvm_major:
        config.substitutions.append(("%other_clang_tidy", other))
        config.substitutions.append(("%other_llvm_major", m.group(1)))
        config.available_features.add("other-llvm")
        break

# The newest installed LLVM with clang-tidy headers (what CMake picks by default).
majors = [int(re.search(r"llvm-(\d+)/", p).group(1))
          for p in glob.glob("/usr/lib/llvm-*/include/clang-tidy/ClangTidyModule.h")]
config.substitutions.append(("%newest_llvm_major", str(max(majors))))
config.substitutions.append(("%llvm_include", os.path.join(os.path.dirname(config.llvm_bin), "include")))

config.available_features.add(f"headers-{config.ft_headers}")
config.available_features.add(f"llvm-{config.llvm_major}")
if shutil.which("python3-dbg") or shutil.which("python3.11-dbg"):
    config.available_features.add("python-dbg")
# Editors whose ft-tidy set-up (docs/usage.md) test/driver runs for real.
if shutil.which("vim") and shutil.which("script") and os.path.isdir("/usr/share/vim-ale"):
    config.available_features.add("vim-ale")
if shutil.which("emacs") and glob.glob("/usr/share/emacs/site-lisp/elpa/flycheck-*"):
    config.available_features.add("emacs-flycheck")
# The language-server clients, in the versions their tests were written and
# tried against (Debian 12's Neovim 0.7, elpa-eglot 1.9 and elpa-lsp-mode
# 8.0: the eglot test calls eglot's internal functions, which change between
# releases).
if shutil.which("nvim"):
    nvim = subprocess.run(["nvim", "--version"], stdout=subprocess.PIPE, universal_newlines=True)
    if nvim.stdout.startswith("NVIM v0.7."):
        config.available_features.add("neovim-lsp")
if shutil.which("emacs") and glob.glob("/usr/share/emacs/site-lisp/elpa/eglot-1.9"):
    config.available_features.add("emacs-eglot")
if shutil.which("emacs") and glob.glob("/usr/share/emacs/site-lisp/elpa/lsp-mode-8.0.0"):
    config.available_features.add("emacs-lsp-mode")
# clangd of the LLVM under test (for the test of ft-tidy lsp beside it).
clangd = os.path.join(config.llvm_bin, "clangd")
if os.access(clangd, os.X_OK):
    config.available_features.add("clangd")
    config.substitutions.append(("%clangd", clangd))
