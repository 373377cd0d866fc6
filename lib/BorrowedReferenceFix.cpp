//===--- BorrowedReferenceFix.cpp -----------------------------------------===//

#include "lib/BorrowedReferenceFix.h"
#include "lib/EnclosingFunction.h"
#include "lib/ErrorExit.h"
#include "lib/FreshName.h"
#include "lib/ObjectLocals.h"
#include "lib/Parents.h"
#include "lib/RefcountRead.h"
#include "lib/RegionExits.h"
#include "lib/SourceText.h"
#include "lib/StatementText.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"
#include <functional>
#include <optional>

namespace clang::tidy::freethreading {

namespace {

//===--- Small answers ----------------------------------------------------===//

/// True when \p Text (without blanks) is `Name(Var)` for a name \p IsName
/// accepts.
template <typename Pred>
bool isCallOnVar(llvm::StringRef Text, llvm::StringRef Var, Pred IsName) {
  std::string Tail = ("(" + Var + ")").str();
  return Text.ends_with(Tail) && IsName(Text.drop_back(Tail.size()));
}

/// The function, block or lambda body that contains \p S (\p S itself at
/// file scope).
const Stmt *enclosingBody(const Stmt *S, ASTContext &Ctx) {
  const Stmt *Body = innermostFunction(S, Ctx).Body;
  return Body ? Body : S;
}

/// True when the function around \p S has a label (C++ forbids jumping
/// over an initialized declaration a fix would add).
bool functionHasLabels(const Stmt *S, ASTContext &Ctx) {
  return hasLabel(enclosingBody(S, Ctx));
}

/// The last statement of \p Block that is not an empty statement.
const Stmt *lastRealStatement(const CompoundStmt *Block) {
  for (auto It = Block->body_rbegin(); It != Block->body_rend(); ++It)
    if (!isa<NullStmt>(*It))
      return *It;
  return nullptr;
}

/// A removal of the statement [\p Begin, \p EndAfterSemi), with its line
/// when nothing else is on it.
FixItHint removeStatement(SourceLocation Begin, SourceLocation EndAfterSemi,
                          const ASTContext &Ctx) {
  return removeTextLine(Begin, EndAfterSemi, Ctx.getSourceManager(),
                        LineEndBlanks::SpacesAndTabs);
}

/// True when \p If is `if (<NULL test of Var>) <jump>` with nothing else:
/// no else, no init statement, no condition variable.
bool isNullExitOf(const IfStmt *If, const VarDecl *Var, ASTContext &Ctx) {
  NullTest T = nullTestOf(If->getCond(), Ctx);
  return T.Var == Var && T.TrueWhenNull && !If->getElse() && !If->getInit() &&
         !If->getConditionVariable() && alwaysJumps(If->getThen()) &&
         !mentions(If->getThen(), Var);
}

//===--- What a later mention of an owned local does ----------------------===//

/// Every reference to one variable in a body.
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  explicit RefCollector(const VarDecl *VD) : VD(VD) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == VD)
      Refs.push_back(E);
    return true;
  }
  const VarDecl *VD;
  std::vector<const DeclRefExpr *> Refs;
};

/// True when \p D sits in a lambda, block or local declaration inside
/// \p Block.
bool capturedWithin(const DeclRefExpr *D, const CompoundStmt *Block,
                    ASTContext &Ctx) {
  for (DynTypedNode N = DynTypedNode::create(*D);;) {
    DynTypedNode P = firstParent(N, Ctx);
    if (P.get<LambdaExpr>() || P.get<BlockExpr>())
      return true;
    if (const auto *PD = P.get<Decl>(); PD && !isa<VarDecl>(PD))
      return true;
    const auto *PS = P.get<Stmt>();
    if ((!PS && !P.get<Decl>()) || PS == Block)
      return false;
    N = P;
  }
}

/// escapeOf for a mention \p E that is an argument or the callee of \p Call.
std::string escapeThroughCall(const CallExpr *Call, const Expr *E,
                              const std::string &Name) {
  llvm::StringRef Callee = calleeName(Call);
  for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
    if (ignoreTransparent(Call->getArg(I)) != ignoreTransparent(E))
      continue;
    if ((int)I == stolenArgument(Callee))
      return Name + " is passed to '" + Callee.str() +
             "', which steals a reference";
    if (releasesReference(Callee))
      return Name + " is released with '" + Callee.str() + "'";
    return "";
  }
  return Name + " is called";
}

/// escapeOf for a mention \p E that is an operand of \p Op (a unary or
/// binary operator).
std::string escapeThroughOperator(const Expr *Op, const Expr *E,
                                  const std::string &Name,
                                  const ASTContext &Ctx) {
  if (const auto *B = dyn_cast<BinaryOperator>(Op)) {
    if (B->isComparisonOp() || B->isLogicalOp())
      return "";
    if (B->isAssignmentOp())
      return B->getLHS() == E ? Name + " is assigned again"
                              : Name + " is stored into '" +
                                    writtenText(B->getLHS(), Ctx).str() + "'";
    return Name + " is used in an expression the fixer does not follow";
  }
  const auto *U = cast<UnaryOperator>(Op);
  if (U->getOpcode() == UO_LNot || U->getOpcode() == UO_Deref)
    return "";
  if (U->getOpcode() == UO_AddrOf)
    return "the address of " + Name + " is taken";
  return Name + " is modified";
}

/// True when \p E is the condition of the statement or operator \p Parent.
bool isConditionOf(const DynTypedNode &Parent, const Expr *E) {
  if (const auto *If = Parent.get<IfStmt>())
    return If->getCond() == E;
  if (const auto *W = Parent.get<WhileStmt>())
    return W->getCond() == E;
  if (const auto *Do = Parent.get<DoStmt>())
    return Do->getCond() == E;
  if (const auto *F = Parent.get<ForStmt>())
    return F->getCond() == E;
  return false;
}

/// What a mention \p D of the owned local does with its value, when that is
/// more than reading it: a clause for the note ("'v' is stored into ..."),
/// "returned" for a bare `return v`, or "" for a plain read (an argument of
/// a call that neither steals nor releases it, a comparison, a condition, a
/// member access).
std::string escapeOf(const DeclRefExpr *D, const CompoundStmt *Block,
                     ASTContext &Ctx) {
  std::string Name = "'" + D->getDecl()->getName().str() + "'";
  if (capturedWithin(D, Block, Ctx))
    return Name + " is captured by a lambda or block";
  DynTypedNode Parent;
  const Expr *E = climbTransparentParents(D, Parent, Ctx);
  if (const auto *Call = Parent.get<CallExpr>())
    return escapeThroughCall(Call, E, Name);
  if (Parent.get<BinaryOperator>() || Parent.get<UnaryOperator>())
    return escapeThroughOperator(Parent.get<Expr>(), E, Name, Ctx);
  if (Parent.get<MemberExpr>() || Parent.get<ArraySubscriptExpr>())
    return "";
  if (isConditionOf(Parent, E))
    return "";
  if (const auto *CO = Parent.get<ConditionalOperator>())
    return CO->getCond() == E
               ? ""
               : Name + " is a result of a conditional expression";
  if (Parent.get<ReturnStmt>())
    return "returned";
  if (const auto *VD = Parent.get<VarDecl>())
    return Name + " initializes '" + VD->getName().str() + "'";
  if (Parent.get<InitListExpr>() || Parent.get<CompoundLiteralExpr>())
    return Name + " is stored into an initializer";
  return Name + " is used in a way the fixer does not follow";
}

//===--- The fixer --------------------------------------------------------===//

/// The statement that keeps the result in a local: `x = CALL;` or
/// `PyObject *x = CALL;`, a statement of a block.
struct StoreStatement {
  const VarDecl *Var = nullptr;
  const Stmt *S = nullptr;       ///< The assignment or the declaration.
  const DeclStmt *DS = nullptr;  ///< The declaration, if it is one.
  const CompoundStmt *Block = nullptr;
  CharSourceRange Range;         ///< S as written.
};

/// Builds the fix for one use.
class Fixer {
public:
  Fixer(const BorrowedUse &U, ASTContext &Ctx,
        llvm::function_ref<bool(llvm::StringRef)> Available)
      : API(*U.API), E(U.E), NameLoc(U.NameLoc), Editable(U.Editable),
        Available(Available), Ctx(Ctx), SM(Ctx.getSourceManager()) {}

  FixPlan plan();

private:
  friend class OwnedLocalFix;

  bool intProtocol() const {
    return API.Protocol != ResultProtocol::NewReference;
  }
  FixPlan withWrapper(const CallExpr *Wrapper, const Expr *Outer,
                      DynTypedNode Parent);
  FixPlan statementForm(const Expr *Value, DynTypedNode Parent, bool Owned);
  std::optional<FixPlan> bindStore(const Expr *Value, DynTypedNode Parent,
                                   StoreStatement &St);
  const Stmt *statementAfterNullExit(const StoreStatement &St);
  std::optional<FixItHint> increfRemoval(const StoreStatement &St);
  bool rewriteCall(const StoreStatement &St, std::vector<FixItHint> &Out,
                   std::optional<std::string> NewStatement = std::nullopt);
  FixItHint rewriteDeclaration(const StoreStatement &St,
                               const std::string &New);
  std::optional<std::string> ownedStatement(const StoreStatement &St);
  const Stmt *errorExitSetter(const StoreStatement &St);
  FixPlan ownedLocal(const StoreStatement &St);
  FixPlan membershipTest(const Expr *Value, DynTypedNode Parent);
  FixPlan clearingMembershipTest(const Expr *T, DynTypedNode Above,
                                 CharSourceRange TRange, bool TrueWhenMissing,
                                 llvm::StringRef Contains,
                                 const std::string &Test);
  FixPlan explainUse(const Expr *Value, DynTypedNode Parent);
  std::optional<FixPlan> explainTest(const Expr *Value, DynTypedNode Parent);
  FixPlan explainOtherUse(const Expr *Value, DynTypedNode Parent);

