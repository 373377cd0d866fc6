//===--- UnlockedObjectStateCheck.h - freethreading-unlocked-object-state -===//

#ifndef FT_TIDY_CHECKS_UNLOCKEDOBJECTSTATECHECK_H
#define FT_TIDY_CHECKS_UNLOCKEDOBJECTSTATECHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/ExtensionTypes.h"
#include "lib/NodeHub.h"
#include "lib/FixPlan.h"
#include "lib/ObjectFieldAccess.h"
#include "lib/ObjectSectionFix.h"
#include "lib/PreprocessorConditions.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include <memory>

namespace clang::tidy::freethreading {

/// Finds functions an extension type installs (methods, getters, slots) that
/// read or write fields of their objects outside a critical section on the
/// object, where some such function writes the field after the object is
/// created; fixes them by running the body in a critical section.
///
/// User documentation: docs/checks/freethreading-unlocked-object-state.md
class UnlockedObjectStateCheck : public ClangTidyCheck {
public:
  UnlockedObjectStateCheck(StringRef Name, ClangTidyContext *Context);
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
  /// A field access an entry point makes, directly or through a call.
  struct Finding {
    const FieldAccess *Access; ///< The access (in the entry point or a callee).
    const CallExpr *Call;      ///< The entry point's call reaching it, or null.
    int Object;                ///< The entry point's parameter.
    SourceLocation Loc;        ///< In the entry point.
  };
  /// A write that makes a field shared, and the function making it.
  struct Writer {
    const FieldAccess *Access;
    const FunctionDecl *Function;
  };

  const FunctionAccesses &accessesOf(const FunctionDecl *FD, ASTContext &Ctx);
  /// The locks and callees of \p FD: from accessesOf() when it has been
  /// asked, otherwise from the cheaper walk that finds only them.
  const FunctionLocks &locksOf(const FunctionDecl *FD, ASTContext &Ctx);
  /// The writes of the functions reached from the entry points through
  /// parameters holding objects, by field.
  void collectWriters(ASTContext &Ctx);
  /// Adds to \p Out the unguarded accesses to shared fields \p FD makes,
  /// directly or through its callees, on the object its parameter \p Param
  /// holds; \p Seen holds the (function, parameter) pairs already walked.
  void reached(const FunctionDecl *FD, unsigned Param,
               llvm::DenseSet<std::pair<const FunctionDecl *, unsigned>> &Seen,
               std::vector<const FieldAccess *> &Out, ASTContext &Ctx);
  /// Why no critical section may be wrapped around \p FD's body, or empty.
  FixPlan obstacle(const FunctionDecl *FD, ASTContext &Ctx);
  /// The unguarded accesses to shared fields \p FD makes, directly or
  /// through a call, in source order, one per place, field and object.
  std::vector<Finding> findingsOf(const FunctionDecl *FD, ASTContext &Ctx);
  /// The fix of \p Entry given its \p Findings, or why there is none.
  FixPlan planFix(const TypeEntryPoint &Entry, llvm::ArrayRef<Finding> Findings,
                  ASTContext &Ctx);
  void reportEntry(const TypeEntryPoint &Entry, ASTContext &Ctx);

  const utils::IncludeSorter::IncludeStyle IncludeStyle;
  const std::string CompatHeaderOption;
  CompatHeaderInserter Compat;
  CriticalSectionTracker Tracker;
  NodeHubMembership Hub;
  ConditionalBranches *Branches = nullptr;

  /// The unit, from the match of its declaration; its analysis runs at its
  /// end, when every assignment to a type's member has been seen.
  ASTContext *Context = nullptr;
  std::vector<const BinaryOperator *> TypeAssignments;
  ExtensionTypes Types;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionAccesses>>
      Accesses;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionLocks>> Locks;
  llvm::DenseMap<const FieldDecl *, Writer> Writers;
  IntroducedNames Introduced;
  SkippedLockCalls SkippedLocks;
  /// False when no function of the unit can take a lock (see
  /// onEndOfTranslationUnit).
  bool UnitMayLock = true;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_UNLOCKEDOBJECTSTATECHECK_H
