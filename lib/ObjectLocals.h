//===--- ObjectLocals.h - PyObject * locals and the tests made on them ----===//
//
// Which expression names a local `PyObject *` variable, which condition
// tests one against NULL, which statement mentions one or increments it.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_OBJECTLOCALS_H
#define FT_TIDY_LIB_OBJECTLOCALS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"

namespace clang::tidy::freethreading {

/// True for a `PyObject *` type (pointer to struct _object).
bool isPyObjectPointer(QualType T);

/// Whether pyObjectLocal counts a function's parameters.
enum class ParameterLocals { Included, Excluded };

/// Whether pyObjectLocal counts const-qualified variables.
enum class ConstLocals { Excluded, Included };

/// True when \p VD has local storage and type `PyObject *`, not volatile,
/// and neither a parameter nor const unless \p Params or \p Const allow it.
bool isPyObjectLocal(const VarDecl *VD,
                     ParameterLocals Params = ParameterLocals::Included,
                     ConstLocals Const = ConstLocals::Excluded);

/// The variable of isPyObjectLocal that \p E names under transparent nodes
/// (lib/Parents ignoreTransparent); nullptr otherwise.
const VarDecl *pyObjectLocal(const Expr *E,
                             ParameterLocals Params = ParameterLocals::Included,
                             ConstLocals Const = ConstLocals::Excluded);

/// True when \p S (or any statement inside it) refers to \p VD.
bool mentions(const Stmt *S, const VarDecl *VD);

/// True when \p D only reads the local's value or is assigned to (`x = v`):
/// no address taken (also `&(x)`), no reference bound to it, not inside a
/// lambda or block.
bool isPlainUse(const DeclRefExpr *D, ASTContext &Ctx);

/// A condition that tests a local against NULL.
struct NullTest {
  const VarDecl *Var = nullptr; ///< nullptr when the condition is no test.
  bool TrueWhenNull = false;
};

/// What \p Cond tests: `x`, `!x`, `x == NULL`, `x != NULL` (either side)
/// of a local of pyObjectLocal (with \p Params and \p Const).
NullTest nullTestOf(const Expr *Cond, ASTContext &Ctx,
                    ParameterLocals Params = ParameterLocals::Included,
                    ConstLocals Const = ConstLocals::Excluded);

/// True when \p S is an increment of \p VD written as a statement in the
/// file: `Py_INCREF(x)` or `Py_XINCREF(x)`, blanks aside.
bool isIncrefOf(const Stmt *S, const VarDecl *VD, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OBJECTLOCALS_H
