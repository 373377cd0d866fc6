//===--- Parents.cpp ------------------------------------------------------===//

#include "lib/Parents.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Config/llvm-config.h"
#include <cstdlib>
#include <memory>
#include <vector>

namespace clang::tidy::freethreading {

namespace {

/// The parents of the nodes of one group of top-level declarations, keyed
/// by DynTypedNode::getMemoizationData(). Nearly every node has one parent:
/// it is kept by value (a vector per node made the map's growth copy and
/// free each one); the few with more have all of theirs, in the order met,
/// in More.
struct GroupMap {
  llvm::DenseMap<const void *, DynTypedNode> First;
  llvm::DenseMap<const void *, llvm::SmallVector<DynTypedNode, 2>> More;
};

/// Records, for every node with an identity, the node it was reached from.
class ParentRecorder : public RecursiveASTVisitor<ParentRecorder> {
  using Base = RecursiveASTVisitor<ParentRecorder>;

public:
  ParentRecorder(GroupMap &Out, const DynTypedNode &Root) : Out(Out) {
    Stack.push_back(Root);
  }

  // The traversal ASTContext's parent map makes.
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool TraverseDecl(Decl *D) {
    if (!D)
      return true;
    return within(DynTypedNode::create(*D), [&] { return Base::TraverseDecl(D); });
  }
  bool TraverseStmt(Stmt *S) {
    if (!S)
      return true;
    // No data recursion: the stack must see every statement.
    return within(DynTypedNode::create(*S), [&] { return Base::TraverseStmt(S); });
  }
#if LLVM_VERSION_MAJOR >= 22
  // LLVM 22 added whether to traverse the type's qualifier.
  bool TraverseTypeLoc(TypeLoc TL, bool TraverseQualifier = true) {
    if (!TL)
      return true;
    return within(DynTypedNode::create(TL), [&] {
      return Base::TraverseTypeLoc(TL, TraverseQualifier);
    });
  }
#else
  bool TraverseTypeLoc(TypeLoc TL) {
    if (!TL)
      return true;
    return within(DynTypedNode::create(TL),
                  [&] { return Base::TraverseTypeLoc(TL); });
  }
#endif
  bool TraverseNestedNameSpecifierLoc(NestedNameSpecifierLoc NNS) {
    if (!NNS)
      return true;
    return within(DynTypedNode::create(NNS),
                  [&] { return Base::TraverseNestedNameSpecifierLoc(NNS); });
  }
  bool TraverseAttr(Attr *A) {
    if (!A)
      return true;
    return within(DynTypedNode::create(*A), [&] { return Base::TraverseAttr(A); });
  }

private:
  template <typename Fn> bool within(const DynTypedNode &Node, Fn Traverse) {
    if (const void *Key = Node.getMemoizationData()) {
      const DynTypedNode &Parent = Stack.back();
      auto [It, New] = Out.First.try_emplace(Key, Parent);
      if (!New && !(It->second == Parent)) {
        llvm::SmallVector<DynTypedNode, 2> &Ps = Out.More[Key];
        if (Ps.empty())
          Ps.push_back(It->second);
        if (!llvm::is_contained(Ps, Parent))
          Ps.push_back(Parent);
      }
    }
    Stack.push_back(Node);
    bool Result = Traverse();
    Stack.pop_back();
    return Result;
  }

  GroupMap &Out;
  llvm::SmallVector<DynTypedNode, 32> Stack;
};

/// Top-level declarations whose ranges overlap, in one file.
struct Group {
  FileID File;
  unsigned Begin = 0, End = 0; ///< File offsets, inclusive.
  std::vector<Decl *> Decls;
  std::unique_ptr<GroupMap> Map;
};

struct State {
  const ASTContext *Ctx = nullptr;
  std::vector<Group> Groups; ///< Sorted by (File, Begin), disjoint.
  /// FT_TIDY_VERIFY_PARENTS set: every answer is compared with
  /// ASTContext's and a difference is printed (a test aid).
  bool Verify = false;