  const BorrowedAPI &API;
  const Expr *E;
  SourceLocation NameLoc;
  bool Editable;
  /// Whether a fix may call a 3.13 API other than the replacement here.
  llvm::function_ref<bool(llvm::StringRef)> Available;
  ASTContext &Ctx;
  const SourceManager &SM;
  std::optional<WrittenCall> Call;
};

/// The replacement statement that stores the owned result in \p Var, for
/// the int-returning replacements, keeping the old call's observable state
/// on every outcome (see the doc page, tier 1).
std::optional<std::string> Fixer::ownedStatement(const StoreStatement &St) {
  llvm::StringRef Var = St.Var->getName();
  std::string Out = (API.Replacement + "(").str();
  for (const std::string &Arg : Call->Args)
    Out += Arg + ", ";
  Out += ("&" + Var + ")").str();
  std::string Clear = fixName(FixName::ClearError).str();
  switch (API.Protocol) {
  case ResultProtocol::FoundMissingError:
    if (API.SwallowsErrors) {
      // The old call cleared lookup errors: pass them on through the
      // function's own error exit when the NULL branch is one (rewriteCall
      // guards its exception call), else clear.
      if (errorExitSetter(St))
        return "(void)" + Out + ";";
      return "if (" + Out + " < 0) { " + Clear + "(); }";
    }
    // NULL + exception becomes -1 with *result = NULL: the same state.
    return "(void)" + Out + ";";
  case ResultProtocol::PresentInsertedError:
    return "(void)" + Out + ";";
  case ResultProtocol::AliveDeadError: {
    // The old calls gave a borrowed Py_None for a dead referent.
    std::string None = fixName(FixName::None).str();
    return ("if (" + Out + " == 0) { " + fixName(FixName::Increment) + "(" +
            None + "); " + Var + " = " + None + "; }")
        .str();
  }
  default:
    return std::nullopt;
  }
}

/// The exception call of the function's own error exit for a missing key,
/// when that exit is the statement right after \p St:
/// `if (x == NULL) { <releases>; PyErr_SetString(...); return NULL; }` (one
/// call of the table's FT_EXCEPTION_SETTER, written in the file, with
/// arguments free of side effects; Py_DECREF, Py_XDECREF or Py_CLEAR of
/// other objects; then the function's error value: a null pointer from a
/// pointer function, -1 from an integer one, or a goto). The strong call's
/// -1 leaves x NULL with the lookup's exception set and runs that exit; the
/// fix guards the call with `if (!PyErr_Occurred())`, so the lookup's own
/// exception is passed on (the exit stays one statement, which the other
/// fixes of the run may edit). nullptr for any other shape.
const Stmt *Fixer::errorExitSetter(const StoreStatement &St) {
  const auto *If = dyn_cast_or_null<IfStmt>(nextInBlock(St.Block, St.S));
  if (!If || !isNullExitOf(If, St.Var, Ctx) ||
      !isa<CompoundStmt>(If->getThen()))
    return nullptr;
  InnermostFunction Fn = innermostFunction(If, Ctx);
  if (Fn.IsLambdaOrBlock)
    return nullptr;
  std::optional<ErrorExit> Exit = errorExitOf(If->getThen(), Fn.function(), Ctx);
  if (!Exit || !Exit->Setter ||
      llvm::any_of(Exit->Releases,
                   [&](const Stmt *R) { return mentions(R, St.Var); }))
    return nullptr;
  return Exit->Setter;
}

FixPlan Fixer::plan() {
  if (!Editable)
    return FixPlan::none("the call is spelled inside a macro; rewrite the "
                         "macro by hand with '" + API.Replacement.str() + "'");
  Call = lexCall(NameLoc, Ctx);
  if (!Call || !E)
    return FixPlan::none("the call's arguments could not be read from the "
                         "source; rewrite it by hand with '" +
                         API.Replacement.str() + "'");

  DynTypedNode Parent;
  const Expr *Value = climbTransparentParents(E, Parent, Ctx);
  if (const auto *PC = Parent.get<CallExpr>()) {
    if (isOwningWrapper(calleeName(PC))) {
      DynTypedNode Above;
      const Expr *Outer = climbTransparentParents(PC, Above, Ctx);
      return withWrapper(PC, Outer, Above);
    }
  }
  return explainUse(Value, Parent);
}

/// Tier 1 with a Py_NewRef/Py_XNewRef wrapper.
FixPlan Fixer::withWrapper(const CallExpr *Wrapper, const Expr *Outer,
                           DynTypedNode Parent) {
  CharSourceRange WrapperRange = fileRange(Wrapper, Ctx);
  if (!startsWithWrittenOwningWrapper(textOf(WrapperRange, Ctx)))
    return FixPlan::none("the result is owned through a macro; rewrite it by "
                         "hand with '" + API.Replacement.str() + "'");
  if (!intProtocol()) {
    FixPlan P;
    P.Edits.push_back(FixItHint::CreateReplacement(
        WrapperRange, Call->withName(API.Replacement)));
    P.Introduces = API.Replacement;
    return P;
  }
  return statementForm(Outer, Parent, /*Owned=*/true);
}

/// Finds the statement that stores \p Value (under \p Parent) in a local,
/// filling \p St; or the plan when there is no such statement.
std::optional<FixPlan> Fixer::bindStore(const Expr *Value, DynTypedNode Parent,
                                        StoreStatement &St) {
  if (const auto *BO = Parent.get<BinaryOperator>()) {
    if (BO->getOpcode() != BO_Assign || ignoreTransparent(BO->getRHS()) !=
                                            ignoreTransparent(Value))
      return explainUse(Value, Parent);
    St.Var = pyObjectLocal(BO->getLHS());
    if (!St.Var)
      return FixPlan::none("the reference is stored into '" +
                           writtenText(BO->getLHS(), Ctx).str() +
                           "'; take ownership explicitly with '" +
                           API.Replacement.str() +
                           "' and release the old value");
    St.S = BO;
    return std::nullopt;
  }
  const auto *VD = Parent.get<VarDecl>();
  if (!VD)
    return explainUse(Value, Parent);
  St.DS = firstParent(Parent, Ctx).get<DeclStmt>();
  if (!St.DS || !St.DS->isSingleDecl() || !VD->hasLocalStorage() ||
      !isPyObjectPointer(VD->getType()) || VD->isStaticLocal() ||
      VD->getType().isConstQualified() || VD->getType().isVolatileQualified())
    return FixPlan::none("the reference initializes '" + VD->getName().str() +
                         "'; take ownership explicitly with '" +
                         API.Replacement.str() + "'");
  St.Var = VD;
  St.S = St.DS;
  return std::nullopt;
}

/// Tier 1 for `x = CALL;` / `PyObject *x = CALL;` statements: \p Owned when
/// the value was already wrapped in Py_NewRef/Py_XNewRef; otherwise an
/// INCREF of x must follow at once (optionally after an early exit on NULL),
/// or the local is owned from here on (tier 2).
FixPlan Fixer::statementForm(const Expr *Value, DynTypedNode Parent,
                             bool Owned) {
  StoreStatement St;
  if (std::optional<FixPlan> NotStored = bindStore(Value, Parent, St))
    return std::move(*NotStored);

  std::string VarName = St.Var->getName().str();
  auto NotOwnedNote = [&] {
    return FixPlan::none("the result is kept in '" + VarName +
                         "' as a borrowed reference, and the statement is not "
                         "a statement of a block; use '" +
                         API.Replacement.str() + "' and release '" + VarName +
                         "' on every path");
  };
  St.Block = firstParent(DynTypedNode::create(*St.S), Ctx).get<CompoundStmt>();
  St.Range = fileRange(St.S, Ctx);
  if (!St.Block || St.Range.isInvalid())
    return Owned ? FixPlan::none("the statement is not a plain statement of a "
                                 "block; rewrite it by hand with '" +
                                 API.Replacement.str() + "'")
                 : NotOwnedNote();

  std::optional<FixItHint> Incref;
  if (!Owned) {
    Incref = increfRemoval(St);
    if (!Incref)
      return ownedLocal(St);
  }
  FixPlan P;
  P.Introduces = API.Replacement;
  if (!rewriteCall(St, P.Edits))
    return NotOwnedNote();
  if (Incref)
    P.Edits.push_back(std::move(*Incref));
  return P;
}

/// The statement after St, past at most one early exit on NULL
/// (`if (!x) return NULL;`); nullptr when the block ends first.
const Stmt *Fixer::statementAfterNullExit(const StoreStatement &St) {
  const Stmt *Next = nextInBlock(St.Block, St.S);
  if (const auto *Exit = dyn_cast_or_null<IfStmt>(Next))
    if (isNullExitOf(Exit, St.Var, Ctx) && !hasLabel(Exit->getThen()))
      return nextInBlock(St.Block, Exit);
  return Next;
}

