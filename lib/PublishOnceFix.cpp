//===--- PublishOnceFix.cpp -----------------------------------------------===//

#include "lib/PublishOnceFix.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/FinishedObjects.h"
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

/// The variable \p Cond tests for NULL (`v == NULL`, `NULL == v`, `!v`),
/// or nullptr.
const VarDecl *unsetTested(const Expr *Cond, ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  auto Var = [](const Expr *E) -> const VarDecl * {
    const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
    return V ? V->getCanonicalDecl() : nullptr;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond))
    return UO->getOpcode() == UO_LNot ? Var(UO->getSubExpr()) : nullptr;
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO || BO->getOpcode() != BO_EQ)
    return nullptr;
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  if (IsNull(BO->getRHS()))
    return Var(BO->getLHS());
  return IsNull(BO->getLHS()) ? Var(BO->getRHS()) : nullptr;
}

/// The variables \p Cond tests for NULL, joined by '||' (`a == NULL ||
/// !b`); empty when it is anything else.
llvm::SmallVector<const VarDecl *, 4> unsetTests(const Expr *Cond,
                                                 ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *BO = dyn_cast<BinaryOperator>(Cond);
      BO && BO->getOpcode() == BO_LOr) {
    auto L = unsetTests(BO->getLHS(), Ctx);
    auto R = unsetTests(BO->getRHS(), Ctx);
    if (L.empty() || R.empty())
      return {};
    L.append(R.begin(), R.end());
    return L;
  }
  if (const VarDecl *V = unsetTested(Cond, Ctx))
    return {V};
  return {};
}

/// \p S as an `if` testing variables for NULL with nothing else: no else,
/// no init statement, no condition variable; the variables in \p Tested.
const IfStmt *unsetTest(const Stmt *S, ASTContext &Ctx,
                        llvm::SmallVectorImpl<const VarDecl *> &Tested) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable())
    return nullptr;
  Tested = unsetTests(If->getCond(), Ctx);
  return Tested.empty() ? nullptr : If;
}

/// \p S leaves the function or jumps (a return or a goto), alone or as the
/// only statement of a block, and names none of \p Vars: that statement.
const Stmt *exitWithout(const Stmt *S, llvm::ArrayRef<const VarDecl *> Vars) {
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    S = Block->size() == 1 ? Block->body_front() : nullptr;
  if (!isa_and_nonnull<ReturnStmt, GotoStmt>(S))
    return nullptr;
  bool Names = findInTree(S, [&](const Stmt *Sub) {
    return isa<DeclRefExpr>(Sub) &&
           llvm::any_of(Vars, [&](const VarDecl *V) {
             return refersTo(cast<Expr>(Sub), V);
           });
  });
  return Names ? nullptr : S;
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

/// One `v = CALL(...);` of the fill.
struct FillStmt {
  const VarDecl *Var = nullptr;
  const BinaryOperator *Assign = nullptr;
  CharSourceRange Range, CallRange;
};

/// The statements a fix rewrites, read from the source.
struct FillShape {
  const IfStmt *If = nullptr;    ///< if (v == NULL [|| w == NULL...])
  llvm::SmallVector<const VarDecl *, 4> Tested; ///< By the if.
  llvm::SmallVector<FillStmt, 4> Fills; ///< In source order.
  const IfStmt *Check = nullptr; ///< The optional error check.
  llvm::SmallVector<const VarDecl *, 4> Checked; ///< By the check.
  const Stmt *Exit = nullptr;    ///< The check's return or goto.
  bool Braceless = false;        ///< The if's body is the one fill.
  /// Other statements stand before the fill or between it and the error
  /// test (readPrepared): each is rewritten where it is.
  bool Separate = false;
  CharSourceRange CheckRange, ExitRange, ExitStmtRange;
};

/// \p S as `v = CALL(...)`, v a variable; why not, or "".
std::string readAssign(const Stmt *S, FillStmt &Out, ASTContext &Ctx) {
  const auto *Assign = dyn_cast_or_null<BinaryOperator>(S);
  const auto *Target =
      Assign ? dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParens())
             : nullptr;
  if (!Target || Assign->getOpcode() != BO_Assign ||
      !isa<VarDecl>(Target->getDecl()))
    return "the cache is not filled by a plain assignment";
  Out.Var = cast<VarDecl>(Target->getDecl())->getCanonicalDecl();
  Out.Assign = Assign;
  return constructorObstacle(Assign->getRHS(), Ctx);
}