  void index(ASTContext &C) {
    Ctx = &C;
    Groups.clear();
    Verify = std::getenv("FT_TIDY_VERIFY_PARENTS") != nullptr;
    const SourceManager &SM = C.getSourceManager();
    std::vector<Decl *> Top;
    for (Decl *D : C.getTraversalScope()) {
      if (auto *TU = dyn_cast<TranslationUnitDecl>(D))
        llvm::append_range(Top, TU->decls());
      else
        Top.push_back(D);
    }
    std::vector<Group> Items;
    for (Decl *D : Top) {
      SourceRange R = D->getSourceRange();
      if (R.isInvalid())
        continue;
      CharSourceRange E = SM.getExpansionRange(R);
      auto [BF, BO] = SM.getDecomposedLoc(E.getBegin());
      auto [EF, EO] = SM.getDecomposedLoc(E.getEnd());
      if (BF.isInvalid() || BF != EF || EO < BO)
        continue; // spread over files: ASTContext's map answers
      Group G;
      G.File = BF;
      G.Begin = BO;
      G.End = EO;
      G.Decls.push_back(D);
      Items.push_back(std::move(G));
    }
    llvm::stable_sort(Items, [](const Group &A, const Group &B) {
      if (A.File != B.File)
        return A.File < B.File;
      return A.Begin < B.Begin;
    });
    for (Group &G : Items) {
      if (!Groups.empty() && Groups.back().File == G.File &&
          G.Begin <= Groups.back().End) {
        Group &Last = Groups.back();
        Last.End = std::max(Last.End, G.End);
        llvm::append_range(Last.Decls, G.Decls);
        continue;
      }
      Groups.push_back(std::move(G));
    }
  }

  /// The group whose range holds \p Loc, or nullptr.
  Group *groupAt(SourceLocation Loc, const SourceManager &SM) {
    if (Loc.isInvalid())
      return nullptr;
    auto [F, O] = SM.getDecomposedExpansionLoc(Loc);
    auto It = llvm::upper_bound(Groups, std::make_pair(F, O),
                                [](const std::pair<FileID, unsigned> &K,
                                   const Group &G) {
                                  if (K.first != G.File)
                                    return K.first < G.File;
                                  return K.second < G.Begin;
                                });
    if (It == Groups.begin())
      return nullptr;
    --It;
    return It->File == F && O <= It->End ? &*It : nullptr;
  }

  GroupMap &mapOf(Group &G, ASTContext &C) {
    if (!G.Map) {
      G.Map = std::make_unique<GroupMap>();
      ParentRecorder R(*G.Map,
                       DynTypedNode::create(*C.getTranslationUnitDecl()));
      for (Decl *D : G.Decls)
        R.TraverseDecl(D);
    }
    return *G.Map;
  }
};

State &state() {
  static State S;
  return S;
}

DynTypedNodeList fromGroups(const DynTypedNode &Node, ASTContext &Ctx) {
  const void *Key = Node.getMemoizationData();
  if (!Key)
    return Ctx.getParents(Node);
  State &S = state();
  if (S.Ctx != &Ctx)
    S.index(Ctx);
  Group *G = S.groupAt(Node.getSourceRange().getBegin(),
                       Ctx.getSourceManager());
  if (!G)
    return Ctx.getParents(Node);
  GroupMap &M = S.mapOf(*G, Ctx);
  auto It = M.First.find(Key);
  if (It == M.First.end())
    return Ctx.getParents(Node);
  if (!M.More.empty())
    if (auto More = M.More.find(Key); More != M.More.end())
      return DynTypedNodeList(llvm::ArrayRef<DynTypedNode>(More->second));
  return DynTypedNodeList(It->second);
}

} // namespace

DynTypedNodeList parentsOf(const DynTypedNode &Node, ASTContext &Ctx) {
  DynTypedNodeList Result = fromGroups(Node, Ctx);
  if (state().Verify) {
    // Test aid: compare with ASTContext's own answer.
    DynTypedNodeList Expected = Ctx.getParents(Node);
    bool Same = Expected.size() == Result.size();
    for (size_t I = 0; Same && I < Expected.size(); ++I)
      Same = Expected[I] == Result[I];
    if (!Same) {
      llvm::errs() << "ft-tidy: parentsOf differs from ASTContext::getParents "
                      "for a "
                   << Node.getNodeKind().asStringRef() << " at ";
      Node.getSourceRange().getBegin().print(llvm::errs(),
                                             Ctx.getSourceManager());
      llvm::errs() << "\n";
    }
  }
  return Result;
}

DynTypedNode syntacticParentOf(const Expr *E, ASTContext &Ctx) {
  DynTypedNode Child = DynTypedNode::create(*E);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Child, Ctx);
    if (Parents.empty())
      return DynTypedNode();
    const auto *P = Parents[0].get<Stmt>();
    if (!P || !isa<ParenExpr, ImplicitCastExpr>(P))
      return Parents[0];
    Child = Parents[0];
  }
}

