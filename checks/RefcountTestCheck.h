//===--- RefcountTestCheck.h - freethreading-refcount-test ----------------===//

#ifndef FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
#define FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds Py_REFCNT(x) == 1-style uniqueness tests and direct ob_refcnt reads, which do not prove exclusive ownership on the free-threaded build.
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-refcount-test.md
class RefcountTestCheck : public ClangTidyCheck {
public:
  RefcountTestCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