/// True when only blanks stand between the end of \p A and the start of
/// \p B: a replacement of both drops no comment and no directive.
bool onlyBlanksBetween(SourceLocation A, SourceLocation B,
                       const SourceManager &SM) {
  auto [FA, OA] = SM.getDecomposedLoc(A);
  auto [FB, OB] = SM.getDecomposedLoc(B);
  if (FA != FB || OA > OB)
    return false;
  return SM.getBufferData(FA).slice(OA, OB).trim().empty();
}

/// The file ranges of \p Out's statements, or why they cannot be
/// rewritten.
std::string readRanges(FillShape &Out, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const std::string Macro =
      "the fill is written by a macro or shares the test's line";
  for (FillStmt &F : Out.Fills) {
    F.Range = statementRange(F.Assign, Ctx);
    F.CallRange = fileRange(F.Assign->getRHS(), Ctx);
    if (F.Range.isInvalid() || F.CallRange.isInvalid())
      return Macro;
  }
  if (Out.If->getBeginLoc().isMacroID())
    return Macro;
  if (Out.Check) {
    Out.CheckRange = statementRange(Out.Check, Ctx);
    Out.ExitRange = statementRange(Out.Check->getThen(), Ctx);
    Out.ExitStmtRange = statementRange(Out.Exit, Ctx);
    if (Out.CheckRange.isInvalid() || Out.ExitRange.isInvalid() ||
        Out.ExitStmtRange.isInvalid())
      return Macro;
  }
  SourceLocation End = Out.Fills.front().Range.getBegin();
  if (Out.Braceless) {
    if (SM.getSpellingLineNumber(Out.If->getBeginLoc()) ==
        SM.getSpellingLineNumber(Out.Fills.front().Range.getBegin()))
      return Macro;
    End = Out.If->getRParenLoc().getLocWithOffset(1);
  }
  if (Out.Separate)
    return ""; // each rewritten where it is
  llvm::SmallVector<SourceLocation, 6> Starts;
  for (const FillStmt &F : Out.Fills)
    Starts.push_back(F.Range.getBegin());
  if (Out.Check)
    Starts.push_back(Out.CheckRange.getBegin());
  for (unsigned I = 0; I < Starts.size(); ++I) {
    if (!onlyBlanksBetween(End, Starts[I], SM))
      return "a comment or a preprocessor directive stands between the "
             "statements the fix would rewrite";
    End = I < Out.Fills.size() ? Out.Fills[I].Range.getEnd() : End;
  }
  return "";
}

/// Reads \p Block as fills from its start, followed at most by an error
/// test that leaves; false when it is not that.
bool readGroup(const CompoundStmt *Block, FillShape &Out, ASTContext &Ctx) {
  auto It = Block->body_begin(), End = Block->body_end();
  for (FillStmt F; It != End && readAssign(*It, F, Ctx).empty(); ++It) {
    if (llvm::any_of(Out.Fills,
                     [&](const FillStmt &G) { return G.Var == F.Var; }))
      break;
    Out.Fills.push_back(F);
  }
  if (It != End && std::next(It) == End) {
    llvm::SmallVector<const VarDecl *, 4> Vars;
    for (const FillStmt &F : Out.Fills)
      Vars.push_back(F.Var);
    Out.Check = unsetTest(*It, Ctx, Out.Checked);
    Out.Exit = Out.Check ? exitWithout(Out.Check->getThen(), Vars) : nullptr;
    It = Out.Exit ? End : It;
  }
  return It == End;
}

