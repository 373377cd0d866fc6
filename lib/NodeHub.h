//===--- NodeHub.h - one matcher per node kind for every check -----------===//
//
// Several checks ask for the same kinds of node: five for calls, four for
// assignments and comparisons, two for unary operators and parentheses.
// Each used to add its own matcher, and the match finder ran every one of
// them on every node of its kind in the user's code, each run costing a few
// hundred instructions of the matcher machinery before the check's own test
// (the hub took 17M of regex's _regex.c's 1,058M instructions off).
//
// The hub is one matcher per node kind and match finder. A listener gives a
// test on the node and the name its check binds the node to; when the test
// holds, the check's check() receives a match result with the node bound to
// that name, exactly as from a matcher of its own.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_NODEHUB_H
#define FT_TIDY_LIB_NODEHUB_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/StringRef.h"
#include <functional>

namespace clang::tidy::freethreading {

/// Held by each check that listens (a member). clang-tidy makes a new match
/// finder and new checks for every translation unit, and a new finder may
/// take the address of the one before: the hubs of a finder are dropped when
/// the first of its listening checks is destroyed, before the finder itself.
class NodeHubMembership {
public:
  NodeHubMembership() = default;
  NodeHubMembership(const NodeHubMembership &) = delete;
  NodeHubMembership &operator=(const NodeHubMembership &) = delete;
  ~NodeHubMembership();

  /// Records \p Finder (called by listenFor).
  void join(const ast_matchers::MatchFinder &Finder) { this->Finder = &Finder; }

private:
  const ast_matchers::MatchFinder *Finder = nullptr;
};

template <typename NodeT>
using NodeTest = std::function<bool(const NodeT &, ASTContext &)>;

/// Runs \p Check with the node bound to \p Id for every node of kind NodeT
/// (and its subclasses) in the traversal all matchers share that \p Wanted
/// accepts. NodeT is one of CallExpr, BinaryOperator, UnaryOperator and
/// ParenExpr.
template <typename NodeT>
void listenFor(ast_matchers::MatchFinder &Finder,
               ast_matchers::MatchFinder::MatchCallback &Check,
               NodeHubMembership &Membership, llvm::StringRef Id,
               NodeTest<NodeT> Wanted);

template <typename NodeT>
using NodeAction = std::function<void(const NodeT &, ASTContext &)>;

/// The same, for a check that only records the nodes: \p Then receives each
/// wanted node directly, without the match result a check() reads (whose
/// bound-node map costs more than most such actions).
template <typename NodeT>
void listenFor(ast_matchers::MatchFinder &Finder,
               NodeHubMembership &Membership, NodeTest<NodeT> Wanted,
               NodeAction<NodeT> Then);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_NODEHUB_H
