//===--- UnlockedContainerAccessCheck.h - unlocked-container-access -------===//

#ifndef FT_TIDY_CHECKS_UNLOCKEDCONTAINERACCESSCHECK_H
#define FT_TIDY_CHECKS_UNLOCKEDCONTAINERACCESSCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/PreprocessorConditions.h"
#include "lib/APIUseCollector.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/ContainerPrivacy.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/FixPlan.h"
#include "lib/MacroParens.h"
#include "lib/NodeHub.h"
#include "llvm/ADT/DenseMap.h"
#include <string>

namespace clang::tidy::freethreading {

/// Finds unchecked list and fast-sequence accessors on containers other threads can reach, outside a critical section on them.
///
/// User documentation: docs/checks/freethreading-unlocked-container-access.md
class UnlockedContainerAccessCheck : public ClangTidyCheck {
public:
  UnlockedContainerAccessCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  struct Access;
  /// A length read (PyList_GET_SIZE...) and the container it reads.
  struct SizeRead {
    SourceLocation Loc;
    std::string Container; ///< normalizeObjectText of the argument.
  };
  void report(const Access &A, llvm::ArrayRef<SizeRead> Sizes,
              ASTContext &Ctx);
  /// True when \p A is not reported: in a compatibility header, compiled
  /// only with the GIL, in a critical section on the container, or on a
  /// container no other thread can reach.
  bool isExempt(const Access &A, ASTContext &Ctx);
  /// The fix of \p A, or why there is none (reads with a replacement only).
  FixPlan planFix(const Access &A, ASTContext &Ctx);
  FixPlan planGetItemFix(const Access &A, ASTContext &Ctx);
  /// The warning on \p A, with the edits of \p Plan.
  void warn(const Access &A, const FixPlan &Plan, ASTContext &Ctx);
  /// The note on what to do by hand, after \p Plan's reason when it has one.
  void noteByHand(const Access &A, FixPlan Plan);
  /// A note at a length read of \p A's container in the condition of a
  /// loop around \p A, when there is one.
  void noteStaleBound(const Access &A, llvm::ArrayRef<SizeRead> Sizes,
                      ASTContext &Ctx);

  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  const std::string CompatHeaderOption;
  APIUseCollector Collector;
  NodeHubMembership Hub;
  CriticalSectionTracker Tracker;
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
  CompatHeaderInserter Compat;
  ContainerPrivacyAnalyzer Privacy;
  /// Parentheses macros wrote: what a macro-only API use expands to.
  MacroParenIndex MacroParens;
  ASTContext *Ctx = nullptr;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_UNLOCKEDCONTAINERACCESSCHECK_H
