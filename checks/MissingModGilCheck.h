//===--- MissingModGilCheck.h - freethreading-missing-mod-gil -------------===//

#ifndef FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
#define FT_TIDY_CHECKS_MISSINGMODGILCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/ModuleDefinition.h"
#include "llvm/ADT/SetVector.h"

namespace clang::tidy::freethreading {

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
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void reportSlotArray(const SlotEntryPlace &P, const VarDecl *Slots,
                       const VarDecl *Def);
  void reportCreation(const SetterPlace &P, const FunctionDecl *Creator,
                      ArrayRef<const FunctionDecl *> Inits);
  void reportUnguardedSlot(const UnguardedDeclaration &D);
  void reportUnguardedCall(const UnguardedDeclaration &D);
  void reportModules();

  const std::string GilValueOption; ///< As configured.
  const StringRef GilValue;         ///< Validated: what the fixes insert.
  const bool ReportModules; ///< A remark naming each module's init function.

  ASTContext *Ctx = nullptr;
  /// The unit's preprocessor's branches and files.
  ConditionalBranches *Branches = nullptr;
  llvm::SetVector<const VarDecl *> ModuleDefs;
  llvm::SetVector<const VarDecl *> SlotArrays;
  llvm::SetVector<const FunctionDecl *> InitFunctions;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
