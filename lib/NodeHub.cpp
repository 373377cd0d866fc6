//===--- NodeHub.cpp ------------------------------------------------------===//

#include "lib/NodeHub.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

namespace clang::tidy::freethreading {

using namespace ast_matchers;

namespace {

/// The binding of the hub's own matcher.
constexpr llvm::StringLiteral HubId = "freethreading-node";

/// Hands a match result to a check, the way the finder would.
class Delivery : public internal::BoundNodesTreeBuilder::Visitor {
public:
  Delivery(MatchFinder::MatchCallback &Check, ASTContext &Ctx)
      : Check(Check), Ctx(Ctx) {}
  void visitMatch(const BoundNodes &Nodes) override {
    Check.run(MatchFinder::MatchResult(Nodes, &Ctx));
  }

private:
  MatchFinder::MatchCallback &Check;
  ASTContext &Ctx;
};

/// The listeners of one node kind. The hub's matcher asks their tests,
/// so that the finder calls back only for the nodes some listener wants
/// (a callback costs more than a matcher that fails); the callback then
/// reuses the answers.
template <typename NodeT> class Hub : public MatchFinder::MatchCallback {
public:
  /// Either Check and Id (a match result for its check()) or Then.
  struct Listener {
    MatchFinder::MatchCallback *Check;
    std::string Id;
    NodeTest<NodeT> Wanted;
    NodeAction<NodeT> Then;
  };

  void add(MatchFinder &Finder, Listener L) {
    if (Listeners.empty()) {
      static const internal::VariadicDynCastAllOfMatcher<Stmt, NodeT> Kind;
      Finder.addMatcher(
          Kind(internal::Matcher<NodeT>(new WantedByListener(*this)))
              .bind(HubId),
          this);
    }
    Listeners.push_back(std::move(L));
  }

  void run(const MatchFinder::MatchResult &Result) override {
    const auto *Node = Result.Nodes.getNodeAs<NodeT>(HubId);
    if (!Node)
      return;
    // The finder calls back right after its matcher matched the node.
    if (Node != Tested)
      test(*Node, *Result.Context);
    for (size_t I = 0; I < Listeners.size(); ++I) {
      if (!Wanted[I])
        continue;
      if (Listeners[I].Then) {
        Listeners[I].Then(*Node, *Result.Context);
        continue;
      }
      internal::BoundNodesTreeBuilder Bound;
      Bound.setBinding(Listeners[I].Id, DynTypedNode::create(*Node));
      Delivery Deliver(*Listeners[I].Check, *Result.Context);
      Bound.visitMatches(&Deliver);
    }
  }

  llvm::StringRef getID() const override { return "freethreading-node-hub"; }

private:
  class WantedByListener : public internal::MatcherInterface<NodeT> {
  public:
    explicit WantedByListener(Hub &H) : H(H) {}
    bool matches(const NodeT &Node, internal::ASTMatchFinder *Finder,
                 internal::BoundNodesTreeBuilder *) const override {
      return H.test(Node, Finder->getASTContext());
    }

  private:
    Hub &H;
  };

  /// Asks every listener about \p Node; true when one wants it.
  bool test(const NodeT &Node, ASTContext &Ctx) {
    Tested = &Node;
    Wanted.assign(Listeners.size(), false);
    bool Any = false;
    for (size_t I = 0; I < Listeners.size(); ++I)
      if (Listeners[I].Wanted(Node, Ctx))
        Wanted[I] = Any = true;
    return Any;
  }

  std::vector<Listener> Listeners;
  const NodeT *Tested = nullptr;
  std::vector<bool> Wanted;
};

struct Hubs {
  std::tuple<Hub<CallExpr>, Hub<BinaryOperator>, Hub<UnaryOperator>,
             Hub<ParenExpr>>
      Kinds;
};

std::mutex RegistryLock;
llvm::DenseMap<const MatchFinder *, std::unique_ptr<Hubs>> &registry() {
  static llvm::DenseMap<const MatchFinder *, std::unique_ptr<Hubs>> R;
  return R;
}

} // namespace

NodeHubMembership::~NodeHubMembership() {
  if (!Finder)
    return;
  std::lock_guard<std::mutex> Guard(RegistryLock);
  registry().erase(Finder);
}

namespace {

template <typename NodeT>
void addListener(MatchFinder &Finder, NodeHubMembership &Membership,
                 typename Hub<NodeT>::Listener L) {
  Hubs *H;
  {
    std::lock_guard<std::mutex> Guard(RegistryLock);
    std::unique_ptr<Hubs> &Slot = registry()[&Finder];
    if (!Slot)
      Slot = std::make_unique<Hubs>();
    H = Slot.get();
  }
  Membership.join(Finder);
  std::get<Hub<NodeT>>(H->Kinds).add(Finder, std::move(L));
}

} // namespace

template <typename NodeT>
void listenFor(MatchFinder &Finder, MatchFinder::MatchCallback &Check,
               NodeHubMembership &Membership, llvm::StringRef Id,
               NodeTest<NodeT> Wanted) {
  addListener<NodeT>(Finder, Membership,
                     {&Check, Id.str(), std::move(Wanted), nullptr});
}

template <typename NodeT>
void listenFor(MatchFinder &Finder, NodeHubMembership &Membership,
               NodeTest<NodeT> Wanted, NodeAction<NodeT> Then) {
  addListener<NodeT>(Finder, Membership,
                     {nullptr, "", std::move(Wanted), std::move(Then)});
}

template void listenFor<CallExpr>(MatchFinder &, MatchFinder::MatchCallback &,
                                  NodeHubMembership &, llvm::StringRef,
                                  NodeTest<CallExpr>);
template void listenFor<BinaryOperator>(MatchFinder &,
                                        MatchFinder::MatchCallback &,
                                        NodeHubMembership &, llvm::StringRef,
                                        NodeTest<BinaryOperator>);
template void listenFor<UnaryOperator>(MatchFinder &,
                                       MatchFinder::MatchCallback &,
                                       NodeHubMembership &, llvm::StringRef,
                                       NodeTest<UnaryOperator>);
template void listenFor<ParenExpr>(MatchFinder &, MatchFinder::MatchCallback &,
                                   NodeHubMembership &, llvm::StringRef,
                                   NodeTest<ParenExpr>);
template void listenFor<CallExpr>(MatchFinder &, NodeHubMembership &,
                                  NodeTest<CallExpr>, NodeAction<CallExpr>);
template void listenFor<ParenExpr>(MatchFinder &, NodeHubMembership &,
                                   NodeTest<ParenExpr>, NodeAction<ParenExpr>);

} // namespace clang::tidy::freethreading
