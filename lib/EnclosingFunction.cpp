//===--- EnclosingFunction.cpp --------------------------------------------===//

#include "lib/EnclosingFunction.h"
#include "lib/Parents.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"

namespace clang::tidy::freethreading {

InnermostFunction innermostFunction(const Stmt *S, ASTContext &Ctx) {
  InnermostFunction F;
  for (DynTypedNodeList Parents = parentsOf(*S, Ctx); !Parents.empty();
       Parents = parentsOf(Parents[0], Ctx)) {
    const DynTypedNode &P = Parents[0];
    if (const auto *L = P.get<LambdaExpr>()) {
      F.D = L->getCallOperator();
      F.Body = L->getBody();
      F.IsLambdaOrBlock = true;
      return F;
    }
    if (const auto *B = P.get<BlockExpr>()) {
      F.D = B->getBlockDecl();
      F.Body = B->getBody();
      F.IsLambdaOrBlock = true;
      return F;
    }
    if (const auto *BD = P.get<BlockDecl>()) {
      F.D = BD;
      F.Body = BD->getBody();
      F.IsLambdaOrBlock = true;
      return F;
    }
    if (const auto *FD = P.get<FunctionDecl>()) {
      F.D = FD;
      F.Body = FD->getBody();
      F.IsLambdaOrBlock = false;
      return F;
    }
  }
  return F;
}

const FunctionDecl *outermostFunction(const Stmt *S, ASTContext &Ctx) {
  for (DynTypedNodeList Parents = parentsOf(*S, Ctx); !Parents.empty();
       Parents = parentsOf(Parents[0], Ctx)) {
    const DynTypedNode &P = Parents[0];
    if (const auto *FD = P.get<FunctionDecl>()) {
      const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      if (!MD || !MD->getParent()->isLambda())
        return FD;
    }
    if (const auto *VD = P.get<VarDecl>(); VD && !VD->isLocalVarDecl())
      return nullptr; // The initializer of a global.
  }
  return nullptr;
}

} // namespace clang::tidy::freethreading
