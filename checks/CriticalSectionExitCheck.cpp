//===--- CriticalSectionExitCheck.cpp - freethreading-critical-section-exit ===//

#include "checks/CriticalSectionExitCheck.h"
#include "lib/UserCodeScope.h"
#include "lib/Parents.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "lib/ResultVariable.h"
#include "lib/RegionExits.h"
#include "lib/StatementText.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// Names tried, in order, for the variable that carries the result.
constexpr llvm::StringRef ResultNames[] = {"result", "cs_result"};

} // namespace

CriticalSectionExitCheck::CriticalSectionExitCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

void CriticalSectionExitCheck::registerPPCallbacks(const SourceManager &,
                                                   Preprocessor *PP,
                                                   Preprocessor *) {
  Tracker.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
  FunctionsWithResultVar.clear();
}

void CriticalSectionExitCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  // One matcher per statement class: the finder dispatches on the node's
  // class, so these run only on the exits themselves, whereas a single
  // stmt(anyOf(...)) would be tried on every statement of the translation
  // unit (including every element of large static tables).
  auto InSection = insideCriticalSection(&Tracker);
  Finder->addMatcher(returnStmt(InSection).bind("exit"), this);
  Finder->addMatcher(gotoStmt(InSection).bind("exit"), this);
  Finder->addMatcher(breakStmt(InSection).bind("exit"), this);
  Finder->addMatcher(continueStmt(InSection).bind("exit"), this);
}

FixPlan
CriticalSectionExitCheck::moveReturnAfterEnd(const ReturnStmt *Ret,
                                             const CriticalSection &Section,
                                             ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The 'return' keyword is replaced: it must be written in the file, and
  // the statement must not end inside a macro (a macro use as the whole
  // value, like Py_NewRef(x), is fine).
  // A section held on one build only: the moved return would land in that
  // build's branch.
  if (!Section.FromMacro || Section.Conditional || !Ret->getRetValue() ||
      Ret->getBeginLoc().isMacroID() ||
      Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(Ret->getSourceRange()), SM,
          Ctx.getLangOpts())
          .isInvalid())
    return {};

  // The return must sit directly in the section's own block, as its last
  // statement before the END: then every path that completes the section
  // normally has run it, and nothing between it and the END runs.
  DynTypedNodeList Parents = parentsOf(*Ret, Ctx);
  const auto *Block = Parents.empty() ? nullptr : Parents[0].get<CompoundStmt>();
  if (!Block || !Block->getLBracLoc().isMacroID() ||
      SM.getExpansionLoc(Block->getLBracLoc()) != Section.Begin)
    return {};
  auto It = llvm::find(Block->body(), Ret);
  if (It == Block->body_end())
    return {};
  for (++It; It != Block->body_end(); ++It) // Only what the END expands to.
    if (!(*It)->getBeginLoc().isMacroID() ||
        SM.getExpansionRange((*It)->getBeginLoc()).getEnd() != Section.End)
      return {};

  // The section is a statement of an ordinary block: declarations can go
  // before it and the return after it in the same scope.
  DynTypedNodeList Outer = parentsOf(*Block, Ctx);
  if (Outer.empty() || !Outer[0].get<CompoundStmt>())
    return {};
  if (!startsLine(Section.Begin, SM))
    return {};

  const Decl *Fn = innermostFunction(Ret, Ctx).D;
  if (!Fn || FunctionsWithResultVar.count(Fn))
    return {};
  QualType RetType;
  if (const auto *FD = dyn_cast<FunctionDecl>(Fn))
    RetType = FD->getReturnType();
  else
    return {}; // Blocks: their return type is not written anywhere.
  std::optional<ResultVariableType> Result = resultVariableType(RetType, Ctx);
  if (!Result)
    return {};
  llvm::StringRef Name;
  FreshNames Names(innermostFunction(Ret, Ctx).Body, Ctx);
  for (llvm::StringRef Candidate : ResultNames)
    if (Names.isFree(Candidate)) {
      Name = Candidate;
      break;
    }
  if (Name.empty())
    return {};

  SourceLocation EndAfter = afterOptionalSemicolon(Section.End, Ctx);
  if (EndAfter.isMacroID())
    return {};
  std::string Decl =
      Result->declaration(Name) + "\n" + lineIndentation(Section.Begin, SM).str();
  FunctionsWithResultVar.insert(Fn);
  SourceLocation ReturnKw = Ret->getBeginLoc();
  FixPlan Plan;
  Plan.Edits = {
      FixItHint::CreateInsertion(Section.Begin, Decl),
      FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(ReturnKw, ReturnKw),
          (Name + " =").str()),
      FixItHint::CreateInsertion(
          EndAfter, ("\n" + lineIndentation(Section.End, SM) + "return " +
                     Name + ";")
                        .str()),
  };
  return Plan;
}

void CriticalSectionExitCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *Exit = Result.Nodes.getNodeAs<Stmt>("exit");
  ASTContext &Ctx = *Result.Context;

  auto Enclosing = Tracker.enclosing(Exit->getBeginLoc(), Ctx);
  if (Enclosing.empty() || Branches->neverFreeThreaded(Exit->getBeginLoc()))
    return; // no section, or one compiled only where it is a plain block

  // The outermost section the statement leaves.
  const CriticalSection *Left = nullptr;
  unsigned LeftCount = 0;
  for (const CriticalSection *S : Enclosing) // innermost first
    if (leavesRegion(Exit, SourceRegion{S->Begin, S->End}, Ctx)) {
      Left = S;
      ++LeftCount;
    }
  if (!Left)
    return;

  StringRef Kind = exitKind(Exit) ? RegionExit{Exit, *exitKind(Exit)}.spelling()
                                  : "goto";
  const auto *Ret = dyn_cast<ReturnStmt>(Exit);
  FixPlan Fix;
  if (Ret && LeftCount == 1)
    Fix = moveReturnAfterEnd(Ret, *Left, Ctx);

  {
    auto D = diag(Exit->getBeginLoc(),
                  "'%0' leaves the critical section of %1 without reaching "
                  "%2; on the free-threaded build the lock stays held")
             << Kind << Left->Opener << Left->Closer;
    for (const FixItHint &H : Fix.Edits)
      D << H;
  }
  diag(Left->Begin, "critical section begins here", DiagnosticIDs::Note);
  if (Fix.hasFix())
    return;
  if (Ret)
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
