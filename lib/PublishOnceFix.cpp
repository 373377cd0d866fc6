//===--- PublishOnceFix.cpp -----------------------------------------------===//

#include "lib/PublishOnceFix.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "lib/ObjectLocals.h"
#include "lib/Parents.h"
#include "lib/SourceText.h"
#include "lib/StatementText.h"
#include "lib/StaticVarUses.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"
#include <optional>

namespace clang::tidy::freethreading {

namespace {

constexpr llvm::StringLiteral AtomicHeader = "stdatomic.h";

bool refersTo(const Expr *E, const VarDecl *Var) {
  const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
  return DRE && DRE->getDecl()->getCanonicalDecl() == Var->getCanonicalDecl();
}

/// \p Cond tests \p Var for NULL: `Var == NULL`, `NULL == Var`, `!Var`.
bool testsUnset(const Expr *Cond, const VarDecl *Var, ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond))
    return UO->getOpcode() == UO_LNot && refersTo(UO->getSubExpr(), Var);
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || BO->getOpcode() != BO_EQ)
    return false;
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  return (refersTo(BO->getLHS(), Var) && IsNull(BO->getRHS())) ||
         (refersTo(BO->getRHS(), Var) && IsNull(BO->getLHS()));
}

/// \p S as an `if (Var == NULL)` with nothing else: no else, no init
/// statement, no condition variable.
const IfStmt *unsetTest(const Stmt *S, const VarDecl *Var, ASTContext &Ctx) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable() ||
      !testsUnset(If->getCond(), Var, Ctx))
    return nullptr;
  return If;
}

/// \p S leaves the function or jumps (a return or a goto), alone or as the
/// only statement of a block, and does not name \p Var.
bool isExitWithout(const Stmt *S, const VarDecl *Var) {
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    S = Block->size() == 1 ? Block->body_front() : nullptr;
  if (!isa_and_nonnull<ReturnStmt, GotoStmt>(S))
    return false;
  return !findInTree(S, [&](const Stmt *Sub) {
    return isa<DeclRefExpr>(Sub) && refersTo(cast<Expr>(Sub), Var);
  });
}

/// The file text of statement \p S, with its ';' unless it is a block;
/// an invalid range when a macro writes part of it.
CharSourceRange statementRange(const Stmt *S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  // (A statement may end with a macro, `return NULL;`: the file range
  // covers its name; endOfStatement declines those.)
  CharSourceRange R = fileRange(S, Ctx);
  if (R.isInvalid() || S->getBeginLoc().isMacroID())
    return CharSourceRange();
  const Stmt *Last = S;
  while (const auto *If = dyn_cast<IfStmt>(Last))
    Last = If->getElse() ? If->getElse() : If->getThen();
  if (isa<CompoundStmt>(Last))
    return R;
  // The ';' is the token after the statement's last one, which holds the
  // character before R's end.
  SourceLocation LastToken = Lexer::GetBeginningOfToken(
      R.getEnd().getLocWithOffset(-1), SM, LO);
  std::optional<Token> Semi = Lexer::findNextToken(LastToken, SM, LO);
  if (!Semi || Semi->isNot(tok::semi))
    return CharSourceRange();
  return CharSourceRange::getCharRange(R.getBegin(), Semi->getEndLoc());
}

/// The insertion of `#include <stdatomic.h>` on the line after \p File's
/// `#include <Python.h>`, or nullopt when \p File does not include it.
std::optional<FixItHint> atomicInclude(FileID File, const SourceManager &SM) {
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End;
       ++It) {
    if (llvm::sys::path::filename(It->first.getName()) != pythonHeaderName())
      continue;
    SourceLocation Inc = SM.getIncludeLoc(SM.translateFile(It->first));
    if (Inc.isInvalid() || SM.getFileID(Inc) != File)
      continue;
    auto [F, Offset] = SM.getDecomposedLoc(Inc);
    llvm::StringRef Text = SM.getBufferData(F);
    size_t LineEnd = Text.find('\n', Offset);
    if (LineEnd == llvm::StringRef::npos)
      return std::nullopt;
    return FixItHint::CreateInsertion(
        SM.getLocForStartOfFile(F).getLocWithOffset(LineEnd + 1),
        ("#include <" + AtomicHeader + ">\n").str());
  }
  return std::nullopt;
}

/// \p Ref's value goes, through casts, to a call that releases it
/// (Py_DECREF, Py_XDECREF, Py_CLEAR...): the cache's reference is dropped
/// somewhere, which publishing it once does not make safe.
bool isReleased(const DeclRefExpr *Ref, ASTContext &Ctx) {
  DynTypedNode Parent;
  climbTransparentParents(Ref, Parent, Ctx);
  const auto *Call = Parent.get<CallExpr>();
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() &&
         releasesReference(Callee->getName());
}

