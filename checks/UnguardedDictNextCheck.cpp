//===--- UnguardedDictNextCheck.cpp - freethreading-unguarded-dict-next ---===//

#include "checks/UnguardedDictNextCheck.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "lib/IterationReferences.h"
#include "lib/Parents.h"
#include "lib/RegionExits.h"
#include "lib/SourceText.h"
#include "lib/StatementText.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// A direct call of PyDict_Next with its four arguments. (The same as
/// callee(functionDecl(hasName(...))), at a fraction of the cost on the
/// unit's every call.)
bool callsPyDictNext(const CallExpr &Node, ASTContext &) {
  const FunctionDecl *FD = Node.getDirectCallee();
  static const llvm::StringRef Iteration = dictIterationFunction();
  return FD && FD->getIdentifier() && FD->getName() == Iteration &&
         Node.getNumArgs() == 4;
}

/// The critical section the fix opens around a loop over one dict.
const CriticalSectionAPI &dictSection() { return criticalSectionMacro(1); }

/// The variable \p E takes the address of ('&pos'), or nullptr.
const VarDecl *addressedVariable(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// The name a call is known by: its macro when spelled through one (Py_CLEAR,
/// Py_DECREF in old headers), else its callee. Empty for indirect calls.
llvm::SmallVector<llvm::StringRef, 2> callNames(const CallExpr *CE,
                                                const SourceManager &SM,
                                                const LangOptions &LO) {
  llvm::SmallVector<llvm::StringRef, 2> Names;
  if (const FunctionDecl *FD = CE->getDirectCallee())
    if (FD->getIdentifier())
      Names.push_back(FD->getName());
  for (SourceLocation L = CE->getBeginLoc(); L.isMacroID();
       L = SM.getImmediateMacroCallerLoc(L)) {
    llvm::StringRef Macro = Lexer::getImmediateMacroName(L, SM, LO);
    if (!Macro.empty())
      Names.push_back(Macro);
  }
  return Names;
}

/// Whether a call can run Python code or block. C-API calls are looked up in
/// the table; the C library cannot; the project's own functions and calls
/// through pointers (type slots) are assumed to.
/// A lambda written inside \p Body is scanned with it, so calling it is
/// judged by the calls in its body.
bool maySuspend(const CallExpr *CE, const Stmt *Body, const SourceManager &SM,
                const LangOptions &LO) {
  const FunctionDecl *FD = CE->getDirectCallee();
  if (!FD)
    return true;
  if (const auto *M = dyn_cast<CXXMethodDecl>(FD);
      M && M->getParent()->isLambda() &&
      SourceRegion::of(Body, SM).contains(M->getLocation(), SM))
    return false;
  for (llvm::StringRef N : callNames(CE, SM, LO))
    if (mayRunPythonCode(N))
      return true;
  llvm::StringRef Name = FD->getIdentifier() ? FD->getName() : "";
  if (hasCPythonAPIPrefix(Name) || FD->getBuiltinID() != 0)
    return false;
  return !SM.isInSystemHeader(SM.getExpansionLoc(FD->getLocation()));
}

/// Calls and uses of the borrowed variables in a loop body, in source order.
class BodyScanner : public RecursiveASTVisitor<BodyScanner> {
public:
  BodyScanner(const VarDecl *Key, const VarDecl *Value)
      : Key(Key), Value(Value) {}
  bool VisitCallExpr(CallExpr *CE) {
    Calls.push_back(CE);
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (DRE->getDecl() == Key || DRE->getDecl() == Value)
      Uses.push_back(DRE);
    return true;
  }
  const VarDecl *Key, *Value;
  std::vector<const CallExpr *> Calls;
  std::vector<const DeclRefExpr *> Uses;
};

/// True when \p Use is the argument of a call that makes it strong.
bool isMadeStrong(const DeclRefExpr *Use, ASTContext &Ctx) {
  const Stmt *Node = Use;
  while (true) {
    const auto *P = dyn_cast_or_null<Expr>(firstParentStmt(Node, Ctx));
    if (!P)
      return false;
    if (const auto *CE = dyn_cast<CallExpr>(P)) {
      for (llvm::StringRef N : callNames(CE, Ctx.getSourceManager(),
                                         Ctx.getLangOpts()))
        if (takesNewReference(N))
          return true;
      return false;
    }
    if (!isa<ImplicitCastExpr, CStyleCastExpr, ParenExpr>(P))
      return false;
    Node = P;
  }
}

/// The variables and member paths \p E reads, for the "is the dict
/// expression reassigned" test.
class ReferencedVars : public RecursiveASTVisitor<ReferencedVars> {
public:
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (Vars.insert(VD).second)
        InOrder.push_back(VD);
    return true;
  }
  llvm::DenseSet<const VarDecl *> Vars;
  std::vector<const VarDecl *> InOrder; ///< Source order of first use.
};

