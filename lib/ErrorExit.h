//===--- ErrorExit.h - the function's own ways out with an error ----------===//
//
// A branch that leaves a function with its error (`{ Py_DECREF(a);
// PyErr_SetString(...); return NULL; }` or `goto error;`), and, for a fix
// that must add a new error exit at some statement, an earlier exit of the
// same function that is right there too: nothing on the way from it changes
// which references the function's locals own.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_ERROREXIT_H
#define FT_TIDY_LIB_ERROREXIT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// A branch that leaves the function with its error: releases of
/// references (Py_DECREF, Py_XDECREF, Py_CLEAR), at most one call that sets
/// the exception (the table's FT_EXCEPTION_SETTER, arguments free of side
/// effects), then `return <error value>;` or `goto <label>;`.
struct ErrorExit {
  llvm::SmallVector<const Stmt *, 4> Releases;
  const CallExpr *Setter = nullptr; ///< nullptr when the branch sets none.
  const Stmt *Jump = nullptr;       ///< The ReturnStmt or GotoStmt.

  /// The branch's text without the exception call, for a new branch that
  /// passes on an exception already set: "Py_DECREF(a); return NULL;".
  std::string withoutSetter(ASTContext &Ctx) const;
};

/// True when \p V is \p FD's error value: a null pointer constant from a
/// function returning a pointer, -1 from one returning an integer (not a
/// bool).
bool isErrorValue(const Expr *V, const FunctionDecl *FD, ASTContext &Ctx);

/// \p Branch (a block or one statement) read as an ErrorExit of \p FD; each
/// statement written in the file, outside macros, no label inside. nullopt
/// for anything else.
std::optional<ErrorExit> errorExitOf(const Stmt *Branch,
                                     const FunctionDecl *FD, ASTContext &Ctx);

/// For a new error exit to be put right after the statement \p At (a
/// statement of a block): the closest earlier `if (<cond>) <ErrorExit>`
/// (no else) of the same function that fits there too; when the way back
/// reaches the function's start with none, a bare `return <error value>;`
/// (nothing is owned there) if the function shows its error value in an
/// `if` that sets an exception or tests for a failure (a call that can
/// fail, `x < 0`, `x == -1`, `x == NULL`, `!x`); else nullopt.
///
/// It fits when the way from it to \p At (the statements between, the
/// conditions and loops entered on the way down to \p At) changes no
/// pointer local's value or ownership: no assignment to one, no address or
/// reference taken, no reference operation on one, no store of one (the
/// right side of an assignment, a stolen argument), no pointer local
/// declared with a value other than NULL, no array or struct local given a
/// value or stored into, no store through a local pointer, no address of a
/// non-const local passed on, no call of FT_STATE_CALL, a lock or a
/// critical section, no label; an argument parser
/// (PyArg_ParseTuple...) may fill locals when its format stores borrowed
/// references only. A loop entered on the
/// way must satisfy this in its whole body, for the locals declared outside
/// it (other than \p Item). The exit's condition may test no pointer local
/// (its value differs between the exit and the way on), its releases name
/// locals only (not \p Item, not redeclared or changed on the way), and it
/// must show
/// the function's convention: it sets the exception, jumps to a label, or
/// tests for a failure (`E < 0`, `E == -1`, `E == NULL`, `!E` of a call
/// that can fail or a local). A goto exit's label (in the function's own
/// block) must run the same: it names no local changed on the way, and
/// \p Item only in Py_XDECREF/Py_CLEAR or \p Item is declared `= NULL` and
/// not named before the exit. From the start: no release (or theft,
/// clearing, reassignment) of a parameter anywhere in the function, and
/// the evidence exit releases nothing. Lambdas and blocks have none.
std::optional<ErrorExit> errorExitReaching(const Stmt *At, const VarDecl *Item,
                                           ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_ERROREXIT_H