/// Why \p Call may not be published as soon as it returns, or "".
std::string constructorObstacle(const Expr *Value) {
  const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return "the value is not a call of a known CPython constructor";
  std::optional<bool> EmptyOnly = finishedObjectConstructor(Callee->getName());
  bool Empty = llvm::all_of(Call->arguments(), [](const Expr *A) {
    const auto *L = dyn_cast<IntegerLiteral>(A->IgnoreParenImpCasts());
    return L && L->getValue() == 0;
  });
  if (!EmptyOnly)
    return ("'" + Callee->getName() +
            "' is not known to return a new reference to an object complete "
            "when it returns")
        .str();
  if (*EmptyOnly && !Empty)
    return ("what '" + Callee->getName() +
            "' returns is filled after the call, unless its arguments are 0")
        .str();
  return "";
}

/// The statements a fix rewrites, read from the source.
struct FillShape {
  const BinaryOperator *Assign = nullptr; ///< v = CALL(...)
  const IfStmt *If = nullptr;             ///< if (v == NULL)
  const IfStmt *Check = nullptr;          ///< the optional error check
  bool Braceless = false;                 ///< the if's body is the fill
  CharSourceRange FillRange, CallRange, CheckRange, ExitRange;
};

/// Reads the shape `if (v == NULL) { v = CALL(...); [if (v == NULL) exit;] }`
/// around \p Fill into \p Out, or says why it is not that shape.
std::string readFill(const VarDecl *Var, const Expr *Fill, FillShape &Out,
                     ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *Assign = dyn_cast<BinaryOperator>(Fill);
  if (!Assign || Assign->getOpcode() != BO_Assign ||
      !isa<DeclRefExpr>(Assign->getLHS()->IgnoreParens()) ||
      !refersTo(Assign->getLHS(), Var))
    return "the cache is not filled by a plain assignment";
  if (std::string Why = constructorObstacle(Assign->getRHS()); !Why.empty())
    return Why;
  Out.Assign = Assign;
  const Stmt *Parent = firstParentStmt(Assign, Ctx);
  if (const IfStmt *I = unsetTest(Parent, Var, Ctx);
      I && I->getThen() == Assign) {
    Out.If = I;
  } else if (const auto *Block = dyn_cast_or_null<CompoundStmt>(Parent)) {
    const IfStmt *I = unsetTest(firstParentStmt(Block, Ctx), Var, Ctx);
    if (I && I->getThen() == Block && Block->body_front() == Assign) {
      if (Block->size() == 2)
        Out.Check = unsetTest(Block->body_back(), Var, Ctx);
      if (Block->size() == 1 ||
          (Out.Check && isExitWithout(Out.Check->getThen(), Var)))
        Out.If = I;
    }
  }
  if (!Out.If)
    return "the fill is not the whole of an 'if' testing it for NULL "
           "(followed at most by a NULL test that leaves)";
  Out.FillRange = statementRange(Assign, Ctx);
  Out.CallRange = fileRange(Assign->getRHS(), Ctx);
  if (Out.Check) {
    Out.CheckRange = statementRange(Out.Check, Ctx);
    Out.ExitRange = statementRange(Out.Check->getThen(), Ctx);
  }
  Out.Braceless = Out.If->getThen() == Assign;
  if (Out.FillRange.isInvalid() || Out.CallRange.isInvalid() ||
      Out.If->getBeginLoc().isMacroID() ||
      (Out.Check &&
       (Out.CheckRange.isInvalid() || Out.ExitRange.isInvalid())) ||
      (Out.Braceless && SM.getSpellingLineNumber(Out.If->getBeginLoc()) ==
                            SM.getSpellingLineNumber(Assign->getBeginLoc())))
    return "the fill is written by a macro or shares the test's line";
  return "";
}

/// Declines when a use of \p Var other than the fill's writes it or
/// releases its reference; a plan with no reason otherwise.
FixPlan otherUsesObstacle(const VarDecl *Var, const BinaryOperator *Assign,
                          ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const StaticVarUse &U : usesOf(Var, Ctx)) {
    SourceLocation Loc = SM.getFileLoc(U.Ref->getLocation());
    if (U.Kind != UseKind::Read && U.Ref != Assign->getLHS()->IgnoreParens())
      return FixPlan::none("it is also written or used otherwise here: "
                           "publishing it once would not cover that",
                           Loc);
    if (U.Kind == UseKind::Read && isReleased(U.Ref, Ctx))
      return FixPlan::none("its reference is released here: publishing it "
                           "once would not keep it alive",
                           Loc);
  }
  return FixPlan();
}