/// A variable \p Dict reads that is declared inside \p Loop (a for-init).
const VarDecl *variableDeclaredIn(const Stmt *Loop, const Expr *Dict,
                                  ASTContext &Ctx) {
  ReferencedVars Refs;
  Refs.TraverseStmt(const_cast<Expr *>(Dict));
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRegion Region = SourceRegion::of(Loop, SM);
  for (const VarDecl *V : Refs.InOrder)
    if (Region.contains(V->getLocation(), SM))
      return V;
  return nullptr;
}

/// A write in \p Loop to a variable \p Dict reads, or to \p Dict itself.
const Stmt *writeToDictExpression(const Stmt *Loop, const Expr *Dict,
                                  ASTContext &Ctx) {
  ReferencedVars Refs;
  Refs.TraverseStmt(const_cast<Expr *>(Dict));
  std::string DictText = CriticalSectionTracker::normalizeObject(Dict, Ctx);
  struct Writes : RecursiveASTVisitor<Writes> {
    llvm::SmallVector<const Expr *, 4> Targets;
    bool VisitBinaryOperator(BinaryOperator *B) {
      if (B->isAssignmentOp())
        Targets.push_back(B->getLHS());
      return true;
    }
    bool VisitUnaryOperator(UnaryOperator *U) {
      if (U->isIncrementDecrementOp() || U->getOpcode() == UO_AddrOf)
        Targets.push_back(U->getSubExpr());
      return true;
    }
  } W;
  W.TraverseStmt(const_cast<Stmt *>(Loop));
  for (const Expr *T : W.Targets) {
    const Expr *Bare = T->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(Bare))
      if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
          VD && Refs.Vars.count(VD))
        return T;
    if (CriticalSectionTracker::normalizeObject(Bare, Ctx) == DictText)
      return T;
  }
  return nullptr;
}

} // namespace

UnguardedDictNextCheck::UnguardedDictNextCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      CompatHeaderOption(Options.getLocalOrGlobal("CompatHeader", "")),
      Compat(CompatHeaderOption, IncludeStyle) {}

void UnguardedDictNextCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", IncludeStyle);
  Options.store(Opts, "CompatHeader", CompatHeaderOption);
}

void UnguardedDictNextCheck::registerPPCallbacks(const SourceManager &,
                                                 Preprocessor *PP,
                                                 Preprocessor *) {
  this->PP = PP;
  Tracker.registerPreprocessor(PP);
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
  Privacy.reset();
  NamesByFunction.clear();
}

void UnguardedDictNextCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  listenFor<CallExpr>(*Finder, *this, Hub, "call", callsPyDictNext);
}

