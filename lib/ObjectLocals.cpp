//===--- ObjectLocals.cpp -------------------------------------------------===//

#include "lib/ObjectLocals.h"
#include "lib/CPythonAPI.h"
#include "lib/Parents.h"
#include "lib/RefcountRead.h"
#include "lib/SourceText.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::freethreading {

bool isPyObjectPointer(QualType T) {
  const auto *PT = T.getCanonicalType()->getAs<PointerType>();
  return PT && refcount_detail::isPyObjectRecord(PT->getPointeeType());
}

bool isPyObjectLocal(const VarDecl *VD, ParameterLocals Params,
                     ConstLocals Const) {
  QualType T = VD->getType();
  return VD->hasLocalStorage() && isPyObjectPointer(T) &&
         !T.isVolatileQualified() &&
         (Params == ParameterLocals::Included || !isa<ParmVarDecl>(VD)) &&
         (Const == ConstLocals::Included || !T.isConstQualified());
}

const VarDecl *pyObjectLocal(const Expr *E, ParameterLocals Params,
                             ConstLocals Const) {
  const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(E));
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !isPyObjectLocal(VD, Params, Const))
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

bool isPlainUse(const DeclRefExpr *D, ASTContext &Ctx) {
  const Stmt *Child = D;
  const Stmt *P = firstParentStmt(D, Ctx);
  while (isa_and_nonnull<ParenExpr>(P)) {
    Child = P;
    P = firstParentStmt(P, Ctx);
  }
  bool Plain = false;
  if (const auto *Cast = dyn_cast_or_null<ImplicitCastExpr>(P))
    Plain = Cast->getCastKind() == CK_LValueToRValue;
  else if (const auto *B = dyn_cast_or_null<BinaryOperator>(P))
    Plain = B->getOpcode() == BO_Assign && B->getLHS() == Child;
  // A mention inside a lambda or block names the captured variable.
  return Plain && !D->refersToEnclosingVariableOrCapture();
}

namespace {

/// `x == NULL` / `x != NULL`, the local on either side.
NullTest comparisonWithNull(const BinaryOperator *B, ASTContext &Ctx,
                            ParameterLocals Params, ConstLocals Const) {
  NullTest T;
  if (B->getOpcode() != BO_EQ && B->getOpcode() != BO_NE)
    return T;
  const Expr *Other = nullptr;
  if ((T.Var = pyObjectLocal(B->getLHS(), Params, Const)))
    Other = B->getRHS();
  else if ((T.Var = pyObjectLocal(B->getRHS(), Params, Const)))
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

NullTest nullTestOf(const Expr *Cond, ASTContext &Ctx, ParameterLocals Params,
                    ConstLocals Const) {
  NullTest T;
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C)) {
    if (U->getOpcode() == UO_LNot) {
      T.Var = pyObjectLocal(U->getSubExpr(), Params, Const);
      T.TrueWhenNull = true;
    }
    return T;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(C))
    return comparisonWithNull(B, Ctx, Params, Const);
  T.Var = pyObjectLocal(C, Params, Const);
  return T;
}

bool isIncrefOf(const Stmt *S, const VarDecl *VD, ASTContext &Ctx) {
  if (!isa<Expr>(S))
    return false;
  std::string Text = withoutBlanks(writtenText(S, Ctx));
  return llvm::any_of(referenceOperations(ReferenceOperation::Incref),
                      [&](llvm::StringRef Op) {
                        return Text == (Op + "(" + VD->getName() + ")").str();
                      });
}

} // namespace clang::tidy::freethreading