/// The removal of the INCREF that makes the borrowed result owned, right
/// after St: `Py_INCREF(x);`, `Py_XINCREF(x);` or `if (x) Py_INCREF(x);`;
/// nullopt when there is none.
std::optional<FixItHint> Fixer::increfRemoval(const StoreStatement &St) {
  const Stmt *Inc = statementAfterNullExit(St);
  if (!Inc)
    return std::nullopt;
  const Stmt *IncCall = Inc;
  if (const auto *If = dyn_cast<IfStmt>(Inc)) {
    NullTest T = nullTestOf(If->getCond(), Ctx);
    if (T.Var != St.Var || T.TrueWhenNull || If->getElse() || If->getInit() ||
        If->getConditionVariable())
      return std::nullopt;
    IncCall = If->getThen();
    if (const auto *CS = dyn_cast<CompoundStmt>(IncCall)) {
      if (CS->size() != 1)
        return std::nullopt;
      IncCall = CS->body_front();
    }
  }
  // Py_INCREF on NULL crashed before: see the doc page.
  CharSourceRange IncRange = fileRange(Inc, Ctx);
  CharSourceRange CallRange = fileRange(IncCall, Ctx);
  if (!isa<Expr>(IncCall) || IncRange.isInvalid() || CallRange.isInvalid())
    return std::nullopt;
  if (!isCallOnVar(withoutBlanks(textOf(CallRange, Ctx)),
                   St.Var->getName(), isWrittenIncref))
    return std::nullopt;
  // A compound 'then' ends with its '}'; anything else with a ';'.
  bool EndsWithBrace =
      isa<IfStmt>(Inc) && isa<CompoundStmt>(cast<IfStmt>(Inc)->getThen());
  SourceLocation After = EndsWithBrace
                             ? IncRange.getEnd()
                             : afterSemicolon(CallRange.getEnd(), Ctx);
  if (After.isInvalid())
    return std::nullopt;
  return removeStatement(IncRange.getBegin(), After, Ctx);
}

/// `PyObject *x = CALL;` -> `PyObject *x;` followed by \p New.
FixItHint Fixer::rewriteDeclaration(const StoreStatement &St,
                                    const std::string &New) {
  const VarDecl *Var = St.Var;
  const DeclStmt *DS = St.DS;
  SourceLocation NameEnd = Lexer::getLocForEndOfToken(Var->getLocation(), 0,
                                                      SM, Ctx.getLangOpts());
  CharSourceRange DeclHead =
      CharSourceRange::getCharRange(DS->getBeginLoc(), NameEnd);
  SourceLocation After = DS->getEndLoc().getLocWithOffset(1);
  // A deduced type needs its initializer: spell the type out.
  const TypeSourceInfo *TSI = Var->getTypeSourceInfo();
  bool Deduced = Var->getType()->getContainedAutoType() ||
                 (TSI && TSI->getType()->getContainedAutoType());
  std::string Head =
      Deduced ? (objectTypeName() + " *" + Var->getName()).str()
              : textOf(DeclHead, Ctx).str();
  return FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(DS->getBeginLoc(), After),
      New.empty() ? Head + ";"
                  : Head + ";\n" +
                        lineIndentation(DS->getBeginLoc(), SM).str() + New);
}

/// Rewrites St to the strong call, storing an owned reference in its
/// local. For the int-returning replacements the new statement is
/// \p NewStatement, or by default the one that keeps the old call's
/// observable state (tier 1); empty: the statement goes.
bool Fixer::rewriteCall(const StoreStatement &St, std::vector<FixItHint> &Out,
                        std::optional<std::string> NewStatement) {
  if (!intProtocol()) {
    // Same statement, the strong call: rename the callee.
    Out.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(NameLoc, NameLoc), API.Replacement));
    return true;
  }
  std::optional<std::string> New =
      NewStatement ? NewStatement : ownedStatement(St);
  if (!New)
    return false;
  if (!NewStatement && API.SwallowsErrors &&
      API.Protocol == ResultProtocol::FoundMissingError)
    if (const Stmt *Setter = errorExitSetter(St))
      Out.push_back(FixItHint::CreateInsertion(
          Setter->getBeginLoc(),
          ("if (!" + fixName(FixName::ErrorOccurred) + "()) ").str()));
  if (St.DS) {
    Out.push_back(rewriteDeclaration(St, *New));
    return true;
  }
  SourceLocation After = afterSemicolon(St.Range.getEnd(), Ctx);
  if (After.isInvalid())
    return false;
  if (New->empty()) // The call moved elsewhere: the statement goes.
    Out.push_back(removeStatement(St.Range.getBegin(), After, Ctx));
  else
    Out.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(St.Range.getBegin(), After), *New));
  return true;
}

//===--- Tier 2 (and 4): the owned local ----------------------------------===//

/// Tier 2: the result is kept in a local and only read until the end of its
/// block. The call becomes the strong one and every path leaving the rest
/// of the block releases the local: before each return, goto, break or
/// continue that leaves, and at the end of the block. `Py_INCREF(x);
/// return x;` (or `return Py_NewRef(x);`) loses its INCREF instead.
///
/// Tier 4: a weakref result whose dead referent (Py_None) is tested. The
/// strong call gives NULL for a dead referent, so the `== Py_None` tests
/// become NULL tests when that is exact: every other use of the local
/// happens where it is known alive, no other NULL test of it exists, and
/// the -1 of an error (a non-weakref, only possible with a checked getter)
/// goes to the NULL test that followed the old call. Otherwise the owned
/// local keeps Py_None for a dead referent (the tier-1 statement), which is
/// exact as well.
///
/// The cache idiom: the local is assigned again only in the branch right
/// after the call that runs when nothing was found (`if (x == NULL)`, no
/// else). There the local is NULL after the old and the new call alike, so
/// the branch keeps its meaning, and is left out of the rest of the block,
/// when it always leaves (the found path alone goes on), or when it ends by
/// releasing the local (that release goes: both paths then own the local
/// where they meet). No jump from the branch may land later in the block.
///
/// When the branch has an else that is only `Py_INCREF(x);` (the found path
/// made strong), both paths already own the local where they meet: that
/// else goes, and nothing else changes.
class OwnedLocalFix {
public:
  OwnedLocalFix(Fixer &F, const StoreStatement &St)
      : F(F), Ctx(F.Ctx), SM(F.SM), St(St),
        VarName(St.Var->getName().str()),
        Release((fixName(FixName::Release) + "(" + VarName + ");").str()) {}

  FixPlan plan();

private:
  FixPlan fail(const std::string &Why) const {
    return FixPlan::none("the result is kept in '" + VarName +
                         "' as a borrowed reference, and " + Why + "; use '" +
                         F.API.Replacement.str() + "' and release '" +
                         VarName + "' on every path by hand");
  }
  void findReassignment();
  bool isOldValue(const DeclRefExpr *D);
  bool jumpsPast(const Stmt *Reassign) const;
  void findMissingBranch();
  void findAtomicInsert(const CompoundStmt *Then, SourceLocation AfterRelease);
  bool makesDefault(const Stmt *S) const;
  void findIncrefElse(const IfStmt *If);
  bool inMissingBranch(const Stmt *S) const;
  std::optional<std::string> collectLaterUses();
  // Tier 4.
  std::optional<std::string> planNoneTests();
  const BinaryOperator *noneTest(const Expr *C) const;
  const IfStmt *errorCheckAfterCall() const;
  bool deadExitBefore(const Stmt *T) const;
  bool knownAlive(const DeclRefExpr *D) const;
  bool planNoneTestUse(const DeclRefExpr *D);
  // The exits of the rest of the block.
  std::optional<std::string> releaseOnExits();
  std::string handleExit(const RegionExit &X);
  /// Where an exit statement is written, and what a fix around it needs.
  struct ExitPlace {
    const Stmt *S;
    CharSourceRange Range;
    const CompoundStmt *Block; ///< The block holding it, if any.
    SourceLocation AfterSemi;
    std::string Sep; ///< Between an inserted statement and the exit.
  };
  std::string rewriteReturn(const ReturnStmt *RS, const ExitPlace &At);
  std::string dropIncrefBefore(const ExitPlace &At);
  std::string returnThroughTemporary(const ReturnStmt *RS,
                                     CharSourceRange ValueRange,
                                     const ExitPlace &At);
  std::string releaseBefore(const RegionExit &X, const ExitPlace &At);
  void releaseAtBlockEnd();
  FixPlan assemble();

  Fixer &F;
  ASTContext &Ctx;
  const SourceManager &SM;
  const StoreStatement &St;
  const std::string VarName;
  const std::string Release;

