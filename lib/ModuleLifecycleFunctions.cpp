//===--- ModuleLifecycleFunctions.cpp -------------------------------------===//

#include "lib/ModuleLifecycleFunctions.h"
#include "lib/CPythonAPI.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::freethreading {

namespace {

/// The function \p E names, through parentheses, casts and '&'; nullptr
/// when it names none.
const DeclRefExpr *namedFunction(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E);
      UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenCasts();
  const auto *DRE = dyn_cast<DeclRefExpr>(E);
  return DRE && isa<FunctionDecl>(DRE->getDecl()) ? DRE : nullptr;
}

/// Records, for every function, who refers to it and how, and finds the
/// roots.
class Collector : public RecursiveASTVisitor<Collector> {
public:
  Collector(ModuleLifecycleFunctions::References &Out, ASTContext &Ctx)
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

  /// Called before the callee's DeclRefExpr is visited.
  bool VisitCallExpr(CallExpr *CE) {
    const auto *DRE =
        dyn_cast<DeclRefExpr>(CE->getCallee()->IgnoreParenImpCasts());
    if (DRE && isa<FunctionDecl>(DRE->getDecl()))
      Callees.insert(DRE);
    return true;
  }

  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    const auto *Target = dyn_cast<FunctionDecl>(DRE->getDecl());
    if (!Target)
      return true;
    bool IsCall = Callees.erase(DRE);
    if (Registrations.erase(DRE))
      return true; // the module definition naming a root
    // A template's pattern does not run; its instantiations are walked.
    if (Current && Current->isDependentContext())
      return true;
    const FunctionDecl *T = Target->getCanonicalDecl();
    const FunctionDecl *From = Current ? Current->getCanonicalDecl() : nullptr;
    if (IsCall && From == T)
      return true; // recursion says nothing about who else calls it
    Out.To[T].push_back({From, DRE->getLocation(), IsCall});
    if (IsCall && From)
      Out.Calls[From].push_back(T);
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->getIdentifier() && isModuleInitFunctionName(FD->getName()))
      addRoot(FD, ModulePhase::Init);
    return true;
  }

  /// {Py_mod_exec, fn} in a PyModuleDef_Slot initializer, m_free = fn in a
  /// PyModuleDef one (positional or designated: the semantic form has one
  /// initializer per member).
  bool VisitInitListExpr(InitListExpr *ILE) {
    const InitListExpr *Sem =
        ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    const RecordDecl *RD = Sem ? Sem->getType()->getAsRecordDecl() : nullptr;
    if (!RD || !RD->getIdentifier())
      return true;
    for (const ModulePhaseFunction &F : modulePhaseFunctions()) {
      if (F.Record != RD->getName())
        continue;
      const Expr *Named = F.IsSlot ? slotFunction(Sem, F.Key)
                                   : fieldInitializer(Sem, RD, F.Key);
      if (const DeclRefExpr *DRE = namedFunction(Named)) {
        addRoot(cast<FunctionDecl>(DRE->getDecl()), F.Phase);
        Registrations.insert(DRE);
      }
    }
    return true;
  }

  void walkC(Decl *D);

