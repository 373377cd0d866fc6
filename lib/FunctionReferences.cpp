//===--- FunctionReferences.cpp -------------------------------------------===//

#include "lib/FunctionReferences.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::freethreading {

bool mayReferToAnyFunction(const ASTContext &Ctx,
                           llvm::ArrayRef<llvm::StringRef> Names) {
  llvm::SmallPtrSet<const IdentifierInfo *, 8> Lexed;
  for (llvm::StringRef Name : Names) {
    auto It = Ctx.Idents.find(Name);
    if (It != Ctx.Idents.end())
      Lexed.insert(It->second);
  }
  if (Lexed.empty())
    return false; // Never lexed, so never written nor produced by a macro.
  if (Ctx.getLangOpts().CPlusPlus)
    return true;
  // One pass over the file-scope declarations. (The unit's lookup table
  // would answer per name, but building it costs more than some checks.)
  // isReferenced() asks every redeclaration, block-scope ones included.
  llvm::SmallPtrSet<const IdentifierInfo *, 8> Declared;
  for (const Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getIdentifier() || !Lexed.contains(ND->getIdentifier()))
      continue;
    if (!isa<FunctionDecl>(ND) || ND->isReferenced())
      return true;
    Declared.insert(ND->getIdentifier());
  }
  // A name lexed but not declared at file scope: unsure.
  return Declared.size() != Lexed.size();
}

llvm::SmallVector<const NamedDecl *, 4>
fileScopeDeclarations(ASTContext &Ctx, llvm::StringRef Name) {
  llvm::SmallVector<const NamedDecl *, 4> Found;
  auto It = Ctx.Idents.find(Name);
  if (It == Ctx.Idents.end())
    return Found; // Never lexed, so never declared.
  const IdentifierInfo *II = It->second;
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  if (Ctx.getLangOpts().CPlusPlus) {
    for (const NamedDecl *ND : TU->lookup(DeclarationName(II)))
      Found.push_back(ND);
    return Found;
  }
  for (const Decl *D : TU->decls()) {
    if (const auto *ND = dyn_cast<NamedDecl>(D); ND && ND->getIdentifier() == II)
      Found.push_back(ND);
    if (const auto *ED = dyn_cast<EnumDecl>(D))
      for (const EnumConstantDecl *E : ED->enumerators())
        if (E->getIdentifier() == II)
          Found.push_back(E);
  }
  return Found;
}

} // namespace clang::tidy::freethreading
