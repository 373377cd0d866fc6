//===--- FreshName.cpp ----------------------------------------------------===//

#include "lib/FreshName.h"
#include "lib/Parents.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/DenseSet.h"
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

namespace {

/// Whether an identifier is declared where a lookup at file scope finds it:
/// at file scope, inside extern "C" {} or an inline namespace, an enum's
/// constants, and in C the tags and enums declared inside a struct. The
/// first questions of a unit are answered by a pass over its declarations;
/// then the names are collected into a set, once. (Both cost less than the
/// unit's lookup table, which the first lookup builds: a unit with few fixes
/// asks a few times, a generated one with thousands asks thousands.)
class FileScopeNames {
public:
  bool declares(ASTContext &C, const IdentifierInfo *II) {
    if (Ctx != &C) {
      reset();
      Ctx = &C;
    }
    const DeclContext *TU = C.getTranslationUnitDecl();
    if (++Asked <= ScansBeforeSet) {
      bool Found = false;
      visit(TU, [&](const IdentifierInfo *Name) { Found |= Name == II; });
      return Found;
    }
    if (!Collected) {
      visit(TU, [&](const IdentifierInfo *Name) { Names.insert(Name); });
      Collected = true;
    }
    return Names.contains(II);
  }

  void reset() {
    Ctx = nullptr;
    Asked = 0;
    Collected = false;
    Names.clear();
  }

private:
  static constexpr unsigned ScansBeforeSet = 8;

  template <typename Fn> static void visit(const DeclContext *DC, Fn &&Name) {
    for (const Decl *D : DC->decls()) {
      if (const auto *ND = dyn_cast<NamedDecl>(D);
          ND && ND->getIdentifier() && !isa<FieldDecl>(D))
        Name(ND->getIdentifier());
      if (isa<LinkageSpecDecl, ExportDecl, EnumDecl>(D) ||
          (isa<RecordDecl>(D) && !isa<CXXRecordDecl>(D)))
        visit(cast<DeclContext>(D), Name);
      else if (const auto *NS = dyn_cast<NamespaceDecl>(D);
               NS && NS->isInline())
        visit(NS, Name);
    }
  }

  const ASTContext *Ctx = nullptr;
  unsigned Asked = 0;
  bool Collected = false;
  llvm::DenseSet<const IdentifierInfo *> Names;
};

FileScopeNames &fileScopeNames() {
  static FileScopeNames N;
  return N;
}

} // namespace

void resetFileScopeNames() { fileScopeNames().reset(); }

bool FreshNames::isFree(llvm::StringRef Name) const {
  if (Used.contains(Name))
    return false;
  // A name the unit never spelled is neither declared nor a macro.
  auto It = Ctx.Idents.find(Name);
  if (It == Ctx.Idents.end())
    return true;
  const IdentifierInfo *II = It->getValue();
  if (II->hasMacroDefinition())
    return false;
  return !fileScopeNames().declares(Ctx, II);
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
