//===--- FreeThreadingTidyModule.cpp - the freethreading module ----------===//
//
// Registers every check, sorted by name. scripts/new-check.py edits the two
// sorted lists below; keep one include and one registration per check.
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyModule.h"
#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR < 22
// From LLVM 22 the registry lives in ClangTidyModule.h and this header warns.
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif

// BEGIN CHECK INCLUDES
#include "checks/BorrowedReferenceCheck.h"
#include "checks/CriticalSectionExitCheck.h"
#include "checks/GlobalStateCheck.h"
#include "checks/MissingModGilCheck.h"
#include "checks/ObjectMallocBufferCheck.h"
#include "checks/RefcountTestCheck.h"
#include "checks/UnguardedDictNextCheck.h"
#include "checks/UnlockedContainerAccessCheck.h"
#include "checks/UnlockedObjectStateCheck.h"
// END CHECK INCLUDES

namespace clang::tidy {
namespace freethreading {

class FreeThreadingModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    // BEGIN CHECK REGISTRATIONS
    CheckFactories.registerCheck<BorrowedReferenceCheck>(
        "freethreading-borrowed-reference");
    CheckFactories.registerCheck<CriticalSectionExitCheck>(
        "freethreading-critical-section-exit");
    CheckFactories.registerCheck<GlobalStateCheck>(
        "freethreading-global-state");
    CheckFactories.registerCheck<MissingModGilCheck>(
        "freethreading-missing-mod-gil");
    CheckFactories.registerCheck<ObjectMallocBufferCheck>(
        "freethreading-object-malloc-buffer");
    CheckFactories.registerCheck<RefcountTestCheck>(
        "freethreading-refcount-test");
    CheckFactories.registerCheck<UnguardedDictNextCheck>(
        "freethreading-unguarded-dict-next");
    CheckFactories.registerCheck<UnlockedContainerAccessCheck>(
        "freethreading-unlocked-container-access");
    CheckFactories.registerCheck<UnlockedObjectStateCheck>(
        "freethreading-unlocked-object-state");
    // END CHECK REGISTRATIONS
  }
};

} // namespace freethreading

// The host version is checked before this runs (lib/HostVersionGuard.cpp).
static ClangTidyModuleRegistry::Add<freethreading::FreeThreadingModule>
    X("freethreading-module",
      "Finds code that is unsafe on free-threaded CPython.");

} // namespace clang::tidy