std::optional<std::string>
UnguardedDictNextCheck::wrapObstacle(const Stmt *Loop, const CallExpr *Call,
                                     ASTContext &Ctx, SourceLocation &At) {
  const SourceManager &SM = Ctx.getSourceManager();
  const Expr *Dict = Call->getArg(0);
  At = Loop->getBeginLoc();
  if (Loop->getBeginLoc().isMacroID() || !endOfStatement(Loop, Ctx))
    return "the loop is written inside a macro";
  if (!firstParent(DynTypedNode::create(*Loop), Ctx).get<CompoundStmt>())
    return "the loop is not a statement of a block (it is the body of an "
           "'if', 'else' or loop without braces, or follows a label); add "
           "braces around it, then wrap it in Py_BEGIN_CRITICAL_SECTION";
  At = Dict->getBeginLoc();
  if (Dict->getBeginLoc().isMacroID() || Dict->getEndLoc().isMacroID())
    return "the dict expression is spelled inside a macro; store the dict in "
           "a local variable and iterate over that";
  if (Dict->HasSideEffects(Ctx))
    return "the dict expression has side effects (or calls a function) and "
           "would be evaluated twice; store the dict in a local variable and "
           "iterate over that";
  if (const VarDecl *V = variableDeclaredIn(Loop, Dict, Ctx)) {
    At = V->getLocation();
    return "the dict expression uses a variable declared in the loop "
           "statement, which does not exist before it";
  }
  if (const Stmt *W = writeToDictExpression(Loop, Dict, Ctx)) {
    At = W->getBeginLoc();
    return "the loop changes what the dict expression refers to, so the "
           "section would lock another object";
  }
  // Code this build skipped may leave the loop on the other build.
  SourceRegion Region = SourceRegion::of(Loop, SM);
  for (const ConditionalBranches::SkippedText &B :
       Branches->liveUserSkippedTexts()) {
    if (!Region.contains(B.Range.getBegin(), SM))
      continue;
    llvm::StringRef Text = B.Text;
    for (llvm::StringRef Word :
         {"return", "goto", "break", "continue", "throw", "longjmp"})
      if (findIdentifier(Text, Word) != llvm::StringRef::npos) {
        At = B.Range.getBegin();
        return ("the loop holds an #if branch this build does not compile "
                "that may leave the loop ('" +
                Word + "'); the fix would be right for one build only")
            .str();
      }
  }
  if (const Stmt *Body = innermostFunction(Loop, Ctx).Body)
    if (const Stmt *J = jumpInto(Loop, Body, Ctx)) {
      At = J->getBeginLoc();
      return "control jumps into the loop from here, past where the section "
             "would begin";
    }
  return std::nullopt;
}

std::optional<std::string>
UnguardedDictNextCheck::planExits(const Stmt *Loop, llvm::StringRef Indent,
                                  llvm::ArrayRef<std::string> Releases,
                                  ASTContext &Ctx, LoopExitRewrite &Out,
                                  SourceLocation &At) {
  llvm::SmallVector<RegionExit, 2> Exits = exitsFrom(Loop, Ctx);
  if (Exits.empty())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  const RegionExit &First = Exits.front();
  At = First.S->getBeginLoc();
  std::string Leaves =
      ("'" + First.spelling() + "' at line " +
       std::to_string(SM.getExpansionLineNumber(First.S->getBeginLoc())) +
       " leaves the loop, so a critical section around it would be left "
       "without Py_END_CRITICAL_SECTION(); set a flag and 'break' out of the "
       "loop instead, then act on the flag after the section")
          .str();
  for (const RegionExit &X : Exits)
    if (!Tracker.enclosing(X.S->getBeginLoc(), Ctx).empty()) {
      At = X.S->getBeginLoc();
      return Leaves + " (not done automatically: the '" + X.spelling().str() +
             "' at line " + std::to_string(SM.getExpansionLineNumber(At)) +
             " is inside another critical section)";
    }
  const Stmt *Body = innermostFunction(Loop, Ctx).Body;
  if (!Body)
    return Leaves;
  std::unique_ptr<FreshNames> &Names = NamesByFunction[Body];
  if (!Names)
    Names = std::make_unique<FreshNames>(Body, Ctx);
  std::string Why;
  SourceLocation WhyAt;
  std::optional<LoopExitRewrite> Rewrite =
      planLoopExitFlag(Loop, Exits, Ctx, *Names, Indent, Releases, Why,
                       WhyAt);
  if (!Rewrite) {
    At = WhyAt.isValid() ? WhyAt : At;
    return Leaves + " (not done automatically: " + Why + ")";
  }
  Out = std::move(*Rewrite);
  return std::nullopt;
}

