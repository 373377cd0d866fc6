//===--- ObjectMallocBufferCheck.h - freethreading-object-malloc-buffer ---===//

#ifndef FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
#define FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds PyObject_Malloc, PyObject_Calloc and PyObject_Realloc calls for memory that is not a Python object.
///
/// User documentation: docs/checks/freethreading-object-malloc-buffer.md
class ObjectMallocBufferCheck : public ClangTidyCheck {
public:
  ObjectMallocBufferCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
