//===--- RefcountWrite.h - a reference count written back after arithmetic ===//
//
// Answers "does this write set an object's reference count to arithmetic on
// a count?" for the spellings legacy extensions use:
//   * Py_SET_REFCNT(x, Py_REFCNT(x) - 1), Py_SET_REFCNT(x, n + Py_REFCNT(x)),
//     with the read spelled Py_REFCNT() or as the ob_refcnt field;
//   * x->ob_refcnt++ and --, x->ob_refcnt += k and -= k, and
//     x->ob_refcnt = <arithmetic on a count>.
// On the free-threaded build the count is split into ob_ref_local and
// ob_ref_shared; such a write replaces both and loses what other threads did
// in between. A count set to a value that is not computed from a count
// (Py_SET_REFCNT(x, 1) in a deallocator or a free list) is not answered, nor
// is a write spelled inside the Python headers' own macros.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_REFCOUNTWRITE_H
#define FT_TIDY_LIB_REFCOUNTWRITE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::freethreading {

/// Which way a computed count moves the object's count.
enum class CountChange {
  Increment, ///< count + k, k > 0 (or a term added)
  Decrement, ///< count - k, k > 0 (or a term subtracted)
  Unknown,   ///< both, neither, or a count that is itself subtracted
};

/// When \p Value is + / - arithmetic with exactly one side a reference-count
/// read somewhere in it: which way it moves the count. nullopt when no
/// count is read, or \p Value is a count or a number with no arithmetic.
std::optional<CountChange> countArithmetic(const Expr *Value, ASTContext &Ctx);

/// A Py_SET_REFCNT call, as the user wrote it, whose new count is
/// arithmetic on a count.
struct RefcountWriteBack {
  /// The Py_SET_REFCNT token, at its spelling location.
  SourceLocation NameLoc;
  CountChange Change = CountChange::Unknown;
};

/// \p Call as a write-back, or nullopt.
std::optional<RefcountWriteBack> asSetRefcountWriteBack(const CallExpr *Call,
                                                        ASTContext &Ctx);

/// For \p Writer, the operator that writes an ob_refcnt field (++, --, an
/// assignment whose left side is the field): how its new count moves the
/// old one, or nullopt for a store of a value not computed from a count
/// (x->ob_refcnt = 1) or an operator other than =, += and -=.
std::optional<CountChange> fieldWriteChange(const Expr *Writer,
                                            ASTContext &Ctx);

/// True when \p Read, a reference-count read, is an operand of the
/// arithmetic of a write-back (Py_SET_REFCNT's count, or the right side of a
/// write to ob_refcnt), which is reported as a whole.
bool isWriteBackOperand(const Expr *Read, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_REFCOUNTWRITE_H