void UnguardedDictNextCheck::noteBorrowedReturns(const Stmt *Loop,
                                                 const CallExpr *Call,
                                                 ASTContext &Ctx) {
  const VarDecl *Key = addressedVariable(Call->getArg(2));
  const VarDecl *Value = addressedVariable(Call->getArg(3));
  if (!Key && !Value)
    return;
  for (const RegionExit &X : exitsFrom(Loop, Ctx)) {
    const auto *Ret = dyn_cast<ReturnStmt>(X.S);
    if (!Ret || !Ret->getRetValue())
      continue;
    BodyScanner Scan(Key, Value);
    Scan.TraverseStmt(const_cast<Expr *>(Ret->getRetValue()));
    if (Scan.Uses.empty() || isMadeStrong(Scan.Uses.front(), Ctx))
      continue;
    diag(Ret->getBeginLoc(),
         "the value returned here uses '%0', borrowed from the dict, after "
         "the critical section has ended; return a strong reference "
         "(Py_NewRef(%0)) and check the callers' ownership",
         DiagnosticIDs::Note)
        << Scan.Uses.front()->getDecl()->getName();
  }
}

FixPlan UnguardedDictNextCheck::planWrap(const CallExpr *Call,
                                         const Stmt *Loop, ASTContext &Ctx,
                                         llvm::ArrayRef<std::string> Releases,
                                         SourceLocation &NoteLoc) {
  const VarDecl *Pos = addressedVariable(Call->getArg(1));
  if (!Pos || !Pos->hasLocalStorage() || isa<ParmVarDecl>(Pos)) {
    NoteLoc = Call->getArg(1)->getBeginLoc();
    return FixPlan::none(
        "the iteration position is kept outside this function's locals, so "
        "the iteration spans several calls and no single critical section "
        "can cover it; hold a critical section on the dict around each step "
        "and take strong references (Py_NewRef) to the key and value before "
        "it ends");
  }
  if (!Loop) {
    NoteLoc = Call->getBeginLoc();
    return FixPlan::none(
        "this PyDict_Next call is not the condition of a while, for or do "
        "loop; put the whole iteration inside Py_BEGIN_CRITICAL_SECTION on "
        "the dict by hand");
  }
  if (std::optional<std::string> Why =
          wrapObstacle(Loop, Call, Ctx, NoteLoc))
    return FixPlan::none(*Why);
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::StringRef Indent =
      lineIndentation(SM.getExpansionLoc(Loop->getBeginLoc()), SM);
  LoopExitRewrite Exits;
  if (std::optional<std::string> Why =
          planExits(Loop, Indent, Releases, Ctx, Exits, NoteLoc))
    return FixPlan::none(*Why);
  std::string Dict = writtenText(Call->getArg(0), Ctx).str();
  FixPlan P;
  P.Edits.push_back(FixItHint::CreateInsertion(
      Loop->getBeginLoc(),
      (Exits.Before + dictSection().Name + "(" + Dict + ");\n" + Indent)
          .str()));
  P.Edits.push_back(FixItHint::CreateInsertion(
      *endOfStatement(Loop, Ctx),
      ("\n" + Indent + dictSection().Closer + ";" + Exits.After).str()));
  for (FixItHint &Edit : Exits.Edits)
    P.Edits.push_back(std::move(Edit));
  NoteLoc = Loop->getBeginLoc();
  Compat.requireMacro(P, dictSection().Name, Loop->getBeginLoc(), Ctx);
  return P;
}

