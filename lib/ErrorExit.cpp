//===--- ErrorExit.cpp - the function's own ways out with an error --------===//

#include "lib/ErrorExit.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/ObjectLocals.h"
#include "lib/Parents.h"
#include "lib/PythonHeaders.h"
#include "lib/RegionExits.h"
#include "lib/SourceText.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"
#include <functional>

namespace clang::tidy::freethreading {

namespace {

/// A release as a user writes it as a statement, blanks aside:
/// `Py_DECREF(a)`, `Py_XDECREF(a)`, `Py_CLEAR(a)`.
struct WrittenRelease {
  std::string Name; ///< Py_DECREF...
  std::string Arg;  ///< The argument's text.
};

/// \p S read as a WrittenRelease; nullopt for any other statement.
std::optional<WrittenRelease> writtenRelease(const Stmt *S, ASTContext &Ctx) {
  std::string Written = withoutBlanks(writtenText(S, Ctx));
  size_t Paren = Written.find('(');
  if (Paren == std::string::npos || !llvm::StringRef(Written).ends_with(")"))
    return std::nullopt;
  llvm::StringRef Name = llvm::StringRef(Written).take_front(Paren);
  if (!isWrittenRelease(Name) &&
      !llvm::is_contained(referenceOperations(ReferenceOperation::Clear),
                          Name))
    return std::nullopt;
  return WrittenRelease{
      Name.str(),
      llvm::StringRef(Written).drop_back().drop_front(Paren + 1).str()};
}

/// The local a release statement names as its whole argument,
/// `Py_DECREF(a)`; nullptr for `Py_DECREF(self->a)`.
const VarDecl *releasedVariable(const Stmt *Release, ASTContext &Ctx) {
  std::optional<WrittenRelease> R = writtenRelease(Release, Ctx);
  if (!R)
    return nullptr;
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(
      findInTree(Release, [&](const Stmt *S) {
        const auto *D = dyn_cast<DeclRefExpr>(S);
        const auto *VD = D ? dyn_cast<VarDecl>(D->getDecl()) : nullptr;
        return VD && VD->hasLocalStorage() && VD->getName() == R->Arg;
      }));
  return DRE ? cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// A variable of the function's own frame.
const VarDecl *localVar(const ValueDecl *D) {
  const auto *VD = dyn_cast_or_null<VarDecl>(D);
  return VD && VD->hasLocalStorage() ? VD : nullptr;
}

/// A local that may own a reference or change one through it: a pointer,
/// a C++ reference, an array or a struct (of pointers, maybe).
bool mayOwn(const ValueDecl *D) {
  const VarDecl *VD = localVar(D);
  if (!VD)
    return false;
  QualType T = VD->getType();
  return T->isPointerType() || T->isReferenceType() || T->isArrayType() ||
         T->isRecordType();
}

/// The local variable at the root of \p E (`x`, `x.f`, `x[i]`, `*x`), not
/// through `->`; nullptr otherwise.
const VarDecl *storageRoot(const Expr *E) {
  while (true) {
    E = E->IgnoreParenCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return localVar(DRE->getDecl());
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      if (ME->isArrow())
        return nullptr;
      E = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      E = AS->getBase();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E);
               UO && UO->getOpcode() == UO_Deref) {
      E = UO->getSubExpr();
    } else {
      return nullptr;
    }
  }
}

/// How an expression uses the value of a pointer local it names.
enum class Use {
  Read,    ///< Passed to a call, dereferenced, a member read through it.
  Tested,  ///< Compared, negated, a condition.
  Changed, ///< Assigned, stored, address or reference taken, released.
};

/// Checks that a stretch of code leaves every pointer local's value and
/// ownership as it was (see errorExitReaching).
class OwnershipWalk {
public:
  OwnershipWalk(ASTContext &Ctx, const VarDecl *Item) : Ctx(Ctx), Item(Item) {}

  /// Locals declared inside \p Scope do not count (a loop's own).
  void ignoreLocalsOf(const Stmt *Scope) { collectDeclared(Scope, Ignored); }

  /// True when \p S changes no counted pointer local; \p Tests says whether
  /// a test of one is fine (not for an exit's condition).
  bool keeps(const Stmt *S, bool TestsAllowed = true) {
    AllowTests = TestsAllowed;
    return S == nullptr || visit(S, Use::Read);
  }