DynTypedNode firstParent(const DynTypedNode &Node, ASTContext &Ctx) {
  DynTypedNodeList Parents = parentsOf(Node, Ctx);
  return Parents.empty() ? DynTypedNode() : Parents[0];
}

const Stmt *firstParentStmt(const Stmt *S, ASTContext &Ctx) {
  return firstParent(DynTypedNode::create(*S), Ctx).get<Stmt>();
}

const Expr *ignoreTransparent(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Next))
      if (Cast->getType()->isPointerType())
        Next = Cast->getSubExpr();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Next))
      Next = EWC->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

const Expr *ignoreCasts(const Expr *E) {
  while (E) {
    const Expr *Inner = E->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Inner))
      Inner = Cast->getSubExpr();
    if (Inner == E)
      return E;
    E = Inner;
  }
  return E;
}

const Expr *climbTransparentParents(const Expr *E, DynTypedNode &Parent,
                                    ASTContext &Ctx) {
  while (true) {
    Parent = firstParent(DynTypedNode::create(*E), Ctx);
    const auto *PE = Parent.get<Expr>();
    if (!PE)
      return E;
    bool Transparent = isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(PE);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(PE))
      Transparent = Cast->getType()->isPointerType();
    if (!Transparent)
      return E;
    E = PE;
  }
}

const Expr *loopCondition(const Stmt *S) {
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return W->getCond();
  if (const auto *F = dyn_cast<ForStmt>(S))
    return F->getCond();
  if (const auto *D = dyn_cast<DoStmt>(S))
    return D->getCond();
  return nullptr;
}

const Stmt *loopBody(const Stmt *S) {
  if (const auto *W = dyn_cast<WhileStmt>(S))
    return W->getBody();
  if (const auto *F = dyn_cast<ForStmt>(S))
    return F->getBody();
  if (const auto *D = dyn_cast<DoStmt>(S))
    return D->getBody();
  return nullptr;
}

const Stmt *nextInBlock(const CompoundStmt *Block, const Stmt *S) {
  auto It = llvm::find(Block->body(), S);
  if (It == Block->body_end() || ++It == Block->body_end())
    return nullptr;
  return *It;
}

const Stmt *findInTree(const Stmt *Root,
                       llvm::function_ref<bool(const Stmt *)> Pred) {
  if (!Root)
    return nullptr;
  if (Pred(Root))
    return Root;
  for (const Stmt *Child : Root->children())
    if (const Stmt *Found = findInTree(Child, Pred))
      return Found;
  return nullptr;
}

llvm::StringRef calleeName(const CallExpr *Call) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    if (FD->getIdentifier())
      return FD->getName();
  return "";
}

const Stmt *loopConditionedBy(const Expr *E, ASTContext &Ctx) {
  const Stmt *Node = E;
  while (true) {
    const Stmt *P = firstParentStmt(Node, Ctx);
    if (!P)
      return nullptr;
    if (isa<WhileStmt, ForStmt, DoStmt>(P))
      return loopCondition(P) == Node ? P : nullptr;
    if (!isa<Expr>(P))
      return nullptr;
    Node = P;
  }
}

void resetParents() {
  State &S = state();
  S.Ctx = nullptr;
  S.Groups.clear();
}

} // namespace clang::tidy::freethreading