private:
  void walkStatements(Stmt *Root);

  void addRoot(const FunctionDecl *FD, ModulePhase Phase) {
    Out.Roots[FD->getCanonicalDecl()] |= static_cast<unsigned>(Phase);
  }

  /// The second member of a slot initializer whose first is spelled
  /// \p SlotId.
  const Expr *slotFunction(const InitListExpr *Sem, StringRef SlotId) {
    if (Sem->getNumInits() < 2 || !spelledAs(Sem->getInit(0), SlotId))
      return nullptr;
    return Sem->getInit(1);
  }

  /// The initializer of the member \p Field.
  static const Expr *fieldInitializer(const InitListExpr *Sem,
                                      const RecordDecl *RD, StringRef Field) {
    unsigned I = 0;
    for (const FieldDecl *FD : RD->fields()) {
      if (I >= Sem->getNumInits())
        return nullptr;
      if (FD->getIdentifier() && FD->getName() == Field)
        return Sem->getInit(I);
      ++I;
    }
    return nullptr;
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

  ModuleLifecycleFunctions::References &Out;
  ASTContext &Ctx;
  const FunctionDecl *Current = nullptr;
  /// References seen as a callee or as a root's registration, waiting for
  /// their visit (which comes after their parent's).
  llvm::DenseSet<const DeclRefExpr *> Callees, Registrations;
};

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
void Collector::walkC(Decl *D) {
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

void Collector::walkStatements(Stmt *Root) {
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
    } else if (auto *Call = dyn_cast<CallExpr>(S)) {
      VisitCallExpr(Call);
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

} // namespace

const LifecycleReach *ModuleLifecycleFunctions::reach(const FunctionDecl *FD,
                                                      ASTContext &Ctx) {
  if (!Built) {
    build(Ctx);
    Built = true;
  }
  if (!FD)
    return nullptr;
  auto It = Reached.find(FD->getCanonicalDecl());
  return It == Reached.end() ? nullptr : &It->second;
}

void ModuleLifecycleFunctions::build(ASTContext &Ctx) {
  Collector C(Refs, Ctx);
  if (Ctx.getLangOpts().CPlusPlus) {
    C.TraverseAST(Ctx);
  } else {
    for (Decl *D : topLevelDeclarations(Ctx))
      C.walkC(D);
  }
  reachFromRoots();
  while (pruneOnce()) {
  }
  judgeTemplatePatterns();
}

/// Every function a root reaches through direct calls, with the phases of
/// the roots that reach it (in an order fixed by the source, not by
/// pointer values).
void ModuleLifecycleFunctions::reachFromRoots() {
  llvm::SmallVector<const FunctionDecl *, 16> Work;
  for (const auto &[Root, Phases] : Refs.Roots) {
    Reached[Root].Phases |= Phases;
    Work.push_back(Root);
  }
  while (!Work.empty()) {
    const FunctionDecl *From = Work.pop_back_val();
    unsigned Phases = Reached[From].Phases;
    auto It = Refs.Calls.find(From);
    if (It == Refs.Calls.end())
      continue;
    for (const FunctionDecl *To : It->second) {
      LifecycleReach &R = Reached[To];
      if ((R.Phases | Phases) == R.Phases)
        continue;
      R.Phases |= Phases;
      Work.push_back(To);
    }
  }
}

/// Marks, in one pass, the reached functions that can run at other times
/// too; true when it marked any (a caller marked may free its callees).
bool ModuleLifecycleFunctions::pruneOnce() {
  bool Changed = false;
  for (auto &[FD, R] : Reached) {
    if (R.Escape)
      continue;
    R.Escape = escapeOf(FD);
    Changed |= R.Escape.has_value();
  }
  return Changed;
}

/// A function template's pattern does not run, its specializations do: the
/// pattern runs only in the phases when every specialization does (it is
/// what the check sees for a statement that does not depend on the template
/// arguments). A specialization no phase reaches leaves the pattern out.
void ModuleLifecycleFunctions::judgeTemplatePatterns() {
  llvm::MapVector<const FunctionDecl *, LifecycleReach> Patterns;
  for (const auto &[FD, R] : Reached) {
    const FunctionTemplateDecl *FT = FD->getPrimaryTemplate();
    if (!FT || Patterns.count(FT->getTemplatedDecl()->getCanonicalDecl()))
      continue;
    LifecycleReach Combined;
    bool All = true;
    for (const FunctionDecl *Spec : FT->specializations()) {
      auto It = Reached.find(Spec->getCanonicalDecl());
      if (It == Reached.end()) {
        All = false;
        break;
      }
      Combined.Phases |= It->second.Phases;
      if (It->second.Escape && !Combined.Escape)
        Combined.Escape = It->second.Escape;
    }
    if (All)
      Patterns[FT->getTemplatedDecl()->getCanonicalDecl()] = Combined;
  }
  for (const auto &[FD, R] : Patterns)
    Reached.insert({FD, R});
}

/// The first reason found, most direct first: an address taken or a caller
/// no phase reaches, then external linkage, then a caller that a phase
/// reaches but that may also run at any time.
std::optional<LifecycleEscape>
ModuleLifecycleFunctions::escapeOf(const FunctionDecl *FD) const {
  if (FD->getIdentifier() && isModuleInitFunctionName(FD->getName()))
    return std::nullopt; // what the import machinery calls, however reached
  llvm::ArrayRef<Reference> List;
  if (auto Found = Refs.To.find(FD); Found != Refs.To.end())
    List = Found->second;
  for (const Reference &R : List) {
    if (!R.IsCall || !R.From)
      return LifecycleEscape{LifecycleEscape::AddressTaken, R.Loc, nullptr};
    if (!Reached.count(R.From))
      return LifecycleEscape{LifecycleEscape::CalledFrom, R.Loc, R.From};
  }
  if (!Refs.Roots.count(FD) && FD->isExternallyVisible()) {
    const FunctionDecl *Def = FD->getDefinition();
    return LifecycleEscape{LifecycleEscape::ExternalLinkage,
                           (Def ? Def : FD)->getLocation(), nullptr};
  }
  for (const Reference &R : List)
    if (Reached.find(R.From)->second.Escape)
      return LifecycleEscape{LifecycleEscape::CalledFrom, R.Loc, R.From};
  return std::nullopt;
}

} // namespace clang::tidy::freethreading