  /// Names declared by \p S itself (a declaration statement on the way).
  void noteDeclared(const Stmt *S) {
    if (const auto *DS = dyn_cast_or_null<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *ND = dyn_cast<NamedDecl>(D))
          if (ND->getIdentifier())
            Declared.insert(ND->getName());
  }
  bool declaredOnTheWay(const VarDecl *VD) const {
    return Declared.contains(VD->getName());
  }
  /// The locals of any type the way assigns, increments or hands over.
  bool changedOnTheWay(const VarDecl *VD) const { return Changed.contains(VD); }
  /// True when \p S names a local changedOnTheWay.
  bool namesChanged(const Stmt *S) const {
    return findInTree(S, [&](const Stmt *N) {
      const auto *DRE = dyn_cast<DeclRefExpr>(N);
      return DRE && Changed.contains(DRE->getDecl());
    });
  }

private:
  bool counts(const ValueDecl *D) const {
    return mayOwn(D) && D != Item && !Ignored.contains(D);
  }

  static void collectDeclared(const Stmt *S,
                              llvm::SmallPtrSetImpl<const ValueDecl *> &Out) {
    if (!S)
      return;
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      for (const Decl *D : DS->decls())
        if (const auto *VD = dyn_cast<VarDecl>(D))
          Out.insert(VD);
    for (const Stmt *Child : S->children())
      collectDeclared(Child, Out);
  }

  bool visitChildren(const Stmt *S, Use U) {
    for (const Stmt *Child : S->children())
      if (Child && !visit(Child, U))
        return false;
    return true;
  }

  /// An argument parser whose format stores borrowed references only:
  /// the locals it is given the addresses of stay unowned.
  bool visitParser(const CallExpr *Call, int FormatArg) {
    if (FormatArg >= static_cast<int>(Call->getNumArgs()))
      return false;
    if (FormatArg >= 0) {
      const auto *Format = dyn_cast<StringLiteral>(
          Call->getArg(FormatArg)->IgnoreParenImpCasts());
      if (!Format || !Format->isOrdinary() ||
          !storesOnlyBorrowed(Format->getString()))
        return false;
    }
    for (const Expr *Arg : Call->arguments()) {
      const auto *Addr = dyn_cast<UnaryOperator>(Arg->IgnoreParenImpCasts());
      const auto *Filled =
          Addr && Addr->getOpcode() == UO_AddrOf
              ? dyn_cast<DeclRefExpr>(Addr->getSubExpr()->IgnoreParens())
              : nullptr;
      if (Filled) {
        Changed.insert(Filled->getDecl());
        continue;
      }
      if (!visit(Arg, Use::Read))
        return false;
    }
    return true;
  }

  bool visitCall(const CallExpr *Call) {
    llvm::StringRef Name = calleeName(Call);
    if (std::optional<int> FormatArg = argumentParserFormat(Name))
      return visitParser(Call, *FormatArg);
    // State an exit would have to restore: a lock, a critical section, the
    // recursion depth, the thread state, a buffer view.
    if (holdsState(Name) || lockFunctionRole(Name) != SectionRole::None ||
        findCriticalSectionFunction(Name))
      return false;
    bool TakesOrGives = takesNewReference(Name) || releasesReference(Name);
    int Stolen = stolenArgument(Name);
    if (!visit(Call->getCallee(), Use::Read))
      return false;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      bool Changes = TakesOrGives || static_cast<int>(I) == Stolen;
      if (!visit(Call->getArg(I), Changes ? Use::Changed : Use::Read))
        return false;
    }
    return true;
  }

