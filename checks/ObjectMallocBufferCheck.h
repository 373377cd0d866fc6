//===--- ObjectMallocBufferCheck.h - freethreading-object-malloc-buffer ---===//

#ifndef FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
#define FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H

#include "clang-tidy/ClangTidyCheck.h"
#include "lib/MemoryGroups.h"
#include "lib/PreprocessorConditions.h"
#include "lib/SharedMemory.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <vector>

namespace clang::tidy::freethreading {

/// Finds PyObject_Malloc, PyObject_Calloc and PyObject_Realloc calls for memory that is not a Python object.
///
/// User documentation: docs/checks/freethreading-object-malloc-buffer.md
class ObjectMallocBufferCheck : public ClangTidyCheck {
public:
  ObjectMallocBufferCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;

private:
  /// Reports and fixes one group; adds what it says for the project's
  /// decision to \p Reports when it has shared storages.
  void checkGroup(MemoryGroup &G, llvm::ArrayRef<MemoryCall> Calls,
                  std::vector<FamilyReport> &Reports, ASTContext &Ctx);
  /// Writes \p Reports and the unit's facts (its files, the fields it
  /// reaches other than by member access \p Reached, the identifiers of the
  /// code it skipped) to the FamilyReport file, when one is named.
  void writeReports(llvm::ArrayRef<FamilyReport> Reports,
                    llvm::ArrayRef<std::string> Reached, ASTContext &Ctx);

  /// Options the ft-tidy driver sets to decide memory families across the
  /// files of a project (docs/development.md): the file for this unit's
  /// reports; the keys of shared storages to report on; the keys of the
  /// families whose every file renames its calls.
  const std::string CheckName;
  const std::string FamilyReportPath;
  const std::string SharedFamiliesOption;
  const std::string ClosedFamiliesOption;
  const llvm::StringSet<> Closed;
  llvm::StringSet<> Examined; ///< SharedFamilies and ClosedFamilies.
  /// The unit's #if branches (code no free-threaded build compiles).
  ConditionalBranches *Branches = nullptr;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_OBJECTMALLOCBUFFERCHECK_H
