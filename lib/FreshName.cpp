//===--- FreshName.cpp ----------------------------------------------------===//

#include "lib/FreshName.h"
#include "lib/Parents.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/Twine.h"

namespace clang::tidy::freethreading {

namespace {

/// Every name declared or referenced in a body.
class NameCollector : public RecursiveASTVisitor<NameCollector> {
public:
  explicit NameCollector(llvm::StringSet<> &Names) : Names(Names) {}
  bool VisitNamedDecl(NamedDecl *D) {
    if (D->getIdentifier())
      Names.insert(D->getName());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getIdentifier())
      Names.insert(E->getDecl()->getName());
    return true;
  }

private:
  llvm::StringSet<> &Names;
};

} // namespace

FreshNames::FreshNames(const Stmt *Body, ASTContext &Ctx) : Ctx(Ctx) {
  NameCollector Collector(Used);
  if (!Body)
    return;
  Collector.TraverseStmt(const_cast<Stmt *>(Body));
  // The parameters (a local of the same name in the outermost block is a
  // redefinition in C), and in a member function the class's members (a new
  // local would hide one).
  auto AddNames = [&](const DeclContext *DC) {
    for (const Decl *D : DC->decls())
      if (const auto *ND = dyn_cast<NamedDecl>(D); ND && ND->getIdentifier())
        Used.insert(ND->getName());
  };
  for (const DynTypedNode &P : parentsOf(*Body, Ctx)) {
    const FunctionDecl *FD = P.get<FunctionDecl>();
    if (const auto *L = P.get<LambdaExpr>())
      FD = L->getCallOperator();
    if (FD)
      for (const ParmVarDecl *PD : FD->parameters())
        if (PD->getIdentifier())
          Used.insert(PD->getName());
    if (const auto *B = P.get<BlockDecl>())
      for (const ParmVarDecl *PD : B->parameters())
        if (PD->getIdentifier())
          Used.insert(PD->getName());
    if (const auto *M = dyn_cast_or_null<CXXMethodDecl>(FD))
      AddNames(M->getParent());
  }
}

bool FreshNames::isFree(llvm::StringRef Name) const {
  if (Used.contains(Name))
    return false;
  IdentifierInfo &II = Ctx.Idents.get(Name);
  return !II.hasMacroDefinition() &&
         Ctx.getTranslationUnitDecl()->lookup(&II).empty();
}

std::string FreshNames::fresh(llvm::StringRef Base) {
  for (unsigned I = 0;; ++I) {
    std::string Name = I ? (Base + "_" + llvm::Twine(I)).str() : Base.str();
    if (!isFree(Name))
      continue;
    Used.insert(Name);
    return Name;
  }
}

} // namespace clang::tidy::freethreading
