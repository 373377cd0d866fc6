//===--- UnguardedDictNextCheck.h - freethreading-unguarded-dict-next -----===//

#ifndef FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H
#define FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds PyDict_Next loops over a shared dict outside a critical section on that dict.
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-unguarded-dict-next.md
class UnguardedDictNextCheck : public ClangTidyCheck {
public:
  UnguardedDictNextCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H
