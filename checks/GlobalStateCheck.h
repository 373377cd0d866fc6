//===--- GlobalStateCheck.h - freethreading-global-state --------*- C++ -*-===//

#ifndef FT_TIDY_CHECKS_GLOBALSTATECHECK_H
#define FT_TIDY_CHECKS_GLOBALSTATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PreprocessorConditions.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/ModuleLifecycleFunctions.h"
#include "lib/NodeHub.h"
#include "lib/FixPlan.h"

namespace clang::tidy::freethreading {

/// Finds mutable static state (lazy caches, counters, free lists) written
/// outside module initialization, which races on the free-threaded build.
///
/// User documentation: docs/checks/freethreading-global-state.md
class GlobalStateCheck : public ClangTidyCheck {
public:
  GlobalStateCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// How a statement writes a variable.
  enum class WriteKind { Counter, LazyFill, Assign, ByAddress, Mutate };
  void checkAddressOf(const UnaryOperator *AddrOf, ASTContext &Ctx);
  void reportWrite(const Expr *Write, const Expr *Target, WriteKind Kind,
                   ASTContext &Ctx);
  void noteLifecycleEscape(const FunctionDecl *Fn, ASTContext &Ctx);

  /// One reported write, as the warning describes it.
  struct Finding {
    SourceLocation Loc;
    const Expr *Write; ///< The assignment, increment... that writes it.
    const VarDecl *Var;
    const FunctionDecl *Fn;
    unsigned How, Scope, What; ///< The message's %select indexes.
  };
  /// \p F assigns an integer variable itself (a flag, a setting): fixed as
  /// a counter is.
  static bool isIntegerStore(const Finding &F);
  /// Emits \p F's warning (with \p Fix's edits) and its notes.
  void emit(const Finding &F, const FixPlan &Fix, ASTContext &Ctx);

  /// The writes found, reported at the end of the unit: a counter's fix
  /// depends on every use of the variable.
  std::vector<Finding> Findings;
  ASTContext *Ctx = nullptr;
  /// C11Atomics: the module's compilers have C11 atomics (_Atomic).
  bool C11Atomics;
  /// A fix of this unit adds `#include <stdatomic.h>`.
  bool AtomicIncludeAdded = false;

  CriticalSectionTracker Tracker;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  ModuleLifecycleFunctions Lifecycle;
  llvm::DenseSet<SourceLocation> Reported;
  NodeHubMembership Hub;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_GLOBALSTATECHECK_H
