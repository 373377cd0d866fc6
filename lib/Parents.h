//===--- Parents.h - parent queries that map one declaration at a time ----===//
//
// ASTContext::getParents maps the whole translation unit on first use;
// parentsOf gives the same answers from a map of the top-level declaration
// that holds the node, built on first use (docs/development.md, "Cost").
// Declarations whose ranges overlap are mapped together; a node outside
// every group is answered by ASTContext's own map. resetParents() drops the
// maps (lib/UserCodeScope calls it at the start of each unit).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_PARENTS_H
#define FT_TIDY_LIB_PARENTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/ASTTypeTraits.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::freethreading {

/// The parents of \p Node, as ASTContext::getParents(Node) gives them.
DynTypedNodeList parentsOf(const DynTypedNode &Node, ASTContext &Ctx);

template <typename NodeT>
DynTypedNodeList parentsOf(const NodeT &Node, ASTContext &Ctx) {
  return parentsOf(DynTypedNode::create(Node), Ctx);
}

/// The nearest parent of \p E that is not a parenthesis or an implicit
/// cast: a statement, or the variable whose initializer \p E is; the first
/// one when a node has several (a template's node shared by an
/// instantiation); a null node when there is none.
DynTypedNode syntacticParentOf(const Expr *E, ASTContext &Ctx);

/// The first parent of \p Node, or a null node when it has none.
DynTypedNode firstParent(const DynTypedNode &Node, ASTContext &Ctx);

/// The first parent of \p S when it is a statement, else nullptr.
const Stmt *firstParentStmt(const Stmt *S, ASTContext &Ctx);

/// \p E without the nodes that pass a pointer value through unchanged:
/// parentheses, implicit casts, ExprWithCleanups and explicit casts to a
/// pointer type (`(PyObject *)x`, `static_cast<T *>(x)`).
const Expr *ignoreTransparent(const Expr *E);

/// Climbs from \p E through such transparent parents: returns the outermost
/// expression with \p E's value and sets \p Parent to the node above it.
const Expr *climbTransparentParents(const Expr *E, DynTypedNode &Parent,
                                    ASTContext &Ctx);

/// \p E without parentheses and casts of any kind, implicit or explicit.
const Expr *ignoreCasts(const Expr *E);

/// The condition of the while, for or do statement \p S; nullptr for any
/// other statement and for a for without one.
const Expr *loopCondition(const Stmt *S);

/// The body of the while, for or do statement \p S; nullptr otherwise.
const Stmt *loopBody(const Stmt *S);

/// The while, for or do statement whose condition holds \p E through
/// expressions only (operators, casts, parentheses), or nullptr.
const Stmt *loopConditionedBy(const Expr *E, ASTContext &Ctx);

/// The statement right after \p S in \p Block; nullptr when \p S is its
/// last one or not one of its statements.
const Stmt *nextInBlock(const CompoundStmt *Block, const Stmt *S);

/// The first node of the tree \p Root (itself included, pre-order) that
/// \p Pred accepts; nullptr when none does or \p Root is nullptr.
const Stmt *findInTree(const Stmt *Root,
                       llvm::function_ref<bool(const Stmt *)> Pred);

/// The name of the function \p Call calls directly, or "".
llvm::StringRef calleeName(const CallExpr *Call);

/// Forgets every map (a new translation unit starts).
void resetParents();

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_PARENTS_H