  const Stmt *Body = nullptr;
  const FunctionDecl *FD = nullptr;
  std::vector<const Stmt *> Rest; ///< The statements after St in its block.
  SourceRegion Range;             ///< From St to the end of its block.
  std::vector<const DeclRefExpr *> Later; ///< Mentions after St.
  const IfStmt *Missing = nullptr; ///< The cache idiom's missing branch.
  const Stmt *Reassign = nullptr;  ///< `x = ...;` that ends the range.
  SourceRegion AfterReassign;      ///< From Reassign to the block's end.
  std::optional<bool> RunsOnce;    ///< See runsOnce.
  std::vector<const DeclRefExpr *> Mentions; ///< Of the local, in Body.
  std::optional<FixItHint> MissingRelease; ///< Its final release, removed.
  /// The get-or-insert made one PyDict_SetDefaultRef (instead of removing
  /// MissingRelease).
  std::vector<FixItHint> AtomicInsert;
  llvm::StringRef AtomicAPI; ///< What AtomicInsert calls, if anything.
  std::optional<FixItHint> IncrefElse; ///< `else Py_INCREF(x);`, removed.
  std::vector<FixItHint> Tier4;
  const IfStmt *ErrorCheck = nullptr;
  std::vector<FixItHint> Fixes;
  bool CxxLabels = false;
  std::optional<FreshNames> Names;
  llvm::DenseMap<const Stmt *, unsigned> TempsPerBlock;
};

FixPlan OwnedLocalFix::plan() {
  Body = enclosingBody(St.S, Ctx);
  FD = innermostFunction(St.S, Ctx).function();
  if (!Body || !FD)
    return fail("the enclosing function could not be determined");
  if (!St.Block->getRBracLoc().isFileID() ||
      !St.Block->getLBracLoc().isFileID())
    return fail("its block is spelled in a macro");
  if (DynTypedNodeList Up = parentsOf(*St.Block, Ctx);
      !Up.empty() && Up[0].get<StmtExpr>())
    return fail("its block is a statement expression, whose value a release "
                "at its end would change");

  auto It = llvm::find(St.Block->body(), St.S);
  Rest.assign(std::next(It), St.Block->body_end());
  Range = SourceRegion{SM.getExpansionLoc(St.S->getBeginLoc()),
                       SM.getExpansionLoc(St.Block->getRBracLoc())};
  RefCollector Refs(St.Var);
  Refs.TraverseStmt(const_cast<Stmt *>(Body));
  Mentions = std::move(Refs.Refs);
  findReassignment();
  findMissingBranch();
  if (Reassign && jumpsPast(Reassign))
    return fail("'" + VarName + "' is assigned again");
  if (IncrefElse) {
    // Both paths own the local where they meet, before and after the fix:
    // the rest of the block stays as it is.
    FixPlan P;
    P.Introduces = F.API.Replacement;
    if (!F.rewriteCall(St, P.Edits))
      return fail("the statement could not be rewritten");
    P.Edits.push_back(std::move(*IncrefElse));
    return P;
  }
  if (std::optional<std::string> Why = collectLaterUses())
    return fail(*Why);
  if (F.API.Protocol == ResultProtocol::AliveDeadError)
    if (std::optional<std::string> Why = planNoneTests())
      return fail(*Why);

  // No way into the range but through St.
  BodyJumps Jumps(Body);
  for (const Stmt *T : Rest)
    if (Jumps.into(T, Ctx))
      return fail("control can jump into the rest of the block (a label or "
                  "a case inside it)");
  if (std::optional<std::string> Why = releaseOnExits())
    return fail(*Why);
  releaseAtBlockEnd();
  return assemble();
}

/// True when \p V (the local as written) is assigned somewhere in \p S.
bool assignsTo(const Stmt *S, const VarDecl *V) {
  if (!S)
    return false;
  if (const auto *B = dyn_cast<BinaryOperator>(S))
    if (B->getOpcode() == BO_Assign && pyObjectLocal(B->getLHS()) == V)
      return true;
  return llvm::any_of(S->children(),
                      [&](const Stmt *C) { return assignsTo(C, V); });
}

/// Sets Reassign when a later statement of the block assigns the local a
/// value that does not use it (`x = PyDict_GetItem(d, k2);`, the next
/// lookup into the same local): the range ends before it, and the release
/// goes right before it. What follows works with the new value, as before.
void OwnedLocalFix::findReassignment() {
  if (F.API.Protocol == ResultProtocol::AliveDeadError)
    return;
  for (size_t I = 0; I < Rest.size(); ++I) {
    const auto *B = dyn_cast<BinaryOperator>(Rest[I]);
    if (!B || B->getOpcode() != BO_Assign ||
        pyObjectLocal(B->getLHS()) != St.Var || mentions(B->getRHS(), St.Var))
      continue;
    if (!B->getBeginLoc().isFileID())
      return;
    Reassign = B;
    AfterReassign = SourceRegion{B->getBeginLoc(), Range.End};
    Range.End = B->getBeginLoc().getLocWithOffset(-1);
    Rest.resize(I);
    return;
  }
}

/// True when \p D is the object of a reference-count read (Py_REFCNT(x),
/// x->ob_refcnt) or of the uniqueness test.
bool readsRefcountOf(const DeclRefExpr *D, ASTContext &Ctx) {
  const Stmt *S = D;
  for (int Depth = 0; S && Depth < 12; ++Depth, S = firstParentStmt(S, Ctx)) {
    const auto *E = dyn_cast<Expr>(S);
    if (!E)
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (calleeName(Call) == uniquenessTest())
        return true;
    if (!mayBeRefcountRead(E))
      continue;
    std::optional<RefcountRead> R = asRefcountRead(E, Ctx);
    if (R && R->Object && R->Object->IgnoreParenCasts() == D)
      return true;
  }
  return false;
}

/// True when control never comes back to a statement before \p S in
/// \p Body: no loop around \p S, no label before it.
bool runsOnce(const Stmt *S, const Stmt *Body, ASTContext &Ctx) {
  for (const Stmt *P = firstParentStmt(S, Ctx); P && P != Body;
       P = firstParentStmt(P, Ctx))
    if (loopBody(P) || isa<CXXForRangeStmt, LambdaExpr, BlockExpr>(P))
      return false;
  const SourceManager &SM = Ctx.getSourceManager();
  std::function<bool(const Stmt *)> LabelBefore = [&](const Stmt *T) {
    if (!T)
      return false;
    if (isa<LabelStmt>(T) &&
        SM.isBeforeInTranslationUnit(T->getBeginLoc(), S->getBeginLoc()))
      return true;
    return llvm::any_of(T->children(), LabelBefore);
  };
  return !LabelBefore(Body);
}

/// True when a jump written between St and \p Reassign, outside the
/// missing branch (whose path keeps the original's ownership), lands after
/// it where the local is still mentioned later (there the old value would
/// be read after its release), or can land anywhere (a computed goto).
bool OwnedLocalFix::jumpsPast(const Stmt *Reassign) const {
  SourceLocation R = SM.getExpansionLoc(Reassign->getBeginLoc());
  auto Between = [&](SourceLocation L) {
    L = SM.getExpansionLoc(L);
    return !SM.isBeforeInTranslationUnit(L, Range.Begin) &&
           SM.isBeforeInTranslationUnit(L, R) &&
           !(Missing &&
             SourceRegion::of(Missing->getThen(), SM).contains(L, SM));
  };
  // Where the local is read after \p L (a label after the reassignment).
  auto MentionedFrom = [&](SourceLocation L) {
    return llvm::any_of(Mentions, [&](const DeclRefExpr *D) {
      return !SM.isBeforeInTranslationUnit(
          SM.getExpansionLoc(D->getBeginLoc()), L);
    });
  };
  std::function<bool(const Stmt *)> Visit = [&](const Stmt *S) {
    if (!S)
      return false;
    if (isa<IndirectGotoStmt>(S) && Between(S->getBeginLoc()))
      return true;
    if (const auto *G = dyn_cast<GotoStmt>(S))
      if (Between(G->getBeginLoc()) && G->getLabel()->getStmt()) {
        SourceLocation L =
            SM.getExpansionLoc(G->getLabel()->getStmt()->getBeginLoc());
        if (!SM.isBeforeInTranslationUnit(L, R) && MentionedFrom(L))
          return true;
      }
    return llvm::any_of(S->children(), Visit);
  };
  return Visit(Body);
}

/// True when \p D, before St, reads the value the local had before it and
/// control cannot come back there after St.
bool OwnedLocalFix::isOldValue(const DeclRefExpr *D) {
  if (!SM.isBeforeInTranslationUnit(SM.getExpansionLoc(D->getBeginLoc()),
                                    Range.Begin))
    return false;
  if (!isPlainUse(D, Ctx) || St.Var->getDeclContext() != FD)
    return false;
  if (!RunsOnce)
    RunsOnce = runsOnce(St.S, Body, Ctx);
  return *RunsOnce;
}

/// Sets Missing (and MissingRelease) when the statement after St is the
/// cache idiom's missing branch; see the class comment.
void OwnedLocalFix::findMissingBranch() {
  if (Rest.empty() || F.API.Protocol == ResultProtocol::AliveDeadError)
    return;
  const auto *If = dyn_cast<IfStmt>(Rest.front());
  if (!If || If->getInit() || If->getConditionVariable())
    return;
  NullTest T = nullTestOf(If->getCond(), Ctx);
  const Stmt *Then = If->getThen();
  if (T.Var != St.Var || !T.TrueWhenNull || !assignsTo(Then, St.Var) ||
      hasLabel(Then))
    return;
  if (If->getElse()) {
    findIncrefElse(If);
    return;
  }
  // A jump from the branch to a later statement of the block would bring
  // the branch's ownership where the found path's is expected.
  for (const RegionExit &X : exitsFrom(Then, Ctx))
    if (!leavesRegion(X.S, Range, Ctx))
      return;
  if (alwaysJumps(Then)) {
    Missing = If;
    return;
  }
  const auto *CS = dyn_cast<CompoundStmt>(Then);
  const Stmt *Last = CS && !CS->body_empty() ? CS->body_back() : nullptr;
  CharSourceRange R = Last && isa<Expr>(Last) ? fileRange(Last, Ctx)
                                              : CharSourceRange();
  if (R.isInvalid() || !mentions(Last, St.Var) ||
      !isCallOnVar(withoutBlanks(textOf(R, Ctx)), VarName, isWrittenRelease))
    return;
  SourceLocation After = afterSemicolon(R.getEnd(), Ctx);
  if (After.isInvalid())
    return;
  Missing = If;
  MissingRelease = removeStatement(R.getBegin(), After, Ctx);
  findAtomicInsert(CS, After);
}

