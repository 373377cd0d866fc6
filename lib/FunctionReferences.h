//===--- FunctionReferences.h - can this TU call those functions? --------===//
//
// A cheap, conservative answer to "does the translation unit refer to any
// of the functions NAMES at all?", from what the parser already recorded:
// whether the identifier was ever lexed, and whether any file-scope
// declaration of it was referenced. Analyses use it to skip a walk over the
// whole translation unit (large static tables, every inline function of
// Python.h) when the calls they look for cannot be there.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FUNCTIONREFERENCES_H
#define FT_TIDY_LIB_FUNCTIONREFERENCES_H

#include "clang/AST/ASTContext.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::freethreading {

/// False only when no expression of the translation unit can name any of
/// the functions \p Names: each identifier never appeared in the source,
/// or (in C, where every function declaration is at file scope or linked to
/// the file-scope one) is declared at file scope and no declaration of it
/// was referenced. True whenever unsure (C++, where another scope may
/// declare a function of that name; a name lexed but not declared at file
/// scope).
bool mayReferToAnyFunction(const ASTContext &Ctx,
                           llvm::ArrayRef<llvm::StringRef> Names);

/// The declarations of the translation unit's scope named \p Name. In C:
/// every file-scope declaration of that name (each redeclaration on its
/// own) and the enumerators of file-scope enumerations, from one pass over
/// the file-scope declarations (building the unit's lookup table, which
/// DeclContext::lookup does on first use, costs more than a few passes). In
/// C++: what DeclContext::lookup finds.
llvm::SmallVector<const NamedDecl *, 4>
fileScopeDeclarations(ASTContext &Ctx, llvm::StringRef Name);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FUNCTIONREFERENCES_H
