//===--- ModuleInitFunctions.h - code that runs only at module init -------===//
//
// Answers "does this function run only while the module is being
// initialized?" for one translation unit. The roots are the PyInit_<name>
// functions and the functions named by a {Py_mod_exec, fn} slot of a
// PyModuleDef_Slot array. A function is init-only when it is a root, or when
// it has internal linkage, is referenced at least once, and every reference
// to it is inside an init-only function (calls from itself aside). A function
// whose address is stored anywhere else (a method table, a type slot, a
// variable) can be called by Python at any time and is not init-only.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MODULEINITFUNCTIONS_H
#define FT_TIDY_LIB_MODULEINITFUNCTIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::freethreading {

class ModuleInitFunctions {
public:
  /// True when \p FD (any redeclaration) runs only during module init.
  bool isInitOnly(const FunctionDecl *FD, ASTContext &Ctx);

  /// Who refers to whom, and the roots (filled by the walk over the unit).
  struct References {
    llvm::SmallPtrSet<const FunctionDecl *, 4> Roots;
    /// Canonical function -> the canonical functions whose bodies refer to
    /// it; nullptr for a reference outside any function body.
    llvm::DenseMap<const FunctionDecl *,
                   llvm::SmallVector<const FunctionDecl *, 2>>
        Referrers;
  };

private:
  void build(ASTContext &Ctx);

  bool Built = false;
  References Refs;
  llvm::DenseSet<const FunctionDecl *> InitOnly;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MODULEINITFUNCTIONS_H
