//===--- HostVersionGuard.cpp - refuse to run inside another LLVM ---------===//
//
// The plugin's ABI is that of the clang-tidy it was built against. Loaded into
// a clang-tidy of another LLVM major, registering the module would corrupt the
// host. This constructor runs before every other static initializer of the
// plugin (priority 101), asks the host's libLLVM for its version through the
// C API (stable across majors, looked up at run time so the plugin links
// nothing), and exits with one line naming both versions on a mismatch.
//===----------------------------------------------------------------------===//

#include "llvm/Config/llvm-config.h"
#include <cstdio>
#include <cstdlib>
#include <dlfcn.h>

namespace {

using LLVMGetVersionFn = void (*)(unsigned *, unsigned *, unsigned *);

__attribute__((constructor(101))) void ftTidyCheckHostVersion() {
  auto *GetVersion = reinterpret_cast<LLVMGetVersionFn>(
      dlsym(RTLD_DEFAULT, "LLVMGetVersion"));
  if (!GetVersion)
    return; // A host without the LLVM C API (static build): nothing to ask.
  unsigned Major = 0, Minor = 0, Patch = 0;
  GetVersion(&Major, &Minor, &Patch);
  if (Major == LLVM_VERSION_MAJOR)
    return;
  std::fprintf(stderr,
               "error: the ft-tidy plugin was built for LLVM %d but is loaded "
               "into clang-tidy %u.%u.%u; rebuild it with "
               "-DClang_DIR=/usr/lib/llvm-%u/lib/cmake/clang\n",
               LLVM_VERSION_MAJOR, Major, Minor, Patch, Major);
  std::fflush(stderr);
  std::_Exit(1);
}

} // namespace
