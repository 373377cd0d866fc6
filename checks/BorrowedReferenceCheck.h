//===--- BorrowedReferenceCheck.h - freethreading-borrowed-reference ------===//

#ifndef FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H
#define FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds calls to borrowed-reference APIs (PyDict_GetItem, PyList_GetItem, PyWeakref_GetObject, ...) whose result another thread can invalidate on the free-threaded build.
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-borrowed-reference.md
class BorrowedReferenceCheck : public ClangTidyCheck {
public:
  BorrowedReferenceCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H