  bool visit(const Stmt *S, Use U) {
    if (isa<LabelStmt, SwitchCase, LambdaExpr, BlockExpr, AsmStmt>(S))
      return false;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(S)) {
      if (U == Use::Changed && localVar(DRE->getDecl()))
        Changed.insert(DRE->getDecl());
      if (!counts(DRE->getDecl()))
        return true;
      return U == Use::Read || (U == Use::Tested && AllowTests);
    }
    if (isa<ParenExpr, ImplicitCastExpr, ExplicitCastExpr>(S))
      return visitChildren(S, U);
    if (const auto *Call = dyn_cast<CallExpr>(S))
      return visitCall(Call);
    if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
      if (BO->isAssignmentOp()) {
        // A store into a local's own storage other than the variable itself
        // (`*p = v`, `a[i] = v`, `s.f = v`) may be a reference it owns.
        const Expr *L = BO->getLHS()->IgnoreParenCasts();
        const VarDecl *Root = storageRoot(L);
        if (Root && !isa<DeclRefExpr>(L) && !Ignored.contains(Root))
          return false;
        return visit(BO->getLHS(), Use::Changed) &&
               visit(BO->getRHS(), Use::Changed);
      }
      if (BO->isComparisonOp() || BO->isLogicalOp())
        return visit(BO->getLHS(), Use::Tested) &&
               visit(BO->getRHS(), Use::Tested);
      if (BO->getOpcode() == BO_Comma)
        return visit(BO->getLHS(), Use::Read) && visit(BO->getRHS(), U);
      return visit(BO->getLHS(), Use::Changed) &&
             visit(BO->getRHS(), Use::Changed);
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
      switch (UO->getOpcode()) {
      case UO_Deref:
        return visit(UO->getSubExpr(), Use::Read);
      case UO_LNot:
        return visit(UO->getSubExpr(), Use::Tested);
      case UO_AddrOf: {
        // A local's address lets a call change it, unless it is const.
        const VarDecl *Root = storageRoot(UO->getSubExpr());
        if (Root && Root != Item && !Ignored.contains(Root) &&
            !UO->getSubExpr()->getType().isConstQualified())
          return false;
        return visit(UO->getSubExpr(), Use::Changed);
      }
      default:
        return visit(UO->getSubExpr(), Use::Changed);
      }
    }
    if (const auto *ME = dyn_cast<MemberExpr>(S))
      return visit(ME->getBase(), ME->isArrow() ? Use::Read : U);
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(S))
      return visit(AS->getBase(), Use::Read) &&
             visit(AS->getIdx(), Use::Changed);
    if (const auto *CO = dyn_cast<ConditionalOperator>(S))
      return visit(CO->getCond(), Use::Tested) &&
             visit(CO->getTrueExpr(), U) && visit(CO->getFalseExpr(), U);
    if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        const auto *VD = dyn_cast<VarDecl>(D);
        if (!VD)
          continue;
        const Expr *Init = VD->getInit();
        if (counts(VD) && Init &&
            (!VD->getType()->isPointerType() ||
             Init->IgnoreParenImpCasts()->isNullPointerConstant(
                 Ctx, Expr::NPC_ValueDependentIsNotNull) ==
                 Expr::NPCK_NotNull))
          return false;
        if (Init && !visit(Init, Use::Changed))
          return false;
      }
      return true;
    }
    if (const auto *If = dyn_cast<IfStmt>(S))
      return (!If->getInit() || visit(If->getInit(), Use::Read)) &&
             (!If->getConditionVariableDeclStmt() ||
              visit(If->getConditionVariableDeclStmt(), Use::Read)) &&
             If->getCond() && visit(If->getCond(), Use::Tested) &&
             visit(If->getThen(), Use::Read) &&
             (!If->getElse() || visit(If->getElse(), Use::Read));
    if (const Expr *Cond = loopCondition(S))
      if (!visit(Cond, Use::Tested))
        return false;
    if (isa<ReturnStmt>(S))
      return visitChildren(S, Use::Read);
    if (isa<Expr>(S) || isa<CompoundStmt, NullStmt, ForStmt, WhileStmt,
                            DoStmt, BreakStmt, ContinueStmt, GotoStmt>(S))
      return visitChildren(S, isa<Expr>(S) ? Use::Changed : Use::Read);
    return false;
  }

  ASTContext &Ctx;
  const VarDecl *Item;
  bool AllowTests = true;
  llvm::SmallPtrSet<const ValueDecl *, 8> Ignored;
  llvm::SmallPtrSet<const ValueDecl *, 8> Changed;
  llvm::StringSet<> Declared;
};

/// True when \p Cond (an exit's condition) tests the result of a call that
/// can fail: any call but the static inline functions of Python's headers
/// (Py_SIZE, PyList_GET_SIZE, PyType_HasFeature... from 3.13: macros
/// before, which cannot fail).
bool testsACall(const Expr *Cond, ASTContext &Ctx) {
  if (!Cond)
    return false;
  if (const auto *Call = dyn_cast<CallExpr>(Cond)) {
    const FunctionDecl *FD = Call->getDirectCallee();
    const SourceManager &SM = Ctx.getSourceManager();
    if (!FD || !FD->isInlineSpecified() ||
        !inPythonHeaders(SM, SM.getFileID(SM.getExpansionLoc(
                                 FD->getLocation()))))
      return true;
  }
  // Through expressions only (not into a statement expression's block).
  for (const Stmt *Child : Cond->children())
    if (const auto *E = dyn_cast_or_null<Expr>(Child))
      if (testsACall(E, Ctx))
        return true;
  return false;
}

