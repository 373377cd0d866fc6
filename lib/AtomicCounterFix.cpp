//===--- AtomicCounterFix.cpp ---------------------------------------------===//

#include "lib/AtomicCounterFix.h"
#include "lib/Parents.h"
#include "lib/PythonHeaders.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::freethreading {

namespace {

/// The uses of one variable, each with the top-level declaration (the
/// function, in C) that holds it.
class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  explicit UseFinder(const VarDecl *Var) : Var(Var) {}

  void within(Decl *Top) {
    Current = Top;
    TraverseDecl(Top);
  }
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getCanonicalDecl() == Var)
      Uses.push_back({E, Current});
    return true;
  }

  struct Use {
    const DeclRefExpr *Ref;
    const Decl *Top;
  };
  std::vector<Use> Uses;

private:
  const VarDecl *Var;
  const Decl *Current = nullptr;
};

/// How a use reads or writes its variable.
enum class UseKind { Read, Store, Update, Other };

/// \p Ref's use: a read, an assignment to it, an update (++, --, op=), or
/// anything else (an address, sizeof), whose meaning `_Atomic` changes.
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

/// Where the text of a skipped #if branch of a project file names \p Name
/// as a whole word (only branches inside \p Within, when it is valid), or
/// an invalid location.
SourceLocation namedInSkippedCode(llvm::StringRef Name,
                                  const ConditionalBranches &Branches,
                                  SourceRange Within, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const ConditionalBranches::SkippedBranch &Branch : Branches.skipped()) {
    SourceLocation At = Branch.Range.getBegin();
    if (At.isInvalid() || !At.isFileID() || !isUserFile(SM.getFileID(At), SM))
      continue;
    if (Within.isValid() &&
        (SM.isBeforeInTranslationUnit(At, Within.getBegin()) ||
         SM.isBeforeInTranslationUnit(Within.getEnd(), At)))
      continue;
    bool Invalid = false;
    llvm::StringRef Text = Lexer::getSourceText(
        CharSourceRange::getCharRange(Branch.Range), SM, Ctx.getLangOpts(),
        &Invalid);
    for (size_t I = Invalid ? llvm::StringRef::npos : Text.find(Name);
         I != llvm::StringRef::npos; I = Text.find(Name, I + 1)) {
      auto IsWord = [](char C) { return isAsciiIdentifierContinue(C); };
      bool Start = I == 0 || !IsWord(Text[I - 1]);
      bool End = I + Name.size() == Text.size() || !IsWord(Text[I + Name.size()]);
      if (Start && End)
        return At.getLocWithOffset(I);
    }
  }
  return SourceLocation();
}

/// Why \p Var's declaration cannot take the qualifier, or "".
std::string declarationObstacle(const VarDecl *Var, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  QualType T = Var->getType();
  if (!T->isIntegerType() || T->isBooleanType() || T->isEnumeralType())
    return "only an integer counter is made atomic";
  if (Var->isExternallyVisible())
    return "it has external linkage: other files may use it as a plain "
           "integer (declare it 'static' if none does)";
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

} // namespace

FixPlan atomicCounterFix(const VarDecl *Var, bool C11Atomics,
                         const ConditionalBranches &Branches, ASTContext &Ctx) {
  const LangOptions &LO = Ctx.getLangOpts();
  if (LO.CPlusPlus)
    return FixPlan::none("in C++ the repair is std::atomic, whose uses differ "
                         "from a plain integer's (printf, memcpy): by hand");
  if (!LO.C11)
    return FixPlan::none("the unit is compiled as C before C11, which has no "
                         "_Atomic");
  if (!C11Atomics)
    return FixPlan::none("the option C11Atomics is off (the module is built "
                         "by a compiler without C11 atomics)");
  if (std::string Why = declarationObstacle(Var, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));

  const SourceManager &SM = Ctx.getSourceManager();
  UseFinder Finder(Var);
  SourceRange Within;
  if (const auto *Fn = dyn_cast_or_null<FunctionDecl>(
          Var->getParentFunctionOrMethod())) {
    Finder.within(const_cast<FunctionDecl *>(Fn));
    Within = Fn->getSourceRange();
  } else {
    for (Decl *D : Ctx.getTranslationUnitDecl()->decls()) {
      SourceLocation L = SM.getExpansionLoc(D->getLocation());
      if (L.isValid() && isUserFile(SM.getFileID(L), SM))
        Finder.within(D);
    }
  }
  // Per function: its first use, and whether every use so far updates.
  llvm::DenseMap<const Decl *, std::pair<const DeclRefExpr *, bool>> Seen;
  for (const UseFinder::Use &U : Finder.Uses) {
    SourceLocation Loc = SM.getFileLoc(U.Ref->getLocation());
    UseKind Kind = useOf(U.Ref, Ctx);
    if (!isa_and_nonnull<FunctionDecl>(U.Top) || Kind == UseKind::Other)
      return FixPlan::none("it is used here other than by reading, assigning "
                           "or updating it, and an _Atomic type would change "
                           "this use",
                           Loc);
    bool Updates = Kind == UseKind::Update;
    auto [It, First] = Seen.try_emplace(U.Top, U.Ref, Updates);
    if (First)
      continue;
    // Updates alone add up the same in any order; a read or an
    // assignment next to another use does not.
    It->second.second = It->second.second && Updates;
    if (!It->second.second)
      return FixPlan::none(
          ("'" + cast<FunctionDecl>(U.Top)->getName() +
           "' uses it twice (also here), not only to update it: each use "
           "would be atomic, but not the two together, as they were under "
           "the GIL; make the function's uses one operation, or take a "
           "PyMutex (3.13+) around them")
              .str(),
          Loc);
  }
  if (SourceLocation Skipped =
          namedInSkippedCode(Var->getName(), Branches, Within, Ctx);
      Skipped.isValid())
    return FixPlan::none("code this build does not compile names it here, "
                         "and cannot be checked",
                         Skipped);
  FixPlan Plan;
  Plan.Edits.push_back(
      FixItHint::CreateInsertion(Var->getTypeSpecStartLoc(), "_Atomic "));
  return Plan;
}

} // namespace clang::tidy::freethreading