/// The lookup's and the insertion's argument name the same local or
/// parameter (`d`; not a reference, which may alias a global), or the same
/// field of one (`self->cache`), each written in the file. They hold the
/// same value when nothing between them assigns (makesDefault).
bool sameStableExpr(const Expr *A, const Expr *B) {
  A = A->IgnoreParenImpCasts();
  B = B->IgnoreParenImpCasts();
  if (A->getBeginLoc().isMacroID() || A->getEndLoc().isMacroID() ||
      B->getBeginLoc().isMacroID() || B->getEndLoc().isMacroID())
    return false;
  if (const auto *DA = dyn_cast<DeclRefExpr>(A)) {
    const auto *DB = dyn_cast<DeclRefExpr>(B);
    const auto *V = dyn_cast<VarDecl>(DA->getDecl());
    return DB && V && V->hasLocalStorage() &&
           !V->getType()->isReferenceType() && DB->getDecl() == V;
  }
  if (const auto *MA = dyn_cast<MemberExpr>(A)) {
    const auto *MB = dyn_cast<MemberExpr>(B);
    return MB && MA->getMemberDecl() == MB->getMemberDecl() &&
           MA->isArrow() == MB->isArrow() &&
           sameStableExpr(MA->getBase(), MB->getBase());
  }
  return false;
}

/// The call of \p Insertion (PyDict_SetItem) in a condition that is true
/// exactly when it fails: `CALL`, `CALL < 0`, `CALL == -1` or `CALL != 0`,
/// the numbers written as literals and compared as signed; the call's name
/// written in the file; else nullptr.
const CallExpr *failingInsertion(const Expr *Cond, llvm::StringRef Insertion) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsInt = [](const Expr *E, int64_t V) {
    E = E->IgnoreParenImpCasts();
    bool Negative = false;
    if (const auto *U = dyn_cast<UnaryOperator>(E);
        U && U->getOpcode() == UO_Minus) {
      Negative = true;
      E = U->getSubExpr()->IgnoreParenImpCasts();
    }
    const auto *L = dyn_cast<IntegerLiteral>(E);
    return L && (Negative ? -1 : 1) * (int64_t)L->getValue().getZExtValue() == V;
  };
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    const bool Fails = (B->getOpcode() == BO_LT && IsInt(B->getRHS(), 0)) ||
                       (B->getOpcode() == BO_EQ && IsInt(B->getRHS(), -1)) ||
                       (B->getOpcode() == BO_NE && IsInt(B->getRHS(), 0));
    if (!Fails || !B->getLHS()->getType()->isSignedIntegerType())
      return nullptr;
    Cond = B->getLHS()->IgnoreParenImpCasts();
  }
  const auto *C = dyn_cast<CallExpr>(Cond);
  if (!C || calleeName(C) != Insertion || C->getNumArgs() != 3 ||
      !C->getCallee()->getExprLoc().isFileID())
    return nullptr;
  return C;
}

/// True for a statement of the missing branch that can run before the
/// insertion of a get-or-insert: `x = <plain constructor>(<plain values>);`,
/// `if (x == NULL) <exit>` or `if (PyErr_Occurred()) <exit>`.
bool OwnedLocalFix::makesDefault(const Stmt *S) const {
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    if (If->getInit() || If->getConditionVariable() || If->getElse() ||
        !alwaysJumps(If->getThen()))
      return false;
    NullTest T = nullTestOf(If->getCond(), Ctx);
    if (T.Var == St.Var && T.TrueWhenNull)
      return true;
    const auto *C = dyn_cast<CallExpr>(If->getCond()->IgnoreParenImpCasts());
    return C && calleeName(C) == fixName(FixName::ErrorOccurred) &&
           C->getNumArgs() == 0;
  }
  const auto *B = dyn_cast<BinaryOperator>(S);
  if (!B || B->getOpcode() != BO_Assign || pyObjectLocal(B->getLHS()) != St.Var)
    return false;
  const auto *C = dyn_cast<CallExpr>(B->getRHS()->IgnoreParenImpCasts());
  std::optional<int> Null =
      C ? plainConstructorNullArgument(calleeName(C)) : std::nullopt;
  if (!Null)
    return false;
  for (unsigned I = 0; I < C->getNumArgs(); ++I) {
    const Expr *A = C->getArg(I)->IgnoreParenImpCasts();
    if (A->HasSideEffects(Ctx)) // sizeof of a variable-length array runs
      return false;
    if ((int)I == *Null) {
      if (!A->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
        return false;
      continue;
    }
    const auto *D = dyn_cast<DeclRefExpr>(A);
    const auto *Size = dyn_cast<UnaryExprOrTypeTraitExpr>(A);
    if (Size && Size->getTypeOfArgument()->isVariablyModifiedType())
      return false; // Evaluated at run time, calls included.
    if (!Size &&
        !isa<IntegerLiteral, FloatingLiteral, StringLiteral,
             CharacterLiteral>(A) &&
        !(D && isa<VarDecl, EnumConstantDecl>(D->getDecl())))
      return false;
  }
  return true;
}

/// Sets AtomicInsert when the missing branch is a get-or-insert whose
/// insertion can be one PyDict_SetDefaultRef:
///
///   x = PyList_New(0);                 (plain constructors, NULL exits)
///   if (x == NULL) return NULL;
///   if (PyDict_SetItem(d, k, x) < 0) { Py_DECREF(x); return NULL; }
///   Py_DECREF(x);
///
/// becomes
///
///   PyObject *stored;
///   if (PyDict_SetDefaultRef(d, k, x, &stored) < 0) { Py_DECREF(x); ... }
///   Py_DECREF(x);
///   x = stored;
///
/// d and k are the lookup's, unchanged. On one thread nothing between the
/// lookup and the insertion can put k in d (no Python code runs there, but
/// for a collection an allocation starts at once before 3.12: see the doc
/// page), so PyDict_SetDefaultRef inserts x as PyDict_SetItem did, and
/// 'stored' is x itself: the local is owned where the paths meet, as with the release
/// removed. When another thread inserted k first, its value is kept and
/// used instead of being overwritten (the lost update of the GIL-less
/// get-or-insert). On failure 'stored' is NULL and x is unchanged, so the
/// exit releases what it released before.
void OwnedLocalFix::findAtomicInsert(const CompoundStmt *Then,
                                     SourceLocation AfterRelease) {
  const auto *Lookup =
      dyn_cast_or_null<CallExpr>(F.E ? F.E->IgnoreParenImpCasts() : nullptr);
  const GetOrInsertAPI *API = getOrInsertAfter(F.API.Name);
  if (!Lookup || Lookup->getNumArgs() != 2 || Then->size() < 2 || !API ||
      FD->isTemplateInstantiation() || FD->isDependentContext() ||
      FD->getTemplateInstantiationPattern() ||
      !F.Available(API->AtomicInsertion))
    return;
  llvm::ArrayRef<Stmt *> Stmts(Then->body_begin(), Then->body_end());
  // The last statement is the local's release (findMissingBranch).
  const Stmt *Last = Stmts.back();
  const auto *Insert = dyn_cast<IfStmt>(Stmts[Stmts.size() - 2]);
  if (!Insert || Insert->getInit() || Insert->getConditionVariable() ||
      Insert->getElse() || !alwaysJumps(Insert->getThen()))
    return;
  const CallExpr *Set = failingInsertion(Insert->getCond(), API->Insertion);
  if (!Set || !sameStableExpr(Set->getArg(0), Lookup->getArg(0)) ||
      !sameStableExpr(Set->getArg(1), Lookup->getArg(1)) ||
      pyObjectLocal(Set->getArg(2)) != St.Var)
    return;
  for (const Stmt *S : Stmts.drop_back(2))
    if (!makesDefault(S))
      return;
  CharSourceRange Cond = fileRange(Insert->getCond(), Ctx);
  SourceLocation InsertAt = Insert->getBeginLoc();
  if (Cond.isInvalid() || !InsertAt.isFileID() || AfterRelease.isInvalid())
    return;
  if (!Names)
    Names.emplace(Body, Ctx);
  const std::string Stored = Names->fresh("stored");
  const std::string Indent = lineIndentation(InsertAt, SM).str();
  AtomicInsert.push_back(FixItHint::CreateInsertion(
      InsertAt, "PyObject *" + Stored + ";\n" + Indent));
  AtomicInsert.push_back(FixItHint::CreateReplacement(
      Cond, API->AtomicInsertion.str() + "(" +
                writtenText(Set->getArg(0), Ctx).str() +
                ", " + writtenText(Set->getArg(1), Ctx).str() + ", " +
                VarName + ", &" + Stored + ") < 0"));
  SourceLocation LastAt = SM.getExpansionLoc(Last->getBeginLoc());
  AtomicInsert.push_back(FixItHint::CreateInsertion(
      AfterRelease, "\n" + lineIndentation(LastAt, SM).str() + VarName +
                        " = " + Stored + ";"));
  MissingRelease.reset();
  AtomicAPI = API->AtomicInsertion;
}

