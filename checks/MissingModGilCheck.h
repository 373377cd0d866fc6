//===--- MissingModGilCheck.h - freethreading-missing-mod-gil -------------===//

#ifndef FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
#define FT_TIDY_CHECKS_MISSINGMODGILCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include <memory>

namespace clang::tidy::freethreading {

class ConditionalStructure;

/// Finds extension modules that do not declare their GIL use, or declare it without the needed guard.
///
/// User documentation: docs/checks/freethreading-missing-mod-gil.md
class MissingModGilCheck : public ClangTidyCheck {
public:
  MissingModGilCheck(StringRef Name, ClangTidyContext *Context);
  ~MissingModGilCheck() override;
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void checkSlotArray(const VarDecl *Slots, const VarDecl *Def);
  void checkSinglePhase(const FunctionDecl *Init);
  void reportCreation(const FunctionDecl *Creator,
                      ArrayRef<const FunctionDecl *> Inits);
  /// The body of \p FD, if its text is readable, compiled on both builds and
  /// free of PyUnstable_Module_SetGIL, also in the functions it calls.
  const CompoundStmt *undeclaredBody(const FunctionDecl *FD);
  /// True when the text of \p Body, or of a function of this unit it calls
  /// (followed \p Depth levels deep), holds PyUnstable_Module_SetGIL: a
  /// helper such as `configure_module(m)` declares for the module.
  bool declaresIn(const CompoundStmt *Body, unsigned Depth,
                  llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen);
  /// The PyModule_Create(2) calls in \p Body compiled on both builds.
  SmallVector<const CallExpr *, 1> creationsIn(const CompoundStmt *Body);
  /// The values \p FD returns (outside conditional code of one build).
  SmallVector<const Expr *, 2> returnedValues(const FunctionDecl *FD,
                                              const CompoundStmt *Body);
  /// The functions defined in this translation unit whose result \p FD
  /// returns, directly or through a variable.
  SmallVector<const FunctionDecl *, 1>
  helpersReturnedBy(const FunctionDecl *FD, const CompoundStmt *Body);
  /// \p Loc is in \p File, in code compiled on both builds.
  bool onBothBuilds(SourceLocation Loc, FileID File);
  void checkUnguarded();
  ConditionalStructure &structureOf(FileID File);

  const std::string GilValueOption; ///< As configured.
  const StringRef GilValue;         ///< Validated: what the fixes insert.

  ASTContext *Ctx = nullptr;
  llvm::SetVector<const VarDecl *> ModuleDefs;
  llvm::SetVector<const VarDecl *> SlotArrays;
  llvm::SetVector<const FunctionDecl *> InitFunctions;
  /// Function creating a single-phase module -> the PyInit_ functions
  /// returning it, in source order.
  llvm::MapVector<const FunctionDecl *, SmallVector<const FunctionDecl *, 1>>
      Creators;
  llvm::DenseMap<FileID, std::unique_ptr<ConditionalStructure>> Structures;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
