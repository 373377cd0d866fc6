//===--- StoredRefcount.h - reference counts kept in a local variable -----===//
//
// Answers, for a use of a local variable, "does it certainly hold a
// reference count read earlier, and which statement read it?", and, for a
// test on such a use, "can the read move into the test?", which a fix that
// replaces the test with a call on the object needs.
//
// A count is stored by a statement of a block, on its own:
//     Py_ssize_t n = Py_REFCNT(x);        n = x->ob_refcnt;
// It reaches a use of n when every path to the use passes that statement and
// nothing after it can change n: going up from the use to the store's block,
// no earlier part of an enclosing statement and no statement between the
// store and the use writes n (an assignment, ++ or --, its address or a
// reference taken) or holds a label or case (a jump in would skip the
// store); no label encloses the use, and a case that does belongs to a
// switch that is itself after the store; a loop that encloses the use
// neither writes n nor holds a label (`do { } while (0)`, which runs once,
// is not a loop); and the use is not in a lambda or block literal (which
// may run later).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_STOREDREFCOUNT_H
#define FT_TIDY_LIB_STOREDREFCOUNT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/Expr.h"
#include "lib/RefcountRead.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// A reference count stored into a local variable by a statement of a block.
struct RefcountStore {
  const VarDecl *Var = nullptr;
  /// The DeclStmt whose declaration of Var has the read as initializer, or
  /// the assignment 'Var = read' (an expression statement).
  const Stmt *Statement = nullptr;
  /// The assignment, for the second form; nullptr for a declaration.
  const BinaryOperator *Assignment = nullptr;
  RefcountRead Read;
};

/// True for a variable that a count can be stored in and followed: a local
/// (automatic) variable of an integer type other than bool, not volatile.
bool mayHoldStoredCount(const VarDecl *Var);

/// \p S as a store of a reference count into \p Var, or nullopt.
std::optional<RefcountStore> asRefcountStore(const Stmt *S, const VarDecl *Var,
                                             ASTContext &Ctx);

/// A use of a local variable that reads a count stored earlier.
struct StoredCountUse {
  RefcountStore Store;
  /// The statement of the store's block that holds the use.
  const Stmt *UseStatement = nullptr;
  /// The statements of that block between the store and UseStatement.
  llvm::SmallVector<const Stmt *, 4> Between;
  /// The nodes from the use's parent up to UseStatement, both included.
  llvm::SmallVector<DynTypedNode, 8> Path;
  /// A loop around the use, inside the store's block, may run it again.
  bool InLoop = false;
};

/// The store whose count \p Use (a reference to a local variable) certainly
/// reads, or nullopt.
std::optional<StoredCountUse> storedCountAt(const DeclRefExpr *Use,
                                            ASTContext &Ctx);

/// Why the read of \p U's store cannot move into \p Test (an expression on
/// \p U's path: the test that reads the variable), or nullopt when it can:
/// the test is an expression directly in UseStatement (an `if` condition, a
/// `return` value, an initializer, an expression statement), not in a loop;
/// nothing evaluated between the read and the test (the statements between,
/// the parts of UseStatement evaluated first) has side effects; no
/// declaration between hides a name the object expression uses; and the
/// object expression has no side effects of its own. What uses the variable
/// otherwise is the caller's question.
std::optional<std::string> whyReadCannotMove(const StoredCountUse &U,
                                             const Expr *Test,
                                             ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_STOREDREFCOUNT_H
