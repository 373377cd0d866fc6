//===--- RefcountTestCheck.h - freethreading-refcount-test ------*- C++ -*-===//

#ifndef FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
#define FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/CompatHeaderInserter.h"

namespace clang::tidy::freethreading {

/// Finds Py_REFCNT(x) == 1-style uniqueness tests and direct ob_refcnt reads,
/// which do not prove exclusive ownership on the free-threaded build.
///
/// User documentation: docs/checks/freethreading-refcount-test.md
class RefcountTestCheck : public ClangTidyCheck {
public:
  RefcountTestCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  void checkComparison(const BinaryOperator *Cmp, ASTContext &Ctx);
  void checkField(const Expr *Access, ASTContext &Ctx);

  const std::string CompatHeader;
  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  CompatHeaderInserter Compat;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