/// Sets IncrefElse when \p If (the missing branch, with an else) is
/// `if (x == NULL) { ... } else { Py_INCREF(x); }`: see the class comment.
void OwnedLocalFix::findIncrefElse(const IfStmt *If) {
  const auto *Then = dyn_cast<CompoundStmt>(If->getThen());
  const Stmt *Else = If->getElse();
  if (const auto *CS = dyn_cast<CompoundStmt>(Else))
    Else = CS->size() == 1 && CS->getRBracLoc().isFileID()
               ? CS->body_front()
               : nullptr;
  if (!Then || !Then->getRBracLoc().isFileID() || !Else || !isa<Expr>(Else))
    return;
  CharSourceRange R = fileRange(Else, Ctx);
  if (R.isInvalid() || !mentions(Else, St.Var) ||
      !isCallOnVar(withoutBlanks(textOf(R, Ctx)), VarName, isWrittenIncref))
    return;
  SourceLocation End = isa<CompoundStmt>(If->getElse())
                           ? cast<CompoundStmt>(If->getElse())
                                 ->getRBracLoc()
                                 .getLocWithOffset(1)
                           : afterSemicolon(R.getEnd(), Ctx);
  if (End.isInvalid())
    return;
  IncrefElse = FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      Then->getRBracLoc().getLocWithOffset(1), End));
}

/// True when \p S is written inside the missing branch's body.
bool OwnedLocalFix::inMissingBranch(const Stmt *S) const {
  return Missing && SourceRegion::of(Missing->getThen(), SM)
                        .contains(S->getBeginLoc(), SM);
}

/// Every mention of the local after St, and none before it or outside the
/// range; the reason for no fix when a mention does more than read it.
/// Mentions before St are the old value's, when control cannot come back
/// to them (runsOnce) and none takes the local's address.
std::optional<std::string> OwnedLocalFix::collectLaterUses() {
  SourceRegion SRegion = SourceRegion::of(St.S, SM);
  const Expr *Assigned = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(St.S))
    Assigned = ignoreTransparent(BO->getLHS());
  for (const DeclRefExpr *D : Mentions) {
    if (inMissingBranch(D) && !isPlainUse(D, Ctx))
      return "the address of '" + VarName + "' is taken, or it is used in a "
             "lambda or block";
    if (D == Assigned || inMissingBranch(D) ||
        (Reassign && AfterReassign.contains(D->getBeginLoc(), SM)) ||
        isOldValue(D))
      continue;
    if (!Range.contains(D->getBeginLoc(), SM) ||
        SRegion.contains(D->getBeginLoc(), SM))
      return "'" + VarName + "' is also used outside the rest of the block "
             "after the call";
    Later.push_back(D);
  }
  for (const DeclRefExpr *D : Later) {
    if (readsRefcountOf(D, Ctx))
      return "the reference count of '" + VarName +
             "' is read (the owned reference adds one to it)";
    std::string Why = escapeOf(D, St.Block, Ctx);
    if (Why.empty() || Why == "returned")
      continue; // A bare return is decided with the exits.
    return Why;
  }
  return std::nullopt;
}

/// `x == Py_None` / `x != Py_None` on the local: the operator, or nullptr.
const BinaryOperator *OwnedLocalFix::noneTest(const Expr *C) const {
  const auto *B =
      dyn_cast_or_null<BinaryOperator>(C ? C->IgnoreParenImpCasts() : nullptr);
  if (!B || (B->getOpcode() != BO_EQ && B->getOpcode() != BO_NE))
    return nullptr;
  bool L = pyObjectLocal(B->getLHS()) == St.Var;
  const Expr *Other = L ? B->getRHS() : B->getLHS();
  if (!L && pyObjectLocal(B->getRHS()) != St.Var)
    return nullptr;
  if (withoutBlanks(writtenText(Other, Ctx)) != fixName(FixName::None))
    return nullptr;
  return B;
}

/// The NULL test right after the call that handles a checked getter's
/// error, or nullptr.
const IfStmt *OwnedLocalFix::errorCheckAfterCall() const {
  if (!isCheckedWeakrefGetter(F.API.Name) || Rest.empty())
    return nullptr;
  const auto *If = dyn_cast<IfStmt>(Rest.front());
  if (If && isNullExitOf(If, St.Var, Ctx) &&
      fileRange(If->getCond(), Ctx).isValid())
    return If;
  return nullptr;
}

/// True when a statement of the rest of the block before \p T leaves when
/// the referent is dead (`if (x == Py_None) return ...;`).
bool OwnedLocalFix::deadExitBefore(const Stmt *T) const {
  for (const Stmt *R : Rest) {
    if (R == T)
      return false;
    const auto *If = dyn_cast<IfStmt>(R);
    const BinaryOperator *B = If ? noneTest(If->getCond()) : nullptr;
    if (B && B->getOpcode() == BO_EQ && !If->getElse() &&
        alwaysJumps(If->getThen()))
      return true;
  }
  return false;
}

/// True when the referent is known alive at \p D: under `if (x != Py_None)`
/// or the else of `== Py_None`, or after an `if (x == Py_None) <exit>`.
bool OwnedLocalFix::knownAlive(const DeclRefExpr *D) const {
  for (DynTypedNode N = DynTypedNode::create(*D);;) {
    DynTypedNode P = firstParent(N, Ctx);
    const auto *PS = P.get<Stmt>();
    if (!PS)
      return false;
    if (PS == St.Block)
      return deadExitBefore(N.get<Stmt>());
    if (const auto *If = dyn_cast<IfStmt>(PS)) {
      const BinaryOperator *B = noneTest(If->getCond());
      const Stmt *Child = N.get<Stmt>();
      if (B && ((B->getOpcode() == BO_NE && Child == If->getThen()) ||
                (B->getOpcode() == BO_EQ && Child == If->getElse())))
        return true;
    }
    N = P;
  }
}

/// Plans the tier-4 edit of the mention \p D; false when the rewrite of the
/// None tests would not be exact.
bool OwnedLocalFix::planNoneTestUse(const DeclRefExpr *D) {
  DynTypedNode Parent;
  const Expr *E = climbTransparentParents(D, Parent, Ctx);
  const auto *PB = Parent.get<BinaryOperator>();
  if (PB && noneTest(PB) == PB) {
    const Expr *Other =
        ignoreTransparent(PB->getLHS()) == ignoreTransparent(E) ? PB->getRHS()
                                                                : PB->getLHS();
    Tier4.push_back(
        FixItHint::CreateReplacement(fileRange(Other, Ctx), "NULL"));
    return true;
  }
  if (ErrorCheck && ignoreTransparent(ErrorCheck->getCond())
                        ->getSourceRange()
                        .fullyContains(D->getSourceRange()))
    return true;
  if (nullTestOf(ignoreTransparent(E), Ctx).Var == St.Var) {
    // Any other NULL-ness test would now see dead referents too.
    const Stmt *P = Parent.get<Stmt>();
    if (P && (isa<IfStmt, WhileStmt, DoStmt, ForStmt, ConditionalOperator>(P) ||
              (isa<UnaryOperator>(P) &&
               cast<UnaryOperator>(P)->getOpcode() == UO_LNot) ||
              (isa<BinaryOperator>(P) &&
               (cast<BinaryOperator>(P)->isLogicalOp() ||
                cast<BinaryOperator>(P)->isEqualityOp()))))
      return false;
  }
  return knownAlive(D);
}

/// Tier 4: fills Tier4 and ErrorCheck when the None tests can become NULL
/// tests exactly (else leaves both empty); the reason for no fix at all.
std::optional<std::string> OwnedLocalFix::planNoneTests() {
  ErrorCheck = errorCheckAfterCall();
  bool Exact = ErrorCheck || !isCheckedWeakrefGetter(F.API.Name);
  for (const DeclRefExpr *D : Later)
    if (!Exact || !planNoneTestUse(D)) {
      Exact = false;
      break;
    }
  if (!Exact || Tier4.empty()) {
    Tier4.clear();
    ErrorCheck = nullptr;
  }
  for (const FixItHint &Edit : Tier4)
    if (Edit.RemoveRange.isInvalid())
      return "a '" + fixName(FixName::None).str() +
             "' test is spelled in a macro";
  return std::nullopt;
}

/// Releases the local on every exit that leaves the range; the reason for
/// no fix when an exit cannot be handled.
std::optional<std::string> OwnedLocalFix::releaseOnExits() {
  CxxLabels = Ctx.getLangOpts().CPlusPlus && functionHasLabels(St.S, Ctx);
  for (const Stmt *T : Rest) {
    if (T == Missing) // The path that found nothing: ownership as before.
      continue;
    for (const RegionExit &X : exitsFrom(T, Ctx)) {
      if (!leavesRegion(X.S, Range, Ctx))
        continue;
      // Leaving through the error check of tier 4: the local is NULL.
      if (ErrorCheck && SourceRegion::of(ErrorCheck->getThen(), SM)
                            .contains(X.S->getBeginLoc(), SM))
        continue;
      std::string Why = handleExit(X);
      if (!Why.empty())
        return Why;
    }
  }
  // A bare `return x` not in the INCREF shape was refused by handleExit;
  // one inside a lambda cannot be (mentions inside lambdas were refused).
  return std::nullopt;
}