std::vector<UnguardedDictNextCheck::BorrowedAcross>
UnguardedDictNextCheck::borrowedAcrossCalls(const Stmt *Loop,
                                            const CallExpr *Call,
                                            ASTContext &Ctx) {
  std::vector<BorrowedAcross> Found;
  const VarDecl *Key = addressedVariable(Call->getArg(2));
  const VarDecl *Value = addressedVariable(Call->getArg(3));
  if (!Key && !Value)
    return Found;
  const Stmt *Body = loopBody(Loop);
  if (!Body)
    return Found;
  const SourceManager &SM = Ctx.getSourceManager();
  BodyScanner Scan(Key, Value);
  Scan.TraverseStmt(const_cast<Stmt *>(Body));
  auto Before = [&](const Stmt *A, const Stmt *B) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(A->getBeginLoc()),
                                        SM.getExpansionLoc(B->getBeginLoc()));
  };
  const CallExpr *First = nullptr;
  for (const CallExpr *CE : Scan.Calls)
    if (maySuspend(CE, Body, SM, Ctx.getLangOpts()) &&
        (!First || Before(CE, First)))
      First = CE;
  if (!First)
    return Found;
  for (const VarDecl *V : {Key, Value}) {
    if (!V)
      continue;
    bool Strong = false;
    const DeclRefExpr *Late = nullptr;
    for (const DeclRefExpr *U : Scan.Uses) {
      if (U->getDecl() != V)
        continue;
      if (Before(U, First)) {
        Strong |= isMadeStrong(U, Ctx);
      } else if (!Late || Before(U, Late)) {
        Late = U;
      }
    }
    if (!Strong && Late)
      Found.push_back({V, First});
  }
  return Found;
}

void UnguardedDictNextCheck::noteBorrowedAcrossCalls(
    llvm::ArrayRef<BorrowedAcross> Across, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  for (const BorrowedAcross &A : Across) {
    auto Names = callNames(A.First, SM, Ctx.getLangOpts());
    std::string Callee = !Names.empty() ? Names.back().str()
                         : A.First->getDirectCallee()
                             ? A.First->getDirectCallee()->getNameAsString()
                             : "a function pointer";
    diag(A.First->getBeginLoc(),
         "'%0' is borrowed from the dict and used after this call to %1 "
         "began, which can run Python code and suspend the critical section; "
         "another thread may then remove it from the dict: take a strong "
         "reference with Py_NewRef(%0) at the top of the loop body and release "
         "it at the end of each iteration",
         DiagnosticIDs::Note)
        << A.V->getName() << Callee;
  }
}

void UnguardedDictNextCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  ASTContext &Ctx = *Result.Context;
  const Expr *Dict = Call->getArg(0);

  if (Tracker.guarding(Dict, Ctx) ||
      Branches->neverFreeThreaded(Call->getBeginLoc()))
    return;
  if (Privacy.privacyAt(Dict, Call, Ctx).isPrivate())
    return;

  std::string DictText = writtenText(Dict, Ctx).str();
  if (DictText.empty())
    DictText = CriticalSectionTracker::normalizeObject(Dict, Ctx);
  const Stmt *Loop = loopConditionedBy(Call, Ctx);
  // Keys and values used across a call that can suspend the section are
  // held for the iteration, when the loop is wrapped and that is possible.
  std::vector<BorrowedAcross> Across;
  std::optional<IterationReferences> Refs;
  if (Loop)
    Across = borrowedAcrossCalls(Loop, Call, Ctx);
  if (!Across.empty()) {
    std::vector<const VarDecl *> Vars;
    for (const BorrowedAcross &A : Across)
      Vars.push_back(A.V);
    std::string Why;
    Refs = planIterationReferences(Loop, Vars, Ctx, Why);
  }
  SourceLocation NoteLoc;
  FixPlan Plan =
      planWrap(Call, Loop, Ctx,
               Refs ? llvm::ArrayRef<std::string>(Refs->Releases)
                    : llvm::ArrayRef<std::string>(),
               NoteLoc);
  if (Plan.hasFix() && Refs)
    for (FixItHint &Edit : Refs->Edits)
      Plan.Edits.push_back(std::move(Edit));
  mergeEditsAtSameLocation(Plan.Edits);
  {
    auto D = diag(Call->getBeginLoc(),
                  "PyDict_Next iterates over '%0' outside a critical section "
                  "on it; on the free-threaded build another thread can "
                  "change the dict and invalidate the borrowed keys and "
                  "values")
             << DictText;
    for (const FixItHint &Edit : Plan.Edits)
      D << Edit;
  }
  noteWhyNoFix(*this, NoteLoc, Plan);
  if (!Plan.hasFix() || !Refs)
    noteBorrowedAcrossCalls(Across, Ctx);
  if (Loop && Plan.hasFix())
    noteBorrowedReturns(Loop, Call, Ctx);
}

} // namespace clang::tidy::freethreading
