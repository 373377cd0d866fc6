//===--- BorrowedReferenceCheck.h - freethreading-borrowed-reference ------===//

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
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::freethreading {

/// Finds calls to borrowed-reference APIs (PyDict_GetItem, PyList_GetItem,
/// PyWeakref_GetObject, ...) whose result another thread can invalidate on
/// the free-threaded build, and rewrites the shapes whose strong-reference
/// equivalent is provably exact.
///
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
  void report(const Use &U, ASTContext &Ctx);
  bool exempt(const Use &U, ASTContext &Ctx);

  const bool StrictMode;
  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  APIUseCollector Collector;
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