/// One exit: a release before it, or a rewrite of a return using the
/// local. Returns the reason for no fix, or "".
std::string OwnedLocalFix::handleExit(const RegionExit &X) {
  const Stmt *ES = X.S;
  if (X.Kind == RegionExit::Throw || X.Kind == RegionExit::LongJmp)
    return "the rest of the block can leave by '" + X.spelling().str() + "'";
  if (isa<IndirectGotoStmt>(ES))
    return "the rest of the block has a computed 'goto'";
  ExitPlace At{ES, fileRange(ES, Ctx), nullptr, SourceLocation(), ""};
  const Stmt *P = firstParentStmt(ES, Ctx);
  At.Block = dyn_cast_or_null<CompoundStmt>(P);
  bool Wrappable = P &&
                   isa<IfStmt, ForStmt, WhileStmt, DoStmt, SwitchCase,
                       LabelStmt, CXXForRangeStmt>(P) &&
                   P->getBeginLoc().isFileID();
  if (At.Range.isInvalid() || (!At.Block && !Wrappable) ||
      (At.Block && !At.Block->getLBracLoc().isFileID()))
    return "a '" + X.spelling().str() +
           "' leaving the rest of the block is spelled in a macro or is "
           "not a statement the fixer can extend";
  At.AfterSemi = afterSemicolon(At.Range.getEnd(), Ctx);
  SourceLocation Begin = At.Range.getBegin();
  At.Sep = startsLine(Begin, SM)
               ? "\n" + lineIndentation(Begin, SM).str()
               : std::string(" ");

  const auto *RS = dyn_cast<ReturnStmt>(ES);
  if (RS && RS->getRetValue() && mentions(RS, St.Var))
    return rewriteReturn(RS, At);
  if (!ES->getBeginLoc().isFileID() && mentions(ES, St.Var))
    return "a '" + X.spelling().str() + "' using '" + VarName +
           "' is spelled in a macro";
  return releaseBefore(X, At);
}

/// A return whose value uses the local.
std::string OwnedLocalFix::rewriteReturn(const ReturnStmt *RS,
                                         const ExitPlace &At) {
  if (!RS->getBeginLoc().isFileID() || At.AfterSemi.isInvalid())
    return "a 'return' using '" + VarName + "' is spelled in a macro";
  const Expr *V = RS->getRetValue();
  CharSourceRange VR = fileRange(V, Ctx);
  // `return Py_NewRef(x);`: the owned reference is what is returned.
  if (isCallOnVar(withoutBlanks(textOf(VR, Ctx)), VarName,
                  isWrittenOwningWrapper)) {
    Fixes.push_back(FixItHint::CreateReplacement(VR, VarName));
    return "";
  }
  if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(V));
      DRE && DRE->getDecl() == St.Var)
    return dropIncrefBefore(At);
  return returnThroughTemporary(RS, VR, At);
}

/// `Py_INCREF(x); return x;`: the INCREF goes away.
std::string OwnedLocalFix::dropIncrefBefore(const ExitPlace &At) {
  const Stmt *Prev = nullptr;
  if (At.Block)
    for (const Stmt *C : At.Block->body()) {
      if (C == At.S)
        break;
      Prev = C;
    }
  CharSourceRange PrevRange =
      Prev && isa<Expr>(Prev) ? fileRange(Prev, Ctx) : CharSourceRange();
  std::string PrevText = withoutBlanks(textOf(PrevRange, Ctx));
  SourceLocation PrevEnd = PrevRange.isValid()
                               ? afterSemicolon(PrevRange.getEnd(), Ctx)
                               : SourceLocation();
  if (!isCallOnVar(PrevText, VarName, isWrittenIncref) || PrevEnd.isInvalid())
    return "'" + VarName + "' is returned without a reference of its own " +
           "(no '" + fixName(FixName::Increment).str() +
           "' right before the 'return')";
  Fixes.push_back(removeStatement(PrevRange.getBegin(), PrevEnd, Ctx));
  return "";
}

/// Keeps the returned value in a temporary, releases, returns the temporary.
std::string OwnedLocalFix::returnThroughTemporary(const ReturnStmt *RS,
                                                  CharSourceRange VR,
                                                  const ExitPlace &At) {
  QualType RT = FD->getReturnType();
  if (RT->isVoidType() || RT->getContainedAutoType() ||
      RT->isDependentType() || RT->isFunctionPointerType() ||
      RT->isArrayType())
    return "a 'return' uses '" + VarName +
           "' and the function's return type cannot be spelled for a "
           "temporary";
  if (!Names)
    Names.emplace(Body, Ctx);
  bool Plain = At.Block && !CxxLabels && TempsPerBlock[At.Block]++ == 0;
  std::string Temp = Names->fresh("result");
  std::string Type = RT.getAsString(Ctx.getPrintingPolicy());
  std::string Decl =
      Type + (llvm::StringRef(Type).ends_with("*") ? "" : " ") + Temp + " = ";
  // `return` becomes the declaration and the value stays in place (other
  // fixes may edit it); the release and return follow the ';'.
  if (VR.isInvalid())
    return "a 'return' value using '" + VarName + "' is spelled in a macro";
  Fixes.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getCharRange(At.Range.getBegin(), VR.getBegin()),
      Plain ? Decl : "{ " + Decl));
  Fixes.push_back(FixItHint::CreateInsertion(
      At.AfterSemi, Plain ? At.Sep + Release + At.Sep + "return " + Temp + ";"
                          : " " + Release + " return " + Temp + "; }"));
  return "";
}

/// Any other exit: the release goes before it (in braces with it when it
/// is the body of an if, loop or label).
std::string OwnedLocalFix::releaseBefore(const RegionExit &X,
                                         const ExitPlace &At) {
  if (At.Block) {
    Fixes.push_back(
        FixItHint::CreateInsertion(At.Range.getBegin(), Release + At.Sep));
    return "";
  }
  if (At.AfterSemi.isInvalid())
    return "a '" + X.spelling().str() +
           "' leaving the rest of the block is not followed by ';'";
  Fixes.push_back(
      FixItHint::CreateInsertion(At.Range.getBegin(), "{ " + Release + " "));
  Fixes.push_back(FixItHint::CreateInsertion(At.AfterSemi, " }"));
  return "";
}

/// The release at the end of the block (or right before the statement that
/// assigns the local again), when control can reach it.
void OwnedLocalFix::releaseAtBlockEnd() {
  if (Reassign) {
    // Reached by falling through the rest before it, unless that jumps.
    if (!Rest.empty() && alwaysJumps(Rest.back()))
      return;
    SourceLocation At = Reassign->getBeginLoc();
    if (!startsLine(At, SM)) {
      Fixes.push_back(FixItHint::CreateInsertion(At, Release + " "));
      return;
    }
    std::string Indent = lineIndentation(At, SM).str();
    Fixes.push_back(FixItHint::CreateInsertion(
        At.getLocWithOffset(-(int)Indent.size()), Indent + Release + "\n"));
    return;
  }
  const Stmt *Last = lastRealStatement(St.Block);
  if (Last && Last != St.S && alwaysJumps(Last))
    return;
  SourceLocation RBrac = St.Block->getRBracLoc();
  if (!startsLine(RBrac, SM)) {
    Fixes.push_back(FixItHint::CreateInsertion(RBrac, Release + " "));
    return;
  }
  SourceLocation LineStart =
      RBrac.getLocWithOffset(-(int)lineIndentation(RBrac, SM).size());
  Fixes.push_back(FixItHint::CreateInsertion(
      LineStart, lineIndentation(St.S->getBeginLoc(), SM).str() + Release +
                     "\n"));
}

/// The rewrite of the call, then the tier-4 edits, then the releases.
FixPlan OwnedLocalFix::assemble() {
  FixPlan P;
  P.Introduces = F.API.Replacement;
  if (!Tier4.empty()) {
    std::string Call = F.API.Replacement.str() + "(" + F.Call->Args[0] +
                       ", &" + VarName + ")";
    if (ErrorCheck) {
      // The call moves into the NULL test that handled its error.
      P.Edits.push_back(FixItHint::CreateReplacement(
          fileRange(ErrorCheck->getCond(), Ctx), Call + " < 0"));
      if (!F.rewriteCall(St, P.Edits, std::string()))
        return fail("the statement could not be rewritten");
    } else if (!F.rewriteCall(St, P.Edits, "(void)" + Call + ";")) {
      return fail("the statement could not be rewritten");
    }
    for (FixItHint &Edit : Tier4)
      P.Edits.push_back(std::move(Edit));
  } else if (!F.rewriteCall(St, P.Edits)) {
    return fail("the statement could not be rewritten");
  }
  if (MissingRelease)
    P.Edits.push_back(std::move(*MissingRelease));
  P.AlsoIntroduces = AtomicAPI;
  for (FixItHint &Edit : AtomicInsert)
    P.Edits.push_back(std::move(Edit));
  for (FixItHint &Edit : Fixes)
    P.Edits.push_back(std::move(Edit));
  return P;
}

FixPlan Fixer::ownedLocal(const StoreStatement &St) {
  return OwnedLocalFix(*this, St).plan();
}