/// True when \p Cond tests for a failure: `E < 0`, `E == -1`,
/// `E == NULL` (either side), `!E`, or either side of `||` doing so, where
/// E is a call that can fail (testsACall) or a local (`!x` of a pointer
/// only: `!found` of an int flag says nothing).
bool testsForFailure(const Expr *Cond, ASTContext &Ctx) {
  if (!Cond)
    return false;
  Cond = Cond->IgnoreParenImpCasts();
  auto IsResult = [&](const Expr *E, bool PointerOnly) {
    E = E->IgnoreParenImpCasts();
    if (isa<CallExpr>(E))
      return testsACall(E, Ctx);
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return DRE && localVar(DRE->getDecl()) &&
           (!PointerOnly || DRE->getType()->isPointerType());
  };
  auto IsValue = [&](const Expr *E, int64_t N) {
    Expr::EvalResult V;
    return !E->isValueDependent() && E->EvaluateAsInt(V, Ctx) &&
           V.Val.getInt() == N;
  };
  auto IsNull = [&](const Expr *E) {
    return E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(Cond))
    return UO->getOpcode() == UO_LNot && IsResult(UO->getSubExpr(), true);
  const auto *BO = dyn_cast<BinaryOperator>(Cond);
  if (!BO)
    return false;
  const Expr *L = BO->getLHS(), *R = BO->getRHS();
  switch (BO->getOpcode()) {
  case BO_LOr:
    return testsForFailure(L, Ctx) || testsForFailure(R, Ctx);
  case BO_LT:
    return IsResult(L, false) && IsValue(R, 0);
  case BO_EQ:
    return (IsResult(L, false) && (IsValue(R, -1) || IsNull(R))) ||
           (IsResult(R, false) && (IsValue(L, -1) || IsNull(L)));
  default:
    return false;
  }
}

/// For a goto exit \p Goto in \p Exit copied to a read that leaves \p Item
/// NULL: true when the code at the label runs the same there, because it
/// names no local \p Walk saw changed, and names \p Item only in NULL-safe
/// releases (Py_XDECREF, Py_CLEAR) or \p Item is NULL at the exit too
/// (declared `= NULL` before it and not named in between).
bool labelSeesItemAsAtExit(const GotoStmt *Goto, const IfStmt *Exit,
                           const VarDecl *Item, const OwnershipWalk &Walk,
                           ASTContext &Ctx) {
  const LabelStmt *Label = Goto->getLabel()->getStmt();
  const auto *Block =
      Label ? dyn_cast_or_null<CompoundStmt>(firstParentStmt(Label, Ctx))
            : nullptr;
  // Code after a nested block's end would run too: the label must be in
  // the function's own block.
  if (!Block || Block != innermostFunction(Exit, Ctx).Body)
    return false;
  bool NullSafeOnly = true;
  for (auto It = llvm::find(Block->body(), Label); It != Block->body_end();
       ++It) {
    const Stmt *S = *It;
    while (const auto *L = dyn_cast<LabelStmt>(S))
      S = L->getSubStmt();
    // The label's code reads what the way changed: not the same there.
    if (Walk.namesChanged(S))
      return false;
    if (!mentions(S, Item))
      continue;
    std::optional<WrittenRelease> R = writtenRelease(S, Ctx);
    NullSafeOnly = NullSafeOnly && R && R->Arg == Item->getName() &&
                   (R->Name == fixName(FixName::Release) ||
                    llvm::is_contained(
                        referenceOperations(ReferenceOperation::Clear),
                        R->Name));
  }
  if (NullSafeOnly)
    return true;
  const Expr *Init = Item->getInit();
  if (!Init || Init->IgnoreParenImpCasts()->isNullPointerConstant(
                   Ctx, Expr::NPC_ValueDependentIsNotNull) ==
                   Expr::NPCK_NotNull)
    return false;
  // No use of the item between its declaration and the exit.
  const SourceManager &SM = Ctx.getSourceManager();
  return !findInTree(Block, [&](const Stmt *S) {
    const auto *DRE = dyn_cast<DeclRefExpr>(S);
    return DRE && DRE->getDecl() == Item &&
           SM.isBeforeInTranslationUnit(DRE->getBeginLoc(),
                                        Exit->getBeginLoc());
  });
}

