//===--- FunctionReferences.h - can this TU call that function? ----------===//
//
// A cheap, conservative answer to "does the translation unit refer to the
// function NAME at all?", from what the parser already recorded: whether the
// identifier was ever lexed, and whether any file-scope declaration of it was
// referenced. Analyses use it to skip a walk over the whole translation unit
// (large static tables, every inline function of Python.h) when the calls
// they look for cannot be there.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FUNCTIONREFERENCES_H
#define FT_TIDY_LIB_FUNCTIONREFERENCES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::freethreading {

/// False only when no expression of the translation unit can name the
/// function \p Name: the identifier never appeared in the source, or (in C,
/// where every function declaration is at file scope or linked to the
/// file-scope one) it is declared at file scope and no declaration of it
/// was referenced. True whenever unsure (C++, where another scope may
/// declare a function of that name; a name lexed but not declared at file
/// scope).
inline bool mayReferToFunction(const ASTContext &Ctx, llvm::StringRef Name) {
  if (Ctx.Idents.find(Name) == Ctx.Idents.end())
    return false; // Never lexed, so never written nor produced by a macro.
  if (Ctx.getLangOpts().CPlusPlus)
    return true;
  auto Found = Ctx.getTranslationUnitDecl()->lookup(
      DeclarationName(&Ctx.Idents.get(Name)));
  if (Found.empty())
    return true;
  for (const NamedDecl *D : Found)
    if (!isa<FunctionDecl>(D) || D->isReferenced())
      return true;
  return false;
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FUNCTIONREFERENCES_H
