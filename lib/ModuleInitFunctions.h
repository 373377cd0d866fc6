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
//
// Header-only: lib/ sources are listed one by one in CMakeLists.txt.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MODULEINITFUNCTIONS_H
#define FT_TIDY_LIB_MODULEINITFUNCTIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::freethreading {

class ModuleInitFunctions {
public:
  /// True when \p FD (any redeclaration) runs only during module init.
  bool isInitOnly(const FunctionDecl *FD, ASTContext &Ctx) {
    if (!Built) {
      build(Ctx);
      Built = true;
    }
    return FD && InitOnly.contains(FD->getCanonicalDecl());
  }

private:
  /// Records, for every function, who refers to it, and finds the roots.
  class Collector : public RecursiveASTVisitor<Collector> {
  public:
    Collector(ModuleInitFunctions &Out, ASTContext &Ctx) : Out(Out), Ctx(Ctx) {}
    bool shouldVisitTemplateInstantiations() const { return true; }
    bool shouldVisitImplicitCode() const { return false; }

    bool TraverseDecl(Decl *D) {
      const auto *FD = dyn_cast_or_null<FunctionDecl>(D);
      if (!FD || !FD->doesThisDeclarationHaveABody())
        return RecursiveASTVisitor::TraverseDecl(D);
      const FunctionDecl *Saved = Current;
      Current = FD;
      bool Result = RecursiveASTVisitor::TraverseDecl(D);
      Current = Saved;
      return Result;
    }

    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      const auto *Target = dyn_cast<FunctionDecl>(DRE->getDecl());
      if (!Target)
        return true;
      const FunctionDecl *T = Target->getCanonicalDecl();
      if (Current && Current->getCanonicalDecl() == T)
        return true; // recursion says nothing about who else calls it
      Out.Referrers[T].push_back(Current ? Current->getCanonicalDecl()
                                         : nullptr);
      return true;
    }

    bool VisitFunctionDecl(FunctionDecl *FD) {
      if (FD->getIdentifier() && FD->getName().starts_with("PyInit_"))
        Out.Roots.insert(FD->getCanonicalDecl());
      return true;
    }

    /// {Py_mod_exec, fn} in a PyModuleDef_Slot initializer.
    bool VisitInitListExpr(InitListExpr *ILE) {
      const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
      if (!RD || RD->getName() != "PyModuleDef_Slot" || ILE->getNumInits() < 2)
        return true;
      if (!spelledAs(ILE->getInit(0), "Py_mod_exec"))
        return true;
      const Expr *Fn = ILE->getInit(1)->IgnoreParenCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(Fn))
        if (UO->getOpcode() == UO_AddrOf)
          Fn = UO->getSubExpr()->IgnoreParenCasts();
      if (const auto *DRE = dyn_cast<DeclRefExpr>(Fn))
        if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
          Out.Roots.insert(FD->getCanonicalDecl());
      return true;
    }

  private:
    /// True when \p E is spelled as the macro or identifier \p Name.
    bool spelledAs(const Expr *E, StringRef Name) {
      const SourceManager &SM = Ctx.getSourceManager();
      SourceLocation Loc = E->getBeginLoc();
      if (Loc.isMacroID() &&
          Lexer::getImmediateMacroName(Loc, SM, Ctx.getLangOpts()) == Name)
        return true;
      SourceLocation S = SM.getSpellingLoc(Loc);
      return Lexer::getSourceText(CharSourceRange::getTokenRange(S, S), SM,
                                  Ctx.getLangOpts()) == Name;
    }

    ModuleInitFunctions &Out;
    ASTContext &Ctx;
    const FunctionDecl *Current = nullptr;
  };

  void build(ASTContext &Ctx) {
    Collector C(*this, Ctx);
    C.TraverseAST(Ctx);
    for (const FunctionDecl *R : Roots)
      InitOnly.insert(R);
    // Grow to a fixed point: a helper joins when all its referrers are in.
    bool Changed = true;
    while (Changed) {
      Changed = false;
      for (const auto &[Fn, Refs] : Referrers) {
        if (InitOnly.contains(Fn) || Fn->isExternallyVisible() || Refs.empty())
          continue;
        bool AllInit = llvm::all_of(Refs, [&](const FunctionDecl *R) {
          return R && InitOnly.contains(R);
        });
        if (AllInit) {
          InitOnly.insert(Fn);
          Changed = true;
        }
      }
    }
  }

  bool Built = false;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Roots;
  llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<const FunctionDecl *, 2>>
      Referrers;
  llvm::DenseSet<const FunctionDecl *> InitOnly;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MODULEINITFUNCTIONS_H
