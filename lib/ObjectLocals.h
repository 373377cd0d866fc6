//===--- ObjectLocals.h - PyObject * locals and the tests made on them ----===//
//
// Which expression names a local `PyObject *` variable, which condition
// tests one against NULL, and which statement mentions one.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_OBJECTLOCALS_H
#define FT_TIDY_LIB_OBJECTLOCALS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::freethreading {

/// True for a `PyObject *` type (pointer to struct _object).
bool isPyObjectPointer(QualType T);

/// The variable with local storage (a parameter included) of type
/// `PyObject *`, neither const nor volatile, that \p E names under
/// transparent nodes (lib/Parents ignoreTransparent); nullptr otherwise.
const VarDecl *pyObjectLocal(const Expr *E);

/// True when \p S (or any statement inside it) refers to \p VD.
bool mentions(const Stmt *S, const VarDecl *VD);

/// A condition that tests a local against NULL.
struct NullTest {
  const VarDecl *Var = nullptr; ///< nullptr when the condition is no test.
  bool TrueWhenNull = false;
};

/// What \p Cond tests: `x`, `!x`, `x == NULL`, `x != NULL` (either side)
/// of a local of pyObjectLocal.
NullTest nullTestOf(const Expr *Cond, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OBJECTLOCALS_H
