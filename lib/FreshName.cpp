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

/// True when \p DC declares \p II where a lookup at file scope finds it:
/// at file scope, inside extern "C" {} or an inline namespace, an enum's
/// constants, and in C the tags and enums declared inside a struct. (A
/// scan costs less than the lookup table of the whole unit, which the first
/// lookup builds.)
static bool declaredAtFileScope(const DeclContext *DC,
                                const IdentifierInfo *II) {
  for (const Decl *D : DC->decls()) {
    if (const auto *ND = dyn_cast<NamedDecl>(D);
        ND && ND->getIdentifier() == II && !isa<FieldDecl>(D))
      return true;
    const DeclContext *Inner = nullptr;
    if (isa<LinkageSpecDecl, ExportDecl, EnumDecl>(D))
      Inner = cast<DeclContext>(D);
    else if (const auto *NS = dyn_cast<NamespaceDecl>(D); NS && NS->isInline())
      Inner = NS;
    else if (isa<RecordDecl>(D) && !isa<CXXRecordDecl>(D))
      Inner = cast<DeclContext>(D);
    if (Inner && declaredAtFileScope(Inner, II))
      return true;
  }
  return false;
}

bool FreshNames::isFree(llvm::StringRef Name) const {
  if (Used.contains(Name))
    return false;
  // A name the unit never spelled is neither declared nor a macro.
  auto It = Ctx.Idents.find(Name);
  if (It == Ctx.Idents.end())
    return true;
  const IdentifierInfo *II = It->getValue();
  return !II->hasMacroDefinition() &&
         !declaredAtFileScope(Ctx.getTranslationUnitDecl(), II);
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
