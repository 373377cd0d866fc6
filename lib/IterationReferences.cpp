//===--- IterationReferences.cpp ------------------------------------------===//

#include "lib/IterationReferences.h"
#include "lib/CPythonAPI.h"
#include "lib/Parents.h"
#include "lib/RegionExits.h"
#include "lib/StatementText.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::freethreading {

namespace {

/// The loop a 'break' (or 'continue') at \p S belongs to: the innermost
/// enclosing loop (or switch, for a 'break'); nullptr inside a lambda or
/// block first.
const Stmt *jumpTarget(const Stmt *S, ASTContext &Ctx) {
  bool IsBreak = isa<BreakStmt>(S);
  for (DynTypedNode N = DynTypedNode::create(*S);;) {
    N = firstParent(N, Ctx);
    if (N.get<LambdaExpr>() || N.get<BlockExpr>() || N.get<Decl>())
      return nullptr;
    const Stmt *P = N.get<Stmt>();
    if (!P)
      return nullptr;
    if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(P) ||
        (IsBreak && isa<SwitchStmt>(P)))
      return P;
  }
}

/// The 'break' and 'continue' statements of a body, and writes to some
/// variables.
class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  explicit BodyScan(llvm::ArrayRef<const VarDecl *> Vars) : Vars(Vars) {}
  bool VisitBreakStmt(BreakStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  bool VisitContinueStmt(ContinueStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *B) {
    if (B->isAssignmentOp())
      note(B->getLHS(), B);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *U) {
    if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
      note(U->getSubExpr(), U);
    return true;
  }
  llvm::ArrayRef<const VarDecl *> Vars;
  std::vector<const Stmt *> Jumps;
  const VarDecl *Written = nullptr;

private:
  void note(const Expr *Target, const Stmt *) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Target->IgnoreParenImpCasts()))
      for (const VarDecl *V : Vars)
        if (DRE->getDecl() == V && !Written)
          Written = V;
  }
};

} // namespace

std::optional<IterationReferences>
planIterationReferences(const Stmt *Loop, llvm::ArrayRef<const VarDecl *> Vars,
                        ASTContext &Ctx, std::string &Why) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (isa<DoStmt>(Loop)) {
    Why = "the body of a 'do' loop runs before the first PyDict_Next step";
    return std::nullopt;
  }
  const auto *Body = dyn_cast_or_null<CompoundStmt>(loopBody(Loop));
  if (!Body || Body->body_empty() || Body->getLBracLoc().isMacroID() ||
      Body->getRBracLoc().isMacroID()) {
    Why = "the loop body is not a block of statements written in the file";
    return std::nullopt;
  }
  if (hasLabel(Body, LabelKinds::GotoOnly)) {
    Why = "the loop body has a label, which a jump could reach past the "
          "new reference";
    return std::nullopt;
  }
  BodyScan Scan(Vars);
  Scan.TraverseStmt(const_cast<CompoundStmt *>(Body));
  if (Scan.Written) {
    Why = ("'" + Scan.Written->getName() + "' is assigned in the loop body")
              .str();
    return std::nullopt;
  }

  IterationReferences Out;
  std::string Increfs, Releases;
  for (const VarDecl *V : Vars) {
    std::string Name = V->getName().str();
    Increfs += (" " + fixName(FixName::Increment) + "(" + Name + ");").str();
    Out.Releases.push_back(
        (fixName(FixName::Release) + "(" + Name + ");").str());
  }
  Increfs = Increfs.substr(1);
  Releases = llvm::join(Out.Releases, " ");

  // The increment, first in the body after its declarations without an
  // initializer (C89 code declares before statements; an initializer could
  // already use the borrowed object).
  auto It = Body->body_begin();
  for (; It != Body->body_end(); ++It) {
    const auto *DS = dyn_cast<DeclStmt>(*It);
    if (!DS || !llvm::all_of(DS->decls(), [](const Decl *D) {
          const auto *VD = dyn_cast<VarDecl>(D);
          return VD && !VD->hasInit();
        }))
      break;
  }
  if (It == Body->body_end() || (*It)->getBeginLoc().isMacroID()) {
    Why = "the loop body has no statement to hold the reference before";
    return std::nullopt;
  }
  SourceLocation First = (*It)->getBeginLoc();
  if (startsLine(First, SM)) {
    llvm::StringRef Indent = lineIndentation(First, SM);
    Out.Edits.push_back(FixItHint::CreateInsertion(
        First.getLocWithOffset(-(int)Indent.size()),
        (Indent + Increfs + "\n").str()));
  } else {
    Out.Edits.push_back(FixItHint::CreateInsertion(First, Increfs + " "));
  }

  // The releases before each 'break' and 'continue' of this loop.
  for (const Stmt *J : Scan.Jumps) {
    if (jumpTarget(J, Ctx) != Loop)
      continue;
    SourceLocation Begin = J->getBeginLoc();
    SourceLocation Past =
        Begin.isMacroID()
            ? SourceLocation()
            : afterSemicolon(Lexer::getLocForEndOfToken(Begin, 0, SM,
                                                        Ctx.getLangOpts()),
                             Ctx);
    if (Past.isInvalid()) {
      Why = "a 'break' or 'continue' of the loop is written inside a macro";
      return std::nullopt;
    }
    if (firstParent(DynTypedNode::create(*J), Ctx).get<CompoundStmt>()) {
      std::string Sep =
          startsLine(Begin, SM)
              ? ("\n" + lineIndentation(Begin, SM)).str()
              : std::string(" ");
      Out.Edits.push_back(FixItHint::CreateInsertion(Begin, Releases + Sep));
    } else {
      Out.Edits.push_back(
          FixItHint::CreateInsertion(Begin, "{ " + Releases + " "));
      Out.Edits.push_back(FixItHint::CreateInsertion(Past, " }"));
    }
  }

  // The release at the end of the body, when control reaches it.
  const Stmt *Last = Body->body_back();
  if (!alwaysJumps(Last)) {
    SourceLocation RBrac = Body->getRBracLoc();
    if (startsLine(RBrac, SM))
      Out.Edits.push_back(FixItHint::CreateInsertion(
          RBrac.getLocWithOffset(-(int)lineIndentation(RBrac, SM).size()),
          lineIndentation(First, SM).str() + Releases + "\n"));
    else
      Out.Edits.push_back(FixItHint::CreateInsertion(RBrac, Releases + " "));
  }
  return Out;
}

} // namespace clang::tidy::freethreading
