//===--- CriticalSectionExitCheck.h - freethreading-critical-section-exit -===//

#ifndef FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H
#define FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/FixPlan.h"
#include "lib/PreprocessorConditions.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::freethreading {

/// Finds return, goto, break and continue statements that leave a
/// Py_BEGIN_CRITICAL_SECTION block without its END.
///
/// User documentation: docs/checks/freethreading-critical-section-exit.md
class CriticalSectionExitCheck : public ClangTidyCheck {
public:
  CriticalSectionExitCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// The fix moving \p Ret after the END of \p Section through a result
  /// variable, or no edits when it cannot be shown to be equivalent.
  FixPlan moveReturnAfterEnd(const ReturnStmt *Ret,
                             const CriticalSection &Section, ASTContext &Ctx);

  CriticalSectionTracker Tracker;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  /// Functions that already received a result variable from a fix.
  llvm::DenseSet<const Decl *> FunctionsWithResultVar;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_CRITICALSECTIONEXITCHECK_H