/// True when \p S names \p Var.
bool names(const Stmt *S, const VarDecl *Var) {
  return findInTree(S, [&](const Stmt *Sub) {
    return isa<DeclRefExpr>(Sub) && refersTo(cast<Expr>(Sub), Var);
  });
}

/// True when \p S may leave its block other than by reaching its end.
bool mayLeave(const Stmt *S) {
  return findInTree(S, [](const Stmt *Sub) {
    return isa<ReturnStmt, GotoStmt, IndirectGotoStmt, BreakStmt,
               ContinueStmt, LabelStmt>(Sub);
  });
}

/// Reads \p Block as the fill of the one variable the 'if' tests, made
/// with statements that prepare its arguments and release them:
///   <statements not naming v>  v = CALL(...);
///   <statements not naming v, that do not leave>  [if (v == NULL) exit;]
/// The fill and the error test are rewritten where they are; false when
/// the block is not that.
bool readPrepared(const CompoundStmt *Block, const FillStmt &Fill,
                  FillShape &Out, ASTContext &Ctx) {
  if (Out.Tested.size() != 1 || Out.Tested[0] != Fill.Var)
    return false;
  bool Seen = false;
  for (auto It = Block->body_begin(), End = Block->body_end(); It != End;
       ++It) {
    const Stmt *S = *It;
    if (S == Fill.Assign) {
      Seen = true;
      Out.Fills.push_back(Fill);
      continue;
    }
    llvm::SmallVector<const VarDecl *, 4> Checked;
    if (Seen && std::next(It) == End && unsetTest(S, Ctx, Checked) &&
        Checked.size() == 1 && Checked[0] == Fill.Var) {
      Out.Check = cast<IfStmt>(S);
      Out.Checked = Checked;
      Out.Exit = exitWithout(Out.Check->getThen(), {Fill.Var});
      return Out.Exit != nullptr;
    }
    if (names(S, Fill.Var) || (Seen && mayLeave(S)))
      return false;
    Out.Separate |= Seen;
  }
  Out.Separate |= Block->body_front() != Fill.Assign;
  return Seen;
}

/// Reads the fill around \p Fill into \p Out:
///   if (v == NULL [|| w == NULL...]) {
///     v = CALL(...); [w = CALL(...);...]
///     [if (v == NULL [|| w == NULL...]) <return or goto>;]
///   }
/// (or the braceless `if (v == NULL) v = CALL(...);`), or says why it is
/// not that shape.
std::string readFill(const VarDecl *Var, const Expr *Fill, FillShape &Out,
                     ASTContext &Ctx) {
  FillStmt First;
  if (std::string Why = readAssign(Fill, First, Ctx); !Why.empty())
    return Why;
  if (First.Var != Var->getCanonicalDecl())
    return "the cache is not filled by a plain assignment";
  const Stmt *Parent = firstParentStmt(Fill, Ctx);
  const auto *Block = dyn_cast_or_null<CompoundStmt>(Parent);
  Out.If = unsetTest(Block ? firstParentStmt(Block, Ctx) : Parent, Ctx,
                     Out.Tested);
  if (Out.If && Out.If->getThen() == Fill) {
    Out.Braceless = true;
    Out.Fills.push_back(First);
  } else if (Out.If && Out.If->getThen() == Block) {
    if (!readGroup(Block, Out, Ctx) ||
        !llvm::any_of(Out.Fills,
                      [&](const FillStmt &F) { return F.Assign == Fill; })) {
      Out.Fills.clear();
      Out.Check = nullptr;
      Out.Checked.clear();
      Out.Exit = nullptr;
      if (!readPrepared(Block, First, Out, Ctx))
        Out.If = nullptr;
    }
  } else {
    Out.If = nullptr;
  }
  if (!Out.If || !llvm::any_of(Out.Fills, [&](const FillStmt &F) {
        return F.Assign == Fill;
      }))
    return "the fill is not in an 'if' (without else) testing it for NULL "
           "whose other statements neither name it nor leave after the fill";
  auto Filled = [&](const VarDecl *V) {
    return llvm::any_of(Out.Fills,
                        [&](const FillStmt &F) { return F.Var == V; });
  };
  for (const VarDecl *V : Out.Tested)
    if (!Filled(V))
      return ("the test reads '" + V->getName() +
              "', which this 'if' does not fill")
          .str();
  for (const VarDecl *V : Out.Checked)
    if (!Filled(V))
      return ("the error test reads '" + V->getName() +
              "', which this 'if' does not fill")
          .str();
  return readRanges(Out, Ctx);
}
/// The assignment whose left side is \p Ref, through parentheses.
const BinaryOperator *assignmentTo(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const Stmt *E = Ref;
  while (true) {
    DynTypedNodeList Parents = parentsOf(*E, Ctx);
    const Stmt *P = Parents.size() == 1 ? Parents[0].get<Stmt>() : nullptr;
    if (const auto *Paren = dyn_cast_or_null<ParenExpr>(P)) {
      E = Paren;
      continue;
    }
    const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
    return BO && BO->getOpcode() == BO_Assign && BO->getLHS() == E ? BO
                                                                   : nullptr;
  }
}

