//===--- ModuleInitFunctions.cpp ------------------------------------------===//

#include "lib/ModuleInitFunctions.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::freethreading {

namespace {

/// Records, for every function, who refers to it, and finds the roots.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ModuleInitFunctions::References &Out, ASTContext &Ctx)
      : Out(Out), Ctx(Ctx) {}
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

  /// The walk of a C translation unit: what the visitor above records, at
  /// a third of its cost on large units.
  ///
  /// In C every reference that runs is in a function body or a variable's
  /// initializer, and Stmt::children() reaches them all (a DeclStmt's
  /// children are its initializers and variable-length array sizes). The
  /// visitor's own statement traversal is children() too, with three
  /// exceptions, kept here: it sees an initializer list in its written
  /// (syntactic) form, a block literal's body through its declaration, and
  /// the expressions inside types. The last is left out: a name inside
  /// typeof() or sizeof(type) does not run, and the size of a
  /// variable-length array type written in a cast is the one expression
  /// that does and is not visited.
  /// Top-level declarations other than functions and variables (records,
  /// enumerations, typedefs, assertions) are few and small; the visitor
  /// walks them.
  void walkC(Decl *D) {
    if (isa<BlockDecl, CapturedDecl>(D))
      return; // walked where the expression that holds it is
    if (auto *FD = dyn_cast<FunctionDecl>(D)) {
      VisitFunctionDecl(FD);
      if (FD->doesThisDeclarationHaveABody()) {
        Current = FD;
        walkStatements(FD->getBody());
        Current = nullptr;
      }
      return;
    }
    if (auto *VD = dyn_cast<VarDecl>(D)) {
      walkStatements(VD->getInit());
      return;
    }
    TraverseDecl(D);
  }

private:
  void walkStatements(Stmt *Root) {
    llvm::SmallVector<Stmt *, 64> Work;
    if (Root)
      Work.push_back(Root);
    while (!Work.empty()) {
      Stmt *S = Work.pop_back_val();
      if (auto *DRE = dyn_cast<DeclRefExpr>(S)) {
        VisitDeclRefExpr(DRE);
        continue;
      }
      if (auto *ILE = dyn_cast<InitListExpr>(S)) {
        if (ILE->isSemanticForm() && ILE->getSyntacticForm())
          S = ILE = ILE->getSyntacticForm();
        VisitInitListExpr(ILE);
      } else if (auto *Block = dyn_cast<BlockExpr>(S)) {
        if (Stmt *Body = Block->getBody())
          Work.push_back(Body);
        continue;
      }
      for (Stmt *Child : S->children())
        if (Child)
          Work.push_back(Child);
    }
  }

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

  ModuleInitFunctions::References &Out;
  ASTContext &Ctx;
  const FunctionDecl *Current = nullptr;
};

} // namespace

bool ModuleInitFunctions::isInitOnly(const FunctionDecl *FD, ASTContext &Ctx) {
  if (!Built) {
    build(Ctx);
    Built = true;
  }
  return FD && InitOnly.contains(FD->getCanonicalDecl());
}

void ModuleInitFunctions::build(ASTContext &Ctx) {
  Collector C(Refs, Ctx);
  if (Ctx.getLangOpts().CPlusPlus) {
    C.TraverseAST(Ctx);
  } else {
    std::vector<Decl *> Scope = Ctx.getTraversalScope();
    if (Scope.size() == 1 && isa<TranslationUnitDecl>(Scope.front()))
      Scope.assign(Ctx.getTranslationUnitDecl()->decls_begin(),
                   Ctx.getTranslationUnitDecl()->decls_end());
    for (Decl *D : Scope)
      C.walkC(D);
  }
  for (const FunctionDecl *R : Refs.Roots)
    InitOnly.insert(R);
  // Grow to a fixed point: a helper joins when all its referrers are in.
  bool Changed = true;
  while (Changed) {
    Changed = false;
    for (const auto &[Fn, Referrers] : Refs.Referrers) {
      if (InitOnly.contains(Fn) || Fn->isExternallyVisible() ||
          Referrers.empty())
        continue;
      bool AllInit = llvm::all_of(Referrers, [&](const FunctionDecl *R) {
        return R && InitOnly.contains(R);
      });
      if (AllInit) {
        InitOnly.insert(Fn);
        Changed = true;
      }
    }
  }
}

} // namespace clang::tidy::freethreading
