//===--- IterationReferences.cpp ------------------------------------------===//

#include "lib/IterationReferences.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/ObjectLocals.h"
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

/// The 'break' and 'continue' statements of a body.
class BodyScan : public RecursiveASTVisitor<BodyScan> {
public:
  bool VisitBreakStmt(BreakStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  bool VisitContinueStmt(ContinueStmt *S) {
    Jumps.push_back(S);
    return true;
  }
  std::vector<const Stmt *> Jumps;
};

/// The first of \p Vars whose mentions in the function around \p Loop are
/// not all plain: in \p Body only reads; elsewhere reads, assignments, and
/// the address passed to the iteration call itself (PyDict_Next(d, &pos,
/// &key, &value)). Anything else (an assignment in the body, an address
/// taken for a pointer, a reference bound to it) could change what the
/// release releases.
const VarDecl *aliasedOrWritten(const Stmt *Loop, const Stmt *Body,
                                llvm::ArrayRef<const VarDecl *> Vars,
                                ASTContext &Ctx) {
  const Stmt *Fn = innermostFunction(Loop, Ctx).Body;
  if (!Fn)
    return Vars.empty() ? nullptr : Vars.front();
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRegion InBody = SourceRegion::of(Body, SM);
  struct Refs : RecursiveASTVisitor<Refs> {
    llvm::ArrayRef<const VarDecl *> Vars;
    std::vector<const DeclRefExpr *> Found;
    bool VisitDeclRefExpr(DeclRefExpr *D) {
      if (llvm::is_contained(Vars, D->getDecl()))
        Found.push_back(D);
      return true;
    }
  } R;
  R.Vars = Vars;
  R.TraverseStmt(const_cast<Stmt *>(Fn));
  for (const DeclRefExpr *D : R.Found) {
    const auto *V = cast<VarDecl>(D->getDecl());
    if (InBody.contains(D->getBeginLoc(), SM)) {
      // A plain use that is not an assignment: a read.
      const Stmt *P = firstParentStmt(D, Ctx);
      while (isa_and_nonnull<ParenExpr>(P))
        P = firstParentStmt(P, Ctx);
      if (!isPlainUse(D, Ctx) || isa_and_nonnull<BinaryOperator>(P))
        return V;
      continue;
    }
    if (isPlainUse(D, Ctx))
      continue;
    const auto *Addr = dyn_cast_or_null<UnaryOperator>(firstParentStmt(D, Ctx));
    const Stmt *Above = Addr ? firstParentStmt(Addr, Ctx) : nullptr;
    while (isa_and_nonnull<ImplicitCastExpr, ParenExpr>(Above))
      Above = firstParentStmt(Above, Ctx);
    const auto *Call = dyn_cast_or_null<CallExpr>(Above);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Addr || Addr->getOpcode() != UO_AddrOf || !Callee ||
        !Callee->getIdentifier() ||
        Callee->getName() != dictIterationFunction())
      return V;
  }
  return nullptr;
}

/// True when \p E calls nothing (no call, no constructor).
bool callsNothing(const Expr *E) {
  struct Calls : RecursiveASTVisitor<Calls> {
    bool Found = false;
    bool VisitCallExpr(CallExpr *) {
      Found = true;
      return false;
    }
    bool VisitCXXConstructExpr(CXXConstructExpr *) {
      Found = true;
      return false;
    }
  } C;
  C.TraverseStmt(const_cast<Expr *>(E));
  return !C.Found;
}

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
  BodyScan Scan;
  Scan.TraverseStmt(const_cast<CompoundStmt *>(Body));
  if (const VarDecl *V = aliasedOrWritten(Loop, Body, Vars, Ctx)) {
    Why = ("'" + V->getName() +
           "' is assigned in the loop body, or its address or a reference to "
           "it is taken in the function")
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

  // The increment, first in the body after its declarations whose
  // initializers call nothing (C89 code declares before statements; a call
  // could already suspend the section).
  auto It = Body->body_begin();
  for (; It != Body->body_end(); ++It) {
    const auto *DS = dyn_cast<DeclStmt>(*It);
    if (!DS || !llvm::all_of(DS->decls(), [](const Decl *D) {
          const auto *VD = dyn_cast<VarDecl>(D);
          return VD && (!VD->hasInit() || callsNothing(VD->getInit()));
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
    if (jumpTarget(J, *exitKind(J), Ctx) != Loop)
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