/// \p S as an `if (<cond>) <ErrorExit>` that fits where \p Walk stands.
std::optional<ErrorExit> fittingExit(const Stmt *S, const FunctionDecl *FD,
                                     const VarDecl *Item, OwnershipWalk &Walk,
                                     ASTContext &Ctx) {
  const auto *If = dyn_cast<IfStmt>(S);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable())
    return std::nullopt;
  std::optional<ErrorExit> Exit = errorExitOf(If->getThen(), FD, Ctx);
  if (!Exit || (Item && mentions(If->getThen(), Item)))
    return std::nullopt;
  if (!If->getCond() || !Walk.keeps(If->getCond(), /*TestsAllowed=*/false))
    return std::nullopt;
  if (!Exit->Setter && !isa<GotoStmt>(Exit->Jump) &&
      !testsForFailure(If->getCond(), Ctx))
    return std::nullopt;
  if (const auto *Goto = dyn_cast<GotoStmt>(Exit->Jump);
      Goto && Item && !labelSeesItemAsAtExit(Goto, If, Item, Walk, Ctx))
    return std::nullopt;
  for (const Stmt *R : Exit->Releases) {
    const VarDecl *VD = releasedVariable(R, Ctx);
    if (!VD || Walk.declaredOnTheWay(VD) || Walk.changedOnTheWay(VD) ||
        (Item && VD->getName() == Item->getName()))
      return std::nullopt;
  }
  return Exit;
}

/// True when \p FD releases, clears, reassigns or gives away (a stolen
/// argument) one of its parameters somewhere: it may own it, so its start
/// is not free of references.
bool handsOverParameter(const FunctionDecl *FD) {
  auto IsParam = [](const Expr *E) {
    const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(E));
    return DRE && isa<ParmVarDecl>(DRE->getDecl());
  };
  return findInTree(FD->getBody(), [&](const Stmt *S) {
    if (const auto *Call = dyn_cast<CallExpr>(S)) {
      llvm::StringRef Name = calleeName(Call);
      int Stolen = stolenArgument(Name);
      bool Releases = releasesReference(Name);
      for (unsigned I = 0; I < Call->getNumArgs(); ++I)
        if ((Releases || static_cast<int>(I) == Stolen) &&
            IsParam(Call->getArg(I)))
          return true;
    }
    const auto *BO = dyn_cast<BinaryOperator>(S);
    return BO && BO->isAssignmentOp() &&
           (IsParam(BO->getLHS()) || IsParam(BO->getRHS()));
  });
}

/// A bare `return <error value>;` for the start of \p FD: one of its own
/// error returns, taken as the spelling, when the function shows that this
/// value is its error: some `if (<failure test>) { ...; return <error>; }`
/// (see testsForFailure), or one that sets an exception first.
std::optional<ErrorExit> errorReturnOf(const FunctionDecl *FD,
                                       ASTContext &Ctx) {
  std::optional<ErrorExit> Found;
  std::function<void(const Stmt *)> Scan = [&](const Stmt *S) {
    if (Found || isa<LambdaExpr, BlockExpr>(S))
      return;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      std::optional<ErrorExit> Exit = errorExitOf(If->getThen(), FD, Ctx);
      if (Exit && isa<ReturnStmt>(Exit->Jump) && Exit->Releases.empty() &&
          (Exit->Setter || testsForFailure(If->getCond(), Ctx))) {
        Found = ErrorExit();
        Found->Jump = Exit->Jump;
        return;
      }
    }
    for (const Stmt *Child : S->children())
      if (Child)
        Scan(Child);
  };
  if (!FD->getBody() || handsOverParameter(FD))
    return std::nullopt;
  Scan(FD->getBody());
  return Found;
}

} // namespace

std::string ErrorExit::withoutSetter(ASTContext &Ctx) const {
  std::string Out;
  for (const Stmt *R : Releases)
    Out += (writtenText(R, Ctx) + "; ").str();
  return Out + writtenText(Jump, Ctx).str() + ";";
}

bool isErrorValue(const Expr *V, const FunctionDecl *FD, ASTContext &Ctx) {
  if (!V || !FD || V->isValueDependent())
    return false;
  QualType T = FD->getReturnType();
  if (T->isPointerType())
    return V->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  Expr::EvalResult R;
  return T->isIntegerType() && !T->isBooleanType() &&
         V->EvaluateAsInt(R, Ctx) && R.Val.getInt() == -1;
}

