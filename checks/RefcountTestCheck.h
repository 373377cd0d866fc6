//===--- RefcountTestCheck.h - freethreading-refcount-test ------*- C++ -*-===//

#ifndef FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
#define FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/NodeHub.h"
#include "lib/PreprocessorConditions.h"
#include "llvm/ADT/DenseMap.h"
#include <vector>

namespace clang::tidy::freethreading {

/// Finds Py_REFCNT(x) == 1-style uniqueness tests (also on a count stored in
/// a local first), direct ob_refcnt reads and counts written back after
/// arithmetic, which are wrong on the free-threaded build.
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
  void onStartOfTranslationUnit() override;

private:
  struct StoredTest;

  void checkComparison(const BinaryOperator *Cmp, ASTContext &Ctx);
  void checkStore(const Stmt *Statement, const VarDecl *Var, ASTContext &Ctx);
  void checkSetRefcount(const CallExpr *Call, ASTContext &Ctx);
  void checkField(const Expr *Access, ASTContext &Ctx);
  /// A write (by \p Writer, the operator) or, without one, an address of
  /// the ob_refcnt field at \p Loc.
  void reportFieldWrite(SourceLocation Loc, const Stmt *Writer,
                        ASTContext &Ctx);

  /// The tests on the count that \p Statement stores into \p Var, each
  /// with its fix or the reason there is none.
  std::vector<StoredTest> storedTests(const Stmt *Statement,
                                      const VarDecl *Var, ASTContext &Ctx);
  void planStoredFix(StoredTest &T, ASTContext &Ctx);
  /// True when a fix removes \p Statement, a store of a count into \p Var.
  bool storeIsRemoved(const Stmt *Statement, const VarDecl *Var,
                      ASTContext &Ctx);

  const std::string CompatHeader;
  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  CompatHeaderInserter Compat;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  /// storeIsRemoved's answers in this translation unit.
  llvm::DenseMap<const Stmt *, bool> RemovedStores;
  NodeHubMembership Hub;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_REFCOUNTTESTCHECK_H
