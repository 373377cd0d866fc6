//===--- StaticVarUses.cpp ------------------------------------------------===//

#include "lib/StaticVarUses.h"
#include "lib/Parents.h"
#include "lib/PythonHeaders.h"
#include "lib/SourceText.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::freethreading {

namespace {

/// The references to one variable, each with the function holding it.
class RefFinder : public RecursiveASTVisitor<RefFinder> {
public:
  explicit RefFinder(const VarDecl *Var) : Var(Var) {}

  void within(Decl *Top) {
    Current = dyn_cast<FunctionDecl>(Top);
    TraverseDecl(Top);
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getCanonicalDecl() == Var)
      Refs.push_back({E, Current});
    return true;
  }

  std::vector<std::pair<const DeclRefExpr *, const FunctionDecl *>> Refs;

private:
  const VarDecl *Var;
  const FunctionDecl *Current = nullptr;
};

UseKind useOf(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const Expr *E = Ref;
  while (true) {
    DynTypedNodeList Parents = parentsOf(*E, Ctx);
    if (Parents.size() != 1)
      return UseKind::Other;
    const auto *P = Parents[0].get<Expr>();
    if (!P)
      return UseKind::Other;
    if (isa<ParenExpr>(P)) {
      E = P;
      continue;
    }
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(P))
      return Cast->getCastKind() == CK_LValueToRValue ? UseKind::Read
                                                       : UseKind::Other;
    if (const auto *UO = dyn_cast<UnaryOperator>(P))
      return UO->isIncrementDecrementOp() ? UseKind::Update : UseKind::Other;
    if (const auto *BO = dyn_cast<BinaryOperator>(P);
        BO && BO->isAssignmentOp() && BO->getLHS()->IgnoreParens() == E)
      return BO->isCompoundAssignmentOp() ? UseKind::Update : UseKind::Store;
    return UseKind::Other;
  }
}

} // namespace

std::vector<StaticVarUse> usesOf(const VarDecl *Var, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  RefFinder Finder(Var->getCanonicalDecl());
  if (const auto *Fn =
          dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod())) {
    Finder.within(const_cast<FunctionDecl *>(Fn));
  } else {
    // Neighbouring declarations mostly share a file: its verdict is kept.
    FileID Last;
    bool LastIsUser = false;
    for (Decl *D : topLevelDeclarations(Ctx)) {
      SourceLocation L = SM.getExpansionLoc(D->getLocation());
      if (L.isInvalid())
        continue;
      if (FileID F = SM.getFileID(L); F != Last) {
        Last = F;
        LastIsUser = isUserFile(F, SM);
      }
      if (LastIsUser)
        Finder.within(D);
    }
  }
  std::vector<StaticVarUse> Uses;
  for (auto [Ref, Fn] : Finder.Refs)
    Uses.push_back({Ref, Fn, useOf(Ref, Ctx)});
  return Uses;
}

SourceLocation namedInSkippedCode(const VarDecl *Var,
                                  const ConditionalBranches &Branches,
                                  ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Within;
  if (const auto *Fn = Var->getParentFunctionOrMethod())
    Within = cast<Decl>(Fn)->getSourceRange();
  llvm::StringRef Name = Var->getName();
  for (const ConditionalBranches::SkippedText &Branch :
       Branches.liveUserSkippedTexts()) {
    SourceLocation At = Branch.Range.getBegin();
    if (Within.isValid() &&
        (SM.isBeforeInTranslationUnit(At, Within.getBegin()) ||
         SM.isBeforeInTranslationUnit(Within.getEnd(), At)))
      continue;
    if (size_t I = findIdentifier(Branch.Text, Name);
        I != llvm::StringRef::npos)
      return At.getLocWithOffset(I);
  }
  return SourceLocation();
}

FixPlan skippedCodeObstacle(const VarDecl *Var,
                            const ConditionalBranches &Branches,
                            ASTContext &Ctx) {
  SourceLocation Skipped = namedInSkippedCode(Var, Branches, Ctx);
  if (Skipped.isInvalid())
    return FixPlan();
  return FixPlan::none("code this build does not compile names it here, and "
                       "cannot be checked",
                       Skipped);
}

std::string soleDeclarationObstacle(const VarDecl *Var, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Var->isExternallyVisible())
    return "it has external linkage: other files may use it as it is "
           "declared (declare it 'static' if none does)";
  if (Var->getPreviousDecl() || Var->getMostRecentDecl() != Var)
    return "it is declared more than once";
  SourceLocation Spec = Var->getTypeSpecStartLoc();
  if (Spec.isInvalid() || Spec.isMacroID() || Var->getLocation().isMacroID() ||
      !isUserFile(SM.getFileID(Spec), SM))
    return "its declaration is written by a macro";
  // Another variable of the same declaration shares its specifiers.
  for (const Decl *D : Var->getDeclContext()->decls())
    if (D != Var && isa<VarDecl>(D) && D->getBeginLoc() == Var->getBeginLoc())
      return "its declaration declares other variables too";
  return "";
}

bool isPlainInteger(QualType T) {
  return T->isIntegerType() && !T->isBooleanType() && !T->isEnumeralType();
}

std::string c11AtomicsObstacle(bool C11AtomicsOption, const LangOptions &LO) {
  if (LO.CPlusPlus)
    return "in C++ the repair is std::atomic, whose uses differ from a plain "
           "variable's (printf, memcpy): by hand";
  if (!LO.C11)
    return "the unit is compiled as C before C11, which has no _Atomic";
  if (!C11AtomicsOption)
    return "the option C11Atomics is off (the module is built by a compiler "
           "without C11 atomics)";
  return "";
}

} // namespace clang::tidy::freethreading