/// The edit that creates the object into a fresh local and publishes it.
FixItHint publishingEdit(const VarDecl *Var, const FillShape &F,
                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const FunctionDecl *Fn = outermostFunction(F.Assign, Ctx);
  FreshNames Names(Fn ? Fn->getBody() : static_cast<const Stmt *>(F.If), Ctx);
  std::string New = Names.fresh(("new_" + Var->getName()).str());
  std::string Unset = Names.fresh("unset");
  llvm::StringRef IfIndent = lineIndentation(F.If->getBeginLoc(), SM);
  llvm::StringRef Indent = lineIndentation(F.Assign->getBeginLoc(), SM);
  std::string Unit =
      Indent.starts_with(IfIndent) && Indent.size() > IfIndent.size()
          ? Indent.drop_front(IfIndent.size()).str()
          : "    ";
  auto Text = [&](CharSourceRange R) { return textOf(R, Ctx).str(); };
  std::string Type = (objectTypeName() + " *").str();
  std::string Swap = "atomic_compare_exchange_strong(&" +
                     Var->getName().str() + ", &" + Unset + ", " + New + ")";
  std::vector<std::string> Lines = {Type + New + " = " + Text(F.CallRange) +
                                    ";"};
  if (F.Check) {
    // The exit on a line of its own stays so; a block follows the test.
    const Stmt *Exit = F.Check->getThen();
    bool OwnLine = !isa<CompoundStmt>(Exit) &&
                   SM.getSpellingLineNumber(Exit->getBeginLoc()) !=
                       SM.getSpellingLineNumber(F.Check->getBeginLoc());
    Lines.push_back("if (" + New + " == NULL)" +
                    (OwnLine ? "\n" + Indent.str() + Unit : " ") +
                    Text(F.ExitRange));
  }
  Lines.push_back(Type + Unset + " = NULL;");
  Lines.push_back(F.Check ? "if (!" + Swap + ")"
                          : "if (" + New + " != NULL && !" + Swap + ")");
  Lines.push_back(Unit + fixName(FixName::Release).str() + "(" + New + ");");
  std::string Body = llvm::join(Lines, "\n" + Indent.str());
  CharSourceRange Replaced = F.FillRange;
  if (F.Check)
    Replaced.setEnd(F.CheckRange.getEnd());
  if (F.Braceless) {
    // From the end of the test on: `if (!v) {` and the block.
    Replaced.setBegin(F.If->getRParenLoc().getLocWithOffset(1));
    Body = " {\n" + Indent.str() + Body + "\n" + IfIndent.str() + "}";
  }
  return FixItHint::CreateReplacement(Replaced, Body);
}

} // namespace

FixPlan publishOnceFix(const VarDecl *Var, const Expr *Fill, bool C11Atomics,
                       const ConditionalBranches &Branches, bool &IncludeAdded,
                       ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (std::string Why = c11AtomicsObstacle(C11Atomics, Ctx.getLangOpts());
      !Why.empty())
    return FixPlan::none(std::move(Why));
  if (!isPyObjectPointer(Var->getType()) ||
      Var->getType()->getPointeeType().isConstQualified())
    return FixPlan::none("only an object pointer is published this way");
  if (std::string Why = soleDeclarationObstacle(Var, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));
  FillShape Shape;
  if (std::string Why = readFill(Var, Fill, Shape, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));
  if (FixPlan Other = otherUsesObstacle(Var, Shape.Assign, Ctx);
      !Other.Reason.empty())
    return Other;
  if (FixPlan Skipped = skippedCodeObstacle(Var, Branches, Ctx);
      !Skipped.Reason.empty())
    return Skipped;

  FixPlan Plan;
  if (!IncludeAdded && !unitIncludesFile(AtomicHeader, SM)) {
    std::optional<FixItHint> Include =
        atomicInclude(SM.getFileID(Shape.FillRange.getBegin()), SM);
    if (!Include)
      return FixPlan::none(("this file does not include <" +
                            pythonHeaderName() + ">, after which <" +
                            AtomicHeader + "> would be added")
                               .str());
    Plan.Edits.push_back(*Include);
    IncludeAdded = true;
  }
  Plan.Edits.push_back(publishingEdit(Var, Shape, Ctx));
  Plan.Edits.push_back(FixItHint::CreateInsertion(Var->getLocation(),
                                                  "_Atomic "));
  return Plan;
}

} // namespace clang::tidy::freethreading