std::optional<ErrorExit> errorExitOf(const Stmt *Branch,
                                     const FunctionDecl *FD, ASTContext &Ctx) {
  if (!Branch || !FD || hasLabel(Branch))
    return std::nullopt;
  llvm::SmallVector<const Stmt *, 4> Body;
  if (const auto *CS = dyn_cast<CompoundStmt>(Branch))
    Body.append(CS->body_begin(), CS->body_end());
  else
    Body.push_back(Branch);
  if (Body.empty())
    return std::nullopt;
  ErrorExit Exit;
  Exit.Jump = Body.back();
  if (const auto *Ret = dyn_cast<ReturnStmt>(Exit.Jump)) {
    if (Ret->getBeginLoc().isMacroID() ||
        !isErrorValue(Ret->getRetValue(), FD, Ctx))
      return std::nullopt;
  } else if (!isa<GotoStmt>(Exit.Jump)) {
    return std::nullopt;
  }
  if (fileRange(Exit.Jump, Ctx).isInvalid())
    return std::nullopt;
  for (const Stmt *S : llvm::ArrayRef(Body).drop_back()) {
    if (fileRange(S, Ctx).isInvalid())
      return std::nullopt;
    if (const auto *CE = dyn_cast<CallExpr>(S);
        CE && setsException(calleeName(CE))) {
      if (Exit.Setter || CE->getBeginLoc().isMacroID() ||
          llvm::any_of(CE->arguments(), [&](const Expr *Arg) {
            return Arg->HasSideEffects(Ctx);
          }))
        return std::nullopt;
      Exit.Setter = CE;
      continue;
    }
    if (!writtenRelease(S, Ctx))
      return std::nullopt;
    Exit.Releases.push_back(S);
  }
  return Exit;
}

std::optional<ErrorExit> errorExitReaching(const Stmt *At, const VarDecl *Item,
                                           ASTContext &Ctx) {
  InnermostFunction Fn = innermostFunction(At, Ctx);
  const FunctionDecl *FD = Fn.function();
  if (!FD || Fn.IsLambdaOrBlock)
    return std::nullopt;
  OwnershipWalk Walk(Ctx, Item);
  // A name the read itself declares hides the exit's variable of that name.
  Walk.noteDeclared(At);
  const Stmt *Child = At;
  while (true) {
    const Stmt *Parent = firstParentStmt(Child, Ctx);
    if (const auto *CS = dyn_cast_or_null<CompoundStmt>(Parent)) {
      auto It = llvm::find(CS->body(), Child);
      if (It == CS->body_end())
        return std::nullopt;
      while (It != CS->body_begin()) {
        const Stmt *S = *--It;
        if (std::optional<ErrorExit> Exit =
                fittingExit(S, FD, Item, Walk, Ctx))
          return Exit;
        // An 'if' without else whose branch always leaves: only its
        // condition is on the way.
        const auto *If = dyn_cast<IfStmt>(S);
        bool Leaves = If && !If->getElse() && !If->getInit() &&
                      !If->getConditionVariable() &&
                      alwaysJumps(If->getThen(), JumpKinds::ReturnOrGotoOnly) &&
                      !hasLabel(If->getThen());
        if (Leaves && !If->getCond())
          return std::nullopt;
        if (!Walk.keeps(Leaves ? If->getCond() : S))
          return std::nullopt;
        Walk.noteDeclared(S);
      }
      // At the function's start no local owns anything: a bare return of
      // the error value, spelled as the function's own error returns.
      if (CS == FD->getBody())
        return errorReturnOf(FD, Ctx);
    } else if (const auto *If = dyn_cast_or_null<IfStmt>(Parent)) {
      if (!If->getCond() || !Walk.keeps(If->getInit()) ||
          !Walk.keeps(If->getConditionVariableDeclStmt()) ||
          !Walk.keeps(If->getCond()))
        return std::nullopt;
      Walk.noteDeclared(If->getInit());
      Walk.noteDeclared(If->getConditionVariableDeclStmt());
    } else if (Parent && loopBody(Parent) == Child) {
      // Each iteration starts where the previous one left the locals
      // declared outside the body: the whole loop must keep them.
      Walk.ignoreLocalsOf(Child);
      if (!Walk.keeps(Parent))
        return std::nullopt;
      if (const auto *For = dyn_cast<ForStmt>(Parent))
        Walk.noteDeclared(For->getInit());
    } else {
      return std::nullopt;
    }
    Child = Parent;
  }
}

} // namespace clang::tidy::freethreading