//===--- Tier 3 and the uses without a fix --------------------------------===//

/// Tier 3: the result is only compared with NULL.
FixPlan Fixer::membershipTest(const Expr *Value, DynTypedNode Parent) {
  // The whole test T and whether it is true when the key is missing.
  const Expr *T = Value;
  bool TrueWhenMissing = false;
  DynTypedNode Above = Parent;
  if (const auto *U = Parent.get<UnaryOperator>()) {
    T = U;
    TrueWhenMissing = true;
  } else if (const auto *B = Parent.get<BinaryOperator>()) {
    if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
      T = B;
      TrueWhenMissing = B->getOpcode() == BO_EQ;
    }
  }
  if (T != Value)
    climbTransparentParents(T, Above, Ctx);
  llvm::StringRef Contains = membershipTestFor(API.Replacement);
  if (Contains.empty())
    return FixPlan::none("no membership test answers '" +
                         API.Replacement.str() + "'");
  std::string Test =
      (Contains + "(" + Call->Args[0] + ", " + Call->Args[1] + ")").str();
  CharSourceRange TRange = fileRange(T, Ctx);
  if (TRange.isInvalid())
    return FixPlan::none("the test is spelled inside a macro; use '" +
                         Contains.str() + "' by hand");
  if (API.SwallowsErrors)
    return clearingMembershipTest(T, Above, TRange, TrueWhenMissing, Contains,
                                  Test);
  // PyDict_GetItemWithError: NULL + exception becomes -1 + exception, and
  // `> 0` is false for both, as `!= NULL` was.
  FixPlan P;
  P.Introduces = Contains;
  std::string New = Test + (TrueWhenMissing ? " <= 0" : " > 0");
  bool Bare = Above.get<IfStmt>() || Above.get<WhileStmt>() ||
              Above.get<DoStmt>() || Above.get<ForStmt>() ||
              Above.get<ReturnStmt>() || Above.get<VarDecl>();
  if (const auto *B = Above.get<BinaryOperator>())
    Bare = B->isLogicalOp();
  if (!Bare)
    New = "(" + New + ")";
  P.Edits.push_back(FixItHint::CreateReplacement(TRange, New));
  return P;
}

/// Tier 3 for a lookup that swallowed errors: the exception the membership
/// test reports must be cleared, which takes a statement before the test.
FixPlan Fixer::clearingMembershipTest(const Expr *T, DynTypedNode Above,
                                      CharSourceRange TRange,
                                      bool TrueWhenMissing,
                                      llvm::StringRef Contains,
                                      const std::string &Test) {
  const auto *If = Above.get<IfStmt>();
  std::string Why = "the membership test is not the whole condition of an "
                    "'if' statement in a block; use '" + Contains.str() +
                    "' and clear or propagate its error (-1)";
  if (!If || If->getInit() || If->getConditionVariable() ||
      ignoreTransparent(If->getCond()) != ignoreTransparent(T) ||
      !If->getBeginLoc().isFileID())
    return FixPlan::none(Why);
  DynTypedNode IfParent = firstParent(DynTypedNode::create(*If), Ctx);
  if (!IfParent.get<CompoundStmt>() ||
      firstParent(IfParent, Ctx).get<SwitchStmt>())
    return FixPlan::none(Why);
  if (Ctx.getLangOpts().CPlusPlus && functionHasLabels(If, Ctx))
    return FixPlan::none("the function has labels, and a new initialized "
                         "local could be jumped over in C++; use '" +
                         Contains.str() + "' by hand");
  std::string Name = FreshNames(enclosingBody(If, Ctx), Ctx).fresh("found");
  std::string Indent = lineIndentation(If->getBeginLoc(), SM).str();
  FixPlan P;
  P.Introduces = Contains;
  P.Edits.push_back(FixItHint::CreateInsertion(
      If->getBeginLoc(), "int " + Name + " = " + Test + ";\n" + Indent +
                             "if (" + Name + " < 0) { " +
                             fixName(FixName::ClearError).str() + "(); }\n" +
                             Indent));
  P.Edits.push_back(FixItHint::CreateReplacement(
      TRange, Name + (TrueWhenMissing ? " <= 0" : " > 0")));
  return P;
}

/// Classifies a use that is not wrapped in Py_NewRef: tier 1 statements,
/// tier 3 tests, or the reason there is no fix.
FixPlan Fixer::explainUse(const Expr *Value, DynTypedNode Parent) {
  if (std::optional<FixPlan> P = explainTest(Value, Parent))
    return std::move(*P);
  return explainOtherUse(Value, Parent);
}

/// A NULL test of the result alone: tier 3 for dict lookups. nullopt when
/// the use is no test.
std::optional<FixPlan> Fixer::explainTest(const Expr *Value,
                                          DynTypedNode Parent) {
  std::string Repl = API.Replacement.str();
  bool IsTest = false;
  if (const auto *U = Parent.get<UnaryOperator>())
    IsTest = U->getOpcode() == UO_LNot;
  else if (const auto *B = Parent.get<BinaryOperator>()) {
    if (B->isLogicalOp())
      IsTest = true;
    else if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
      const Expr *Other =
          ignoreTransparent(B->getLHS()) == ignoreTransparent(Value)
              ? B->getRHS()
              : B->getLHS();
      IsTest = Other->IgnoreParenImpCasts()->isNullPointerConstant(
          Ctx, Expr::NPC_ValueDependentIsNotNull);
      if (API.Protocol == ResultProtocol::AliveDeadError && !IsTest)
        return FixPlan::none("the result is compared directly; store it in a "
                             "local with '" + Repl + "' (0 means dead, where "
                             "the old call gave " +
                             fixName(FixName::None).str() +
                             ") and release it");
    }
  } else if (const auto *If = Parent.get<IfStmt>()) {
    IsTest = ignoreTransparent(If->getCond()) == ignoreTransparent(Value);
  } else if (const auto *W = Parent.get<WhileStmt>()) {
    IsTest = ignoreTransparent(W->getCond()) == ignoreTransparent(Value);
  } else if (const auto *CO = Parent.get<ConditionalOperator>()) {
    IsTest = ignoreTransparent(CO->getCond()) == ignoreTransparent(Value);
  }
  if (!IsTest)
    return std::nullopt;
  if (API.Protocol == ResultProtocol::FoundMissingError)
    return membershipTest(Value, Parent);
  return FixPlan::none("only the result's NULL-ness is used; test it with '" +
                       Repl + "' and release the reference it returns");
}

/// Any other use: a statement that stores the result (tier 1 or 2), or the
/// reason there is no fix.
FixPlan Fixer::explainOtherUse(const Expr *Value, DynTypedNode Parent) {
  std::string Repl = API.Replacement.str();
  if (const auto *BO = Parent.get<BinaryOperator>()) {
    // Only an assignment of the result is a statement form; any other
    // operator (a comparison with an object, a comma) is a use in place.
    if (BO->getOpcode() == BO_Assign &&
        ignoreTransparent(BO->getRHS()) == ignoreTransparent(Value))
      return statementForm(Value, Parent, /*Owned=*/false);
    if (BO->isEqualityOp())
      return FixPlan::none("the result is compared with another object; "
                           "store the new reference of '" + Repl + "' in a "
                           "local, compare, and release it");
    return FixPlan::none("the result is used inside an expression; store the "
                         "new reference of '" + Repl + "' in a local and "
                         "release it when done");
  }
  if (Parent.get<VarDecl>())
    return statementForm(Value, Parent, /*Owned=*/false);
  if (Parent.get<ReturnStmt>() &&
      ignoreTransparent(Value) != ignoreTransparent(E))
    return FixPlan::none("the owned result is returned directly, and '" +
                         Repl + "' returns an int; store its result in a "
                         "local with '" + Repl + "(..., &x)', handle -1, and "
                         "return the local");
  if (Parent.get<ReturnStmt>())
    return FixPlan::none("the result is returned as a borrowed reference; "
                         "return the new reference of '" + Repl + "' and "
                         "check the callers' ownership");
  if (const auto *PC = Parent.get<CallExpr>()) {
    llvm::StringRef Callee = calleeName(PC);
    int Stolen = stolenArgument(Callee);
    for (unsigned I = 0; I < PC->getNumArgs(); ++I)
      if ((int)I == Stolen &&
          ignoreTransparent(PC->getArg(I)) == ignoreTransparent(Value))
        return FixPlan::none("the result is passed to '" + Callee.str() +
                             "', which steals a reference; pass the new "
                             "reference of '" + Repl + "' instead");
    return FixPlan::none("the result is passed directly to '" +
                         (Callee.empty() ? std::string("a call")
                                         : Callee.str()) +
                         "'; store the new reference of '" + Repl +
                         "' in a local and release it after the call");
  }
  return FixPlan::none("the result is used directly; store the new reference "
                       "of '" + Repl + "' in a local and release it when "
                       "done");
}

} // namespace

FixPlan
planBorrowedReferenceFix(const BorrowedUse &U, ASTContext &Ctx,
                         llvm::function_ref<bool(llvm::StringRef)> Available) {
  if (!U.API)
    return FixPlan::none("the API is not in the table");
  auto Never = [](llvm::StringRef) { return false; };
  return Available ? Fixer(U, Ctx, Available).plan()
                   : Fixer(U, Ctx, Never).plan();
}

} // namespace clang::tidy::freethreading
