//===--- UnguardedDictNextCheck.h - freethreading-unguarded-dict-next -----===//

#ifndef FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H
#define FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PreprocessorConditions.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/ContainerPrivacy.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/FixPlan.h"
#include "lib/FreshName.h"
#include "lib/LoopExitFlag.h"
#include "lib/NodeHub.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// Finds PyDict_Next loops over a shared dict outside a critical section on
/// that dict, and wraps the loop in one when that is provably right.
///
/// User documentation: docs/checks/freethreading-unguarded-dict-next.md
class UnguardedDictNextCheck : public ClangTidyCheck {
public:
  UnguardedDictNextCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  /// The wrap of \p Loop (whose condition calls \p Call; nullptr when
  /// none) in a critical section on the dict, or why there is none, said at
  /// \p NoteLoc.
  FixPlan planWrap(const CallExpr *Call, const Stmt *Loop, ASTContext &Ctx,
                   llvm::ArrayRef<std::string> Releases,
                   SourceLocation &NoteLoc);

  /// The first reason not to wrap \p Loop in a critical section on the
  /// dict, if any, and in \p At where to say it.
  std::optional<std::string> wrapObstacle(const Stmt *Loop,
                                          const CallExpr *Call,
                                          ASTContext &Ctx, SourceLocation &At);

  /// The flag-and-break rewrite of the statements that leave \p Loop (none
  /// when nothing leaves it), or the note's text saying why there is none,
  /// said at \p At.
  std::optional<std::string> planExits(const Stmt *Loop,
                                       llvm::StringRef Indent,
                                       llvm::ArrayRef<std::string> Releases,
                                       ASTContext &Ctx, LoopExitRewrite &Out,
                                       SourceLocation &At);

  /// A borrowed key or value used at or after the first call in the loop
  /// body that can suspend the section.
  struct BorrowedAcross {
    const VarDecl *V;
    const CallExpr *First;
  };
  /// The borrowed keys and values of \p Loop used across such a call, and
  /// not made strong before it.
  std::vector<BorrowedAcross> borrowedAcrossCalls(const Stmt *Loop,
                                                  const CallExpr *Call,
                                                  ASTContext &Ctx);
  /// The note recommending a strong reference, for each of \p Across.
  void noteBorrowedAcrossCalls(llvm::ArrayRef<BorrowedAcross> Across,
                               ASTContext &Ctx);

  /// Notes on the returns the wrap moves after the section whose value
  /// uses the borrowed key or value.
  void noteBorrowedReturns(const Stmt *Loop, const CallExpr *Call,
                           ASTContext &Ctx);
  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  const std::string CompatHeaderOption;
  CompatHeaderInserter Compat;
  CriticalSectionTracker Tracker;
  NodeHubMembership Hub;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  ContainerPrivacyAnalyzer Privacy;
  Preprocessor *PP = nullptr;
  /// The names each function's fixes have declared so far, so that two
  /// loops of one function get different flags.
  llvm::DenseMap<const Stmt *, std::unique_ptr<FreshNames>> NamesByFunction;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_UNGUARDEDDICTNEXTCHECK_H
