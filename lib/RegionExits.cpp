//===--- RegionExits.cpp --------------------------------------------------===//

#include "lib/RegionExits.h"
#include "lib/Parents.h"
#include "clang/AST/DeclObjC.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::freethreading {

SourceRegion SourceRegion::of(const Stmt *S, const SourceManager &SM) {
  return {SM.getExpansionLoc(S->getBeginLoc()),
          SM.getExpansionRange(S->getEndLoc()).getEnd()};
}

bool SourceRegion::contains(SourceLocation Loc, const SourceManager &SM) const {
  SourceLocation L = SM.getExpansionLoc(Loc);
  return !SM.isBeforeInTranslationUnit(L, Begin) &&
         !SM.isBeforeInTranslationUnit(End, L);
}

llvm::StringRef RegionExit::spelling() const {
  switch (Kind) {
  case Return:
    return "return";
  case Goto:
    return "goto";
  case Break:
    return "break";
  case Continue:
    return "continue";
  case Throw:
    return "throw";
  case LongJmp:
    return "longjmp";
  }
  return "";
}

namespace {

bool isLongJmpCall(const Stmt *S) {
  const auto *CE = dyn_cast<CallExpr>(S);
  if (!CE)
    return false;
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return false;
  return llvm::is_contained({"longjmp", "siglongjmp", "_longjmp",
                             "__builtin_longjmp"},
                            FD->getName());
}

/// True for the nodes that start a new function body.
bool isFunctionLike(const DynTypedNode &N) {
  if (const auto *S = N.get<Stmt>())
    return isa<LambdaExpr, BlockExpr>(S);
  if (const auto *D = N.get<Decl>())
    return isa<FunctionDecl, ObjCMethodDecl, BlockDecl>(D);
  return false;
}

SourceLocation beginOf(const DynTypedNode &N) {
  if (const auto *S = N.get<Stmt>())
    return S->getBeginLoc();
  if (const auto *D = N.get<Decl>())
    return D->getBeginLoc();
  return {};
}

/// What the parent chain of an exit says about where it goes.
struct Destination {
  /// For break/continue: the loop or switch left. For throw: an enclosing
  /// try statement with a catch-all handler, reached from its try block.
  const Stmt *Target = nullptr;
  /// Start of the innermost function, lambda or block around the exit.
  SourceLocation BodyBegin;
};

Destination destinationOf(const Stmt *S, RegionExit::KindType Kind,
                          ASTContext &Ctx) {
  Destination Result;
  DynTypedNode Child = DynTypedNode::create(*S);
  DynTypedNodeList Parents = parentsOf(*S, Ctx);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (isFunctionLike(P)) {
      Result.BodyBegin = beginOf(P);
      return Result;
    }
    if (const auto *PS = P.get<Stmt>(); PS && !Result.Target) {
      bool IsLoop = isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(PS);
      if ((Kind == RegionExit::Continue && IsLoop) ||
          (Kind == RegionExit::Break && (IsLoop || isa<SwitchStmt>(PS))))
        Result.Target = PS;
      if (const auto *Try = dyn_cast<CXXTryStmt>(PS);
          Try && Kind == RegionExit::Throw &&
          Child.get<Stmt>() == Try->getTryBlock()) {
        for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
          if (!Try->getHandler(I)->getExceptionDecl())
            Result.Target = Try;
      }
    }
    Child = P;
    Parents = parentsOf(P, Ctx);
  }
  return Result;
}

class ExitFinder : public RecursiveASTVisitor<ExitFinder> {
public:
  bool VisitStmt(Stmt *S) {
    if (auto Kind = exitKind(S))
      Found.push_back({S, *Kind});
    return true;
  }
  llvm::SmallVector<RegionExit, 2> Found;
};

class JumpFinder : public RecursiveASTVisitor<JumpFinder> {
public:
  JumpFinder(std::vector<const GotoStmt *> &Gotos,
             std::vector<const AddrLabelExpr *> &Addresses,
             std::vector<const SwitchStmt *> &Switches)
      : Gotos(Gotos), Addresses(Addresses), Switches(Switches) {}
  bool VisitGotoStmt(GotoStmt *G) {
    Gotos.push_back(G);
    return true;
  }
  bool VisitAddrLabelExpr(AddrLabelExpr *A) {
    Addresses.push_back(A);
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *S) {
    Switches.push_back(S);
    return true;
  }
  std::vector<const GotoStmt *> &Gotos;
  std::vector<const AddrLabelExpr *> &Addresses;
  std::vector<const SwitchStmt *> &Switches;
};

} // namespace

