//===--- ObjectMallocBufferCheck.h - freethreading-object-malloc-buffer ---===//

#ifndef FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
#define FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PreprocessorConditions.h"

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
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
