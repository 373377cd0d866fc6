//===--- CriticalSectionExitCheck.cpp - freethreading-critical-section-exit ===//

#include "checks/CriticalSectionExitCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// The statement a 'break' (\p IsBreak) or 'continue' at \p S transfers out
/// of, and the innermost function, lambda or block around \p S.
struct JumpContext {
  const Stmt *Target = nullptr;
  SourceLocation BodyBegin; ///< Start of the innermost function-like body.
};

JumpContext contextOf(const Stmt *S, bool IsBreak, ASTContext &Ctx) {
  JumpContext Result;
  DynTypedNodeList Parents = Ctx.getParents(*S);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (const auto *PS = P.get<Stmt>()) {
      if (!Result.Target &&
          (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(PS) ||
           (IsBreak && isa<SwitchStmt>(PS))))
        Result.Target = PS;
      if (isa<LambdaExpr, BlockExpr>(PS)) {
        Result.BodyBegin = PS->getBeginLoc();
        return Result;
      }
    } else if (const auto *D = P.get<Decl>()) {
      if (isa<FunctionDecl, ObjCMethodDecl, BlockDecl>(D)) {
        Result.BodyBegin = D->getBeginLoc();
        return Result;
      }
    }
    Parents = Ctx.getParents(P);
  }
  return Result;
}

} // namespace

CriticalSectionExitCheck::CriticalSectionExitCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void CriticalSectionExitCheck::registerPPCallbacks(const SourceManager &,
                                                   Preprocessor *PP,
                                                   Preprocessor *) {
  Tracker.registerPreprocessor(PP);
}

void CriticalSectionExitCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      stmt(anyOf(returnStmt(), gotoStmt(), breakStmt(), continueStmt()))
          .bind("exit"),
      this);
}

void CriticalSectionExitCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Exit = Result.Nodes.getNodeAs<Stmt>("exit");
  ASTContext &Ctx = *Result.Context;
  const SourceManager &SM = *Result.SourceManager;

  auto Enclosing = Tracker.enclosing(Exit->getBeginLoc(), Ctx);
  if (Enclosing.empty())
    return;

  const bool IsBreak = isa<BreakStmt>(Exit);
  JumpContext Jump = contextOf(Exit, IsBreak, Ctx);

  // The outermost section the statement leaves: 'return' leaves every
  // enclosing section of its own function; 'goto', 'break' and 'continue'
  // leave those that do not contain their destination.
  const CriticalSection *Left = nullptr;
  for (const CriticalSection *S : Enclosing) { // innermost first
    // A section around a lambda or block is not left by its 'return'.
    if (Jump.BodyBegin.isValid() &&
        SM.isBeforeInTranslationUnit(S->Begin,
                                     SM.getExpansionLoc(Jump.BodyBegin)))
      continue;
    bool Leaves = false;
    if (isa<ReturnStmt>(Exit)) {
      Leaves = true;
    } else if (const auto *Goto = dyn_cast<GotoStmt>(Exit)) {
      const LabelStmt *Label = Goto->getLabel()->getStmt();
      Leaves = Label && !S->contains(Label->getBeginLoc(), SM);
    } else {
      // break/continue leave the section when their loop (or switch)
      // encloses the BEGIN.
      Leaves = Jump.Target && !S->contains(Jump.Target->getBeginLoc(), SM);
    }
    if (Leaves)
      Left = S;
  }
  if (!Left)
    return;

  StringRef Kind = isa<ReturnStmt>(Exit)  ? "return"
                   : isa<GotoStmt>(Exit) ? "goto"
                   : IsBreak             ? "break"
                                         : "continue";
  diag(Exit->getBeginLoc(),
       "'%0' leaves the critical section of %1 without reaching %2; on the "
       "free-threaded build the lock stays held")
      << Kind << Left->Opener << Left->Closer;
  diag(Left->Begin, "critical section begins here", DiagnosticIDs::Note);
  if (isa<ReturnStmt>(Exit))
    diag(Exit->getBeginLoc(),
         "store the result in a variable and return after %0",
         DiagnosticIDs::Note)
        << Left->Closer;
  else
    diag(Exit->getBeginLoc(),
         "set a flag, leave the section normally, and act on the flag after %0",
         DiagnosticIDs::Note)
        << Left->Closer;
}

} // namespace clang::tidy::freethreading
