//===--- CriticalSectionExitCheck.h - freethreading-critical-section-exit -===//

#ifndef FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H
#define FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds return, goto, break and continue statements that leave a Py_BEGIN_CRITICAL_SECTION block without its END.
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-critical-section-exit.md
class CriticalSectionExitCheck : public ClangTidyCheck {
public:
  CriticalSectionExitCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H
