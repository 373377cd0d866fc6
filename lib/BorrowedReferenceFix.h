//===--- BorrowedReferenceFix.h - strong rewrites of borrowed calls ------===//
//
// Plans the fix of one use of a borrowed-reference API (lib/CPythonAPI.def)
// for freethreading-borrowed-reference: the tiers of
// docs/checks/freethreading-borrowed-reference.md (owned at once, owned
// local, membership test, weakref tested against Py_None), or the reason
// there is no exact rewrite.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_BORROWEDREFERENCEFIX_H
#define FT_TIDY_LIB_BORROWEDREFERENCEFIX_H

#include "lib/CPythonAPI.h"
#include "lib/FixPlan.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::freethreading {

/// One use of a borrowed API, as the fixer sees it.
struct BorrowedUse {
  const BorrowedAPI *API = nullptr;
  /// The call, or the expression a macro-only spelling expands to; nullptr
  /// when unknown (then there is no fix).
  const Expr *E = nullptr;
  /// The file location of the API's name.
  SourceLocation NameLoc;
  /// The name is spelled at NameLoc itself, not made by a macro's body.
  bool Editable = false;
};

/// The strong-reference rewrite of \p U, or why there is none. The edits
/// introduce Plan.Introduces (the replacement or a membership test), and
/// Plan.AlsoIntroduces when set, which the caller must make available
/// (lib/CompatHeaderInserter). \p Available tells whether a fix at \p U
/// may call another 3.13 API (PyDict_SetDefaultRef); none when not given.
FixPlan planBorrowedReferenceFix(
    const BorrowedUse &U, ASTContext &Ctx,
    llvm::function_ref<bool(llvm::StringRef)> Available = nullptr);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_BORROWEDREFERENCEFIX_H
