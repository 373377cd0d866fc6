//===--- BorrowedReferenceCheck.h - freethreading-borrowed-reference ------===//
//
// Borrowed-reference API calls another thread can invalidate; the user
// documentation is docs/checks/freethreading-borrowed-reference.md.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H
#define FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PreprocessorConditions.h"
#include "lib/APIUseCollector.h"
#include "lib/CPythonAPI.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/ContainerPrivacy.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/MacroParens.h"
#include "lib/NodeHub.h"
#include "llvm/ADT/DenseMap.h"
#include <optional>

namespace clang::tidy::freethreading {

/// Finds calls to borrowed-reference APIs whose result another thread can
/// invalidate on the free-threaded build, with the exact strong-reference
/// rewrite where there is one.
/// User documentation: docs/checks/freethreading-borrowed-reference.md
class BorrowedReferenceCheck : public ClangTidyCheck {
public:
  BorrowedReferenceCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

  /// Raw (possibly macro) location of an API macro's name, by file location.
  using MacroNameLocs = llvm::DenseMap<SourceLocation, SourceLocation>;

private:
  struct Use;
  /// The expression each macro-only use expands to, with the end of its
  /// text, by the file location of the API's name.
  using MacroExpressions =
      llvm::DenseMap<SourceLocation, std::pair<const Expr *, SourceLocation>>;
  MacroExpressions macroExpressions(ASTContext &Ctx);
  /// The use \p A as reported, or nullopt when it is not the user's.
  std::optional<Use> useOf(const APIUse &A, const MacroExpressions &Exprs,
                           ASTContext &Ctx);
  void report(const Use &U, ASTContext &Ctx);
  bool exempt(const Use &U, ASTContext &Ctx);

  const bool StrictMode;
  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  APIUseCollector Collector;
  NodeHubMembership Hub;
  CriticalSectionTracker Tracker;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  CompatHeaderInserter Compat;
  ContainerPrivacyAnalyzer Privacy;
  MacroNameLocs MacroRawLocs;
  /// Parentheses macros wrote: what a macro-only API use (no call in the
  /// AST) expands to.
  MacroParenIndex MacroParens;
  ASTContext *Ctx = nullptr;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_BORROWEDREFERENCECHECK_H
