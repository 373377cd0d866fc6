//===--- ObjectLocals.cpp -------------------------------------------------===//

#include "lib/ObjectLocals.h"
#include "lib/Parents.h"
#include "lib/RefcountRead.h"

namespace clang::tidy::freethreading {

bool isPyObjectPointer(QualType T) {
  const auto *PT = T.getCanonicalType()->getAs<PointerType>();
  return PT && refcount_detail::isPyObjectRecord(PT->getPointeeType());
}

const VarDecl *pyObjectLocal(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(E));
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->hasLocalStorage() || !isPyObjectPointer(VD->getType()) ||
      VD->getType().isVolatileQualified() || VD->getType().isConstQualified())
    return nullptr;
  return VD;
}

bool mentions(const Stmt *S, const VarDecl *VD) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (DRE->getDecl() == VD)
      return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child, VD))
      return true;
  return false;
}

namespace {

/// `x == NULL` / `x != NULL`, the local on either side.
NullTest comparisonWithNull(const BinaryOperator *B, ASTContext &Ctx) {
  NullTest T;
  if (B->getOpcode() != BO_EQ && B->getOpcode() != BO_NE)
    return T;
  const Expr *Other = nullptr;
  if ((T.Var = pyObjectLocal(B->getLHS())))
    Other = B->getRHS();
  else if ((T.Var = pyObjectLocal(B->getRHS())))
    Other = B->getLHS();
  if (!Other || !Other->IgnoreParenImpCasts()->isNullPointerConstant(
                    Ctx, Expr::NPC_ValueDependentIsNotNull)) {
    T.Var = nullptr;
    return T;
  }
  T.TrueWhenNull = B->getOpcode() == BO_EQ;
  return T;
}

} // namespace

NullTest nullTestOf(const Expr *Cond, ASTContext &Ctx) {
  NullTest T;
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C)) {
    if (U->getOpcode() == UO_LNot) {
      T.Var = pyObjectLocal(U->getSubExpr());
      T.TrueWhenNull = true;
    }
    return T;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(C))
    return comparisonWithNull(B, Ctx);
  T.Var = pyObjectLocal(C);
  return T;
}

} // namespace clang::tidy::freethreading
