//===--- CompatHeaderInserter.h - add the compat header when needed ------===//
//
// Decides whether a fix that introduces a 3.13 API (PyDict_GetItemRef...)
// must also include the project's compatibility header (option CompatHeader,
// e.g. "pythoncapi_compat.h"), and builds that include with clang-tidy's
// IncludeInserter. No include is added when the option is empty, when the
// header is already included anywhere in the translation unit, or when the
// replacement is defined locally (a macro, or a declaration outside the
// Python headers, as projects with their own shim have).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_COMPATHEADERINSERTER_H
#define FT_TIDY_LIB_COMPATHEADERINSERTER_H

#include "lib/FixPlan.h"
#include "clang-tidy/utils/IncludeInserter.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringMap.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

class SharedIncludeInserter;

class CompatHeaderInserter {
public:
  /// \p Header is the option's value (may be empty: never insert).
  CompatHeaderInserter(llvm::StringRef Header,
                       utils::IncludeSorter::IncludeStyle Style);

  /// Call from ClangTidyCheck::registerPPCallbacks.
  void registerPreprocessor(Preprocessor *PP);

  /// The include to add with a fix that introduces \p Replacement in the file
  /// of \p UseLoc, or std::nullopt when none is needed. Each file gets the
  /// include once per unit, with the first fix of any check that asks; later
  /// fixes get an empty hint (the include is coming; a diagnostic ignores it).
  std::optional<FixItHint> includeFor(llvm::StringRef Replacement,
                                      SourceLocation UseLoc, ASTContext &Ctx);

  llvm::StringRef header() const { return Header; }

  /// Makes \p Plan, a fix writing the macro \p Macro (a critical-section
  /// macro, 3.13) at \p Loc, usable: nothing when the unit defines the macro
  /// already; else the include of the option's header (once per file), or
  /// the plan declined with the reason (no option, or the header included
  /// and still without the macro).
  void requireMacro(FixPlan &Plan, llvm::StringRef Macro, SourceLocation Loc,
                    ASTContext &Ctx);

  /// True when \p Loc is in a compatibility header: a file named
  /// `pythoncapi_compat.h` or like the option's header. Its backports are
  /// compiled only for Pythons that lack the API, and the project does not
  /// own the file: checks leave it alone.
  bool inCompatHeader(SourceLocation Loc, const SourceManager &SM) const;

  /// Why a fix may not use \p Replacement at \p UseLoc, or std::nullopt when
  /// it may: the replacement is declared (or defined as a macro) before
  /// \p UseLoc, or includeFor will bring it. Not usable: the file declares its
  /// own replacement only after the use (a compat header's backport calling
  /// an API it defines further down), the option is empty, or the compat
  /// header is already included and still does not declare it (too old).
  ///
  /// Also not usable inside the body of the replacement's own definition: a
  /// project's backport (`PyImport_AddModuleRef` calling
  /// `PyImport_AddModule`) would call itself.
  std::optional<std::string> whyUnavailable(llvm::StringRef Replacement,
                                            SourceLocation UseLoc,
                                            ASTContext &Ctx);

  /// True when \p Replacement is declared (or defined as a macro) before
  /// \p UseLoc: usable without the compat header's include.
  bool declaredBefore(llvm::StringRef Replacement, SourceLocation UseLoc,
                      ASTContext &Ctx);

private:
  bool definedLocally(llvm::StringRef Replacement, ASTContext &Ctx);
  /// fileScopeDeclarations of \p Replacement, found once per unit.
  llvm::ArrayRef<const NamedDecl *> declarationsOf(llvm::StringRef Replacement,
                                                   ASTContext &Ctx);
  /// True when the unit includes a file named like the option's header.
  bool compatIncluded(const SourceManager &SM);

  std::string Header;
  utils::IncludeSorter::IncludeStyle Style;
  /// The unit's include inserter for this style, shared by the checks.
  std::shared_ptr<SharedIncludeInserter> Inserter;
  std::optional<bool> CompatIncluded; ///< compatIncluded(), once asked
  Preprocessor *PP = nullptr;
  llvm::StringMap<bool> LocalDefinitionCache;
  llvm::StringMap<llvm::SmallVector<const NamedDecl *, 4>> Declarations;
  /// Files an earlier fix of requireMacro adds the include to.
  llvm::DenseSet<FileID> IncludedIn;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_COMPATHEADERINSERTER_H
