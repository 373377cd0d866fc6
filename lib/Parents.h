//===--- Parents.h - parent queries that map one declaration at a time ----===//
//
// ASTContext::getParents builds, on its first call, the parent map of every
// declaration in the translation unit's traversal scope. A check that asks
// for one parent in one function (the function around a write, the
// statement around a call) pays for all of them: on a 26,000-line module
// that is about a tenth of clang-tidy's whole run.
//
// parentsOf answers the same question from a parent map of the top-level
// declaration that holds the node, built the first time a node in it is
// asked about. The declarations are found by source range: the top-level
// declarations of the traversal scope, grouped where their ranges overlap
// (`typedef struct {...} T;`, several functions from one macro expansion).
// The map records what ASTContext's does for nodes with an identity
// (declarations, statements, attributes): the nearest enclosing node of
// the same traversal (template instantiations and implicit code included),
// with every parent when a node has several. A node outside every group
// (an implicit node with no location, a declaration spread over several
// files) or absent from its group's map is answered by ASTContext's own
// map, so the answer is always ASTContext's.
//
// The maps belong to the translation unit being checked: resetParents()
// drops them (lib/UserCodeScope calls it at the start of each unit). One
// translation unit at a time, as clang-tidy runs them.
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

/// Forgets every map (a new translation unit starts).
void resetParents();

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_PARENTS_H