/// Declines when a use of \p Var other than its fill \p Assign writes it
/// or releases its reference; a plan with no reason otherwise. With
/// \p MoreFills, another write that is itself a fill of \p Var alone is
/// accepted and read into it: each is published once, and the variable is
/// only ever set by a compare-and-swap from NULL.
FixPlan otherUsesObstacle(const VarDecl *Var, const BinaryOperator *Assign,
                          ASTContext &Ctx, LifecycleTest LifecycleOnly,
                          std::vector<FillShape> *MoreFills = nullptr) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const StaticVarUse &U : usesOf(Var, Ctx)) {
    SourceLocation Loc = SM.getFileLoc(U.Ref->getLocation());
    // `v = NULL;` while the module is set up or torn down: before any
    // fill, or after the last.
    if (const BinaryOperator *BO =
            U.Kind == UseKind::Store ? assignmentTo(U.Ref, Ctx) : nullptr;
        BO && U.Function && LifecycleOnly(U.Function) &&
        BO->getRHS()->isNullPointerConstant(
            Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull)
      continue;
    if (U.Kind == UseKind::Store && MoreFills &&
        U.Ref != Assign->getLHS()->IgnoreParens()) {
      FillShape Other;
      const BinaryOperator *BO = assignmentTo(U.Ref, Ctx);
      if (BO && readFill(Var, BO, Other, Ctx).empty() &&
          Other.Fills.size() == 1) {
        MoreFills->push_back(std::move(Other));
        continue;
      }
    }
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

/// Why \p Var's declaration cannot become `PyObject *_Atomic`, or "".
std::string declarationObstacle(const VarDecl *Var, ASTContext &Ctx) {
  if (isPlainInteger(Var->getType()))
    return "a lazily computed integer is not an object to publish: if "
           "computing it again gives the same value, declare it _Atomic "
           "(racing threads each store that value), else compute it once in "
           "module initialization";
  if (!isPyObjectPointer(Var->getType()) ||
      Var->getType()->getPointeeType().isConstQualified())
    return "only an object pointer is published this way";
  return soleDeclarationObstacle(Var, Ctx);
}

/// Why the variable \p F fills cannot be published once, as a plan without
/// edits; a plan with no reason when it can.
FixPlan variableObstacle(const FillStmt &F, const ConditionalBranches &Branches,
                         LifecycleTest LifecycleOnly, ASTContext &Ctx,
                         std::vector<FillShape> *MoreFills = nullptr) {
  const VarDecl *Var = F.Var;
  if (std::string Why = declarationObstacle(Var, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));
  if (FixPlan Other =
          otherUsesObstacle(Var, F.Assign, Ctx, LifecycleOnly, MoreFills);
      !Other.Reason.empty())
    return Other;
  return skippedCodeObstacle(Var, Branches, Ctx);
}

/// The fills in the order they are published: those the 'if' does not
/// test first, so that a thread that finds every tested one set finds
/// the others set too.
llvm::SmallVector<const FillStmt *, 4> publishOrder(const FillShape &F) {
  llvm::SmallVector<const FillStmt *, 4> Order;
  for (bool Tested : {false, true})
    for (const FillStmt &Fill : F.Fills)
      if (llvm::is_contained(F.Tested, Fill.Var) == Tested)
        Order.push_back(&Fill);
  return Order;
}

/// The edits that create the objects into fresh locals and publish them.
std::vector<FixItHint> publishingEdits(const FillShape &F, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const FillStmt &First = F.Fills.front();
  const FunctionDecl *Fn = outermostFunction(First.Assign, Ctx);
  FreshNames Names(Fn ? Fn->getBody() : static_cast<const Stmt *>(F.If), Ctx);
  llvm::DenseMap<const VarDecl *, std::string> New;
  for (const FillStmt &Fill : F.Fills)
    New[Fill.Var] = Names.fresh(("new_" + Fill.Var->getName()).str());
  std::string Unset = Names.fresh("unset");
  llvm::StringRef IfIndent = lineIndentation(F.If->getBeginLoc(), SM);
  llvm::StringRef Indent = lineIndentation(First.Assign->getBeginLoc(), SM);
  std::string Unit =
      Indent.starts_with(IfIndent) && Indent.size() > IfIndent.size()
          ? Indent.drop_front(IfIndent.size()).str()
          : "    ";
  auto Text = [&](CharSourceRange R) { return textOf(R, Ctx).str(); };
  std::string Type = (objectTypeName() + " *").str();
  std::string Release = fixName(FixName::Release).str();
  std::vector<std::string> Lines;
  for (const FillStmt &Fill : F.Fills)
    Lines.push_back(Type + New[Fill.Var] + " = " + Text(Fill.CallRange) + ";");
  if (F.Check && F.Fills.size() == 1) {
    // The exit on a line of its own stays so; a block follows the test.
    const Stmt *Exit = F.Check->getThen();
    bool OwnLine = !isa<CompoundStmt>(Exit) &&
                   SM.getSpellingLineNumber(Exit->getBeginLoc()) !=
                       SM.getSpellingLineNumber(F.Check->getBeginLoc());
    Lines.push_back("if (" + New[First.Var] + " == NULL)" +
                    (OwnLine ? "\n" + Indent.str() + Unit : " ") +
                    Text(F.ExitRange));
  } else if (F.Check) {
    // Every object made is released before leaving, as none is kept.
    std::vector<std::string> Tests;
    for (const VarDecl *V : F.Checked)
      Tests.push_back(New[V] + " == NULL");
    Lines.push_back("if (" + llvm::join(Tests, " || ") + ") {");
    for (const FillStmt &Fill : F.Fills)
      Lines.push_back(Unit + Release + "(" + New[Fill.Var] + ");");
    Lines.push_back(Unit + Text(F.ExitStmtRange));
    Lines.push_back("}");
  }
  Lines.push_back(Type + Unset + " = NULL;");
  bool FirstSwap = true;
  for (const FillStmt *Fill : publishOrder(F)) {
    const std::string &Local = New[Fill->Var];
    std::string Swap = "atomic_compare_exchange_strong(&" +
                       Fill->Var->getName().str() + ", &" + Unset + ", " +
                       Local + ")";
    if (!FirstSwap)
      Lines.push_back(Unset + " = NULL;");
    FirstSwap = false;
    Lines.push_back(llvm::is_contained(F.Checked, Fill->Var)
                        ? "if (!" + Swap + ")"
                        : "if (" + Local + " != NULL && !" + Swap + ")");
    Lines.push_back(Unit + Release + "(" + Local + ");");
  }
  std::string Separator = "\n" + Indent.str();
  if (F.Separate && F.Check) {
    // The object made where the fill was, the test and the swap where the
    // error test was: the statements between stay.
    std::string Rest = llvm::join(llvm::ArrayRef(Lines).drop_front(), Separator);
    return {FixItHint::CreateReplacement(First.Range, Lines.front()),
            FixItHint::CreateReplacement(F.CheckRange, Rest)};
  }
  std::string Body = llvm::join(Lines, Separator);
  CharSourceRange Replaced = First.Range;
  Replaced.setEnd(F.Check ? F.CheckRange.getEnd() : F.Fills.back().Range.getEnd());
  if (F.Braceless) {
    // From the end of the test on: `if (!v) {` and the block.
    Replaced.setBegin(F.If->getRParenLoc().getLocWithOffset(1));
    Body = " {\n" + Indent.str() + Body + "\n" + IfIndent.str() + "}";
  }
  return {FixItHint::CreateReplacement(Replaced, Body)};
}

} // namespace

bool filledUnderUnsetTest(const Expr *Write, ASTContext &Ctx) {
  const Stmt *Parent = firstParentStmt(Write, Ctx);
  if (isa_and_nonnull<CompoundStmt>(Parent))
    Parent = firstParentStmt(Parent, Ctx);
  llvm::SmallVector<const VarDecl *, 4> Tested;
  return unsetTest(Parent, Ctx, Tested) != nullptr;
}

FixPlan publishOnceFix(const VarDecl *Var, const Expr *Fill, bool C11Atomics,
                       const ConditionalBranches &Branches,
                       LifecycleTest LifecycleOnly, bool &IncludeAdded,
                       llvm::SmallVectorImpl<const VarDecl *> &Covered,
                       ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (std::string Why = c11AtomicsObstacle(C11Atomics, Ctx.getLangOpts());
      !Why.empty())
    return FixPlan::none(std::move(Why));
  if (std::string Why = declarationObstacle(Var, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));
  FillShape Shape;
  if (std::string Why = readFill(Var, Fill, Shape, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));
  // Each variable filled, this one first.
  llvm::SmallVector<const FillStmt *, 4> Order;
  for (const FillStmt &F : Shape.Fills)
    Order.insert(F.Assign == Fill ? Order.begin() : Order.end(), &F);
  // A variable filled alone may be filled so in several places.
  std::vector<FillShape> MoreFills;
  for (const FillStmt *F : Order) {
    FixPlan Why =
        variableObstacle(*F, Branches, LifecycleOnly, Ctx,
                         Shape.Fills.size() == 1 ? &MoreFills : nullptr);
    if (Why.Reason.empty())
      continue;
    if (F->Assign != Fill)
      Why.Reason = ("'" + F->Var->getName() + "', filled with it: " +
                    Why.Reason)
                       .str();
    return Why;
  }

  FixPlan Plan;
  if (!IncludeAdded && !unitIncludesFile(AtomicHeader, SM)) {
    std::optional<FixItHint> Include =
        atomicInclude(SM.getFileID(Shape.Fills.front().Range.getBegin()), SM);
    if (!Include)
      return FixPlan::none(("this file does not include <" +
                            pythonHeaderName() + ">, after which <" +
                            AtomicHeader + "> would be added")
                               .str());
    Plan.Edits.push_back(*Include);
    IncludeAdded = true;
  }
  for (FixItHint &H : publishingEdits(Shape, Ctx))
    Plan.Edits.push_back(std::move(H));
  for (const FillShape &Other : MoreFills)
    for (FixItHint &H : publishingEdits(Other, Ctx))
      Plan.Edits.push_back(std::move(H));
  for (const FillStmt &F : Shape.Fills) {
    const auto *Decl = cast<VarDecl>(
        cast<DeclRefExpr>(F.Assign->getLHS()->IgnoreParens())->getDecl());
    Plan.Edits.push_back(
        FixItHint::CreateInsertion(Decl->getLocation(), "_Atomic "));
    if (F.Assign != Fill)
      Covered.push_back(F.Var);
  }
  return Plan;
}

} // namespace clang::tidy::freethreading
