//===--- GlobalStateCheck.h - freethreading-global-state ------------------===//

#ifndef FT_TIDY_CHECKS_GLOBALSTATECHECK_H
#define FT_TIDY_CHECKS_GLOBALSTATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds mutable static state (lazy caches, counters, free lists) written outside module initialization, which races on the free-threaded build.
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-global-state.md
class GlobalStateCheck : public ClangTidyCheck {
public:
  GlobalStateCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_GLOBALSTATECHECK_H