BodyJumps::BodyJumps(const Stmt *Body) {
  JumpFinder(Gotos, Addresses, Switches).TraverseStmt(const_cast<Stmt *>(Body));
}

const Stmt *BodyJumps::into(const Stmt *Root, ASTContext &Ctx) const {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRegion Region = SourceRegion::of(Root, SM);
  auto Inside = [&](const Stmt *S) {
    return S && Region.contains(S->getBeginLoc(), SM);
  };
  for (const GotoStmt *G : Gotos)
    if (!Inside(G) && Inside(G->getLabel()->getStmt()))
      return G;
  for (const AddrLabelExpr *A : Addresses)
    if (Inside(A->getLabel()->getStmt()))
      return A;
  for (const SwitchStmt *Sw : Switches) {
    if (Inside(Sw))
      continue;
    for (const SwitchCase *C = Sw->getSwitchCaseList(); C;
         C = C->getNextSwitchCase())
      if (Inside(C))
        return Sw;
  }
  return nullptr;
}

const Stmt *jumpInto(const Stmt *Root, const Stmt *Body, ASTContext &Ctx) {
  return BodyJumps(Body).into(Root, Ctx);
}

std::optional<RegionExit::KindType> exitKind(const Stmt *S) {
  if (isa<ReturnStmt>(S))
    return RegionExit::Return;
  if (isa<GotoStmt, IndirectGotoStmt>(S))
    return RegionExit::Goto;
  if (isa<BreakStmt>(S))
    return RegionExit::Break;
  if (isa<ContinueStmt>(S))
    return RegionExit::Continue;
  if (isa<CXXThrowExpr>(S))
    return RegionExit::Throw;
  if (isLongJmpCall(S))
    return RegionExit::LongJmp;
  return std::nullopt;
}

const Stmt *jumpTarget(const Stmt *S, RegionExit::KindType Kind,
                       ASTContext &Ctx) {
  return destinationOf(S, Kind, Ctx).Target;
}

bool leavesRegion(const Stmt *S, const SourceRegion &Region, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Kind = exitKind(S);
  if (!Kind || !Region.contains(S->getBeginLoc(), SM))
    return false;
  Destination Dest = destinationOf(S, *Kind, Ctx);
  // A lambda or block written inside the region: its exits stay inside.
  if (Dest.BodyBegin.isValid() && Region.contains(Dest.BodyBegin, SM))
    return false;
  switch (*Kind) {
  case RegionExit::Return:
  case RegionExit::LongJmp:
    return true;
  case RegionExit::Goto:
    if (const auto *G = dyn_cast<GotoStmt>(S)) {
      const LabelStmt *Label = G->getLabel()->getStmt();
      return !Label || !Region.contains(Label->getBeginLoc(), SM);
    }
    return true; // A computed goto may go anywhere.
  case RegionExit::Break:
  case RegionExit::Continue:
  case RegionExit::Throw:
    return !Dest.Target || !Region.contains(Dest.Target->getBeginLoc(), SM);
  }
  return true;
}

llvm::SmallVector<RegionExit, 2> exitsFrom(const Stmt *Root, ASTContext &Ctx) {
  ExitFinder Finder;
  Finder.TraverseStmt(const_cast<Stmt *>(Root));
  SourceRegion Region = SourceRegion::of(Root, Ctx.getSourceManager());
  llvm::SmallVector<RegionExit, 2> Result;
  for (const RegionExit &E : Finder.Found)
    if (leavesRegion(E.S, Region, Ctx))
      Result.push_back(E);
  return Result;
}

bool alwaysJumps(const Stmt *S, JumpKinds Kinds) {
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && alwaysJumps(CS->body_back(), Kinds);
  if (isa_and_nonnull<ReturnStmt, GotoStmt>(S))
    return true;
  return Kinds == JumpKinds::Any && isa_and_nonnull<BreakStmt, ContinueStmt>(S);
}

bool hasLabel(const Stmt *S, LabelKinds Kinds) {
  if (!S)
    return false;
  if (isa<LabelStmt>(S) ||
      (Kinds == LabelKinds::GotoAndCase && isa<SwitchCase>(S)))
    return true;
  for (const Stmt *Child : S->children())
    if (hasLabel(Child, Kinds))
      return true;
  return false;
}

} // namespace clang::tidy::freethreading
