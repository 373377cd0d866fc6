//===--- FinishedObjects.cpp ----------------------------------------------===//

#include "lib/FinishedObjects.h"
#include "lib/CPythonAPI.h"
#include "lib/Parents.h"
#include <optional>

namespace clang::tidy::freethreading {

namespace {

/// Why the call \p Call of a table constructor may not be published as
/// soon as it returns (PyTuple_New(n), n not 0), or "".
std::string tableObstacle(const CallExpr *Call, const FunctionDecl *Callee) {
  std::optional<bool> EmptyOnly = finishedObjectConstructor(Callee->getName());
  bool Empty = llvm::all_of(Call->arguments(), [](const Expr *A) {
    const auto *L = dyn_cast<IntegerLiteral>(A->IgnoreParenImpCasts());
    return L && L->getValue() == 0;
  });
  if (EmptyOnly && *EmptyOnly && !Empty)
    return ("what '" + Callee->getName() +
            "' returns is filled after the call, unless its arguments are 0")
        .str();
  return "";
}

/// \p E, through parentheses and casts, as a call of a table constructor
/// that returns an object complete when it returns; else nullptr.
const CallExpr *finishedCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier() ||
      !finishedObjectConstructor(Callee->getName()) ||
      !tableObstacle(Call, Callee).empty())
    return nullptr;
  return Call;
}

/// True when \p Helper, a function of the unit, returns what a table
/// constructor returned and nothing else touched: each return is NULL, such
/// a call, or a local that only one such call assigns (or initializes) and
/// only returns name otherwise. get_object(m, n) { mod = Import(m); if (!mod)
/// return NULL; obj = GetAttrString(mod, n); Py_DECREF(mod); return obj; }
bool returnsFinishedObject(const FunctionDecl *Helper, ASTContext &Ctx) {
  const FunctionDecl *Def = nullptr;
  if (!Helper->hasBody(Def) || Def->isExternallyVisible() || !Def->getBody())
    return false;
  const Stmt *Body = Def->getBody();
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  // The local returned: each named once by a finished call's assignment or
  // initialization, and otherwise only by a return.
  auto LocalIsFinished = [&](const VarDecl *L) {
    if (!L->isLocalVarDecl() || L->isStaticLocal())
      return false;
    unsigned Made = L->getInit() && finishedCall(L->getInit()) ? 1 : 0;
    if (L->getInit() && !Made)
      return false;
    bool Other = findInTree(Body, [&](const Stmt *S) {
      const auto *Ref = dyn_cast<DeclRefExpr>(S);
      if (!Ref || Ref->getDecl() != L)
        return false;
      DynTypedNodeList Parents = parentsOf(*Ref, Ctx);
      const Stmt *P = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
      while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
        DynTypedNodeList Up = parentsOf(*P, Ctx);
        P = Up.empty() ? nullptr : Up[0].get<Stmt>();
      }
      if (isa_and_nonnull<ReturnStmt>(P))
        return false;
      const auto *BO = dyn_cast_or_null<BinaryOperator>(P);
      if (BO && BO->getOpcode() == BO_Assign &&
          BO->getLHS()->IgnoreParens() == Ref && finishedCall(BO->getRHS())) {
        ++Made;
        return false;
      }
      return true;
    });
    return !Other && Made == 1;
  };
  bool Any = false;
  bool Bad = findInTree(Body, [&](const Stmt *S) {
    const auto *Ret = dyn_cast<ReturnStmt>(S);
    if (!Ret)
      return false;
    Any = true;
    const Expr *V = Ret->getRetValue();
    if (!V || IsNull(V) || finishedCall(V))
      return !V;
    const auto *Ref = dyn_cast<DeclRefExpr>(V->IgnoreParenImpCasts());
    const auto *L = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return !L || !LocalIsFinished(L);
  });
  return Any && !Bad;
}

} // namespace

/// Why \p Value may not be published as soon as it returns, or "".
std::string constructorObstacle(const Expr *Value, ASTContext &Ctx) {
  const auto *Call = dyn_cast<CallExpr>(Value->IgnoreParenImpCasts());
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || !Callee->getIdentifier())
    return "the value is not a call of a known CPython constructor";
  if (finishedObjectConstructor(Callee->getName()))
    return tableObstacle(Call, Callee);
  if (returnsFinishedObject(Callee, Ctx))
    return "";
  return ("'" + Callee->getName() +
          "' is not known to return a new reference to an object complete "
          "when it returns")
      .str();
}

} // namespace clang::tidy::freethreading
