//===--- APIUseCollector.cpp ----------------------------------------------===//

#include "lib/APIUseCollector.h"
#include "lib/MacroHub.h"
#include "clang/Lex/MacroInfo.h"

namespace clang::tidy::freethreading {

namespace {

/// The calls APIUseCollector::addCall keeps: the direct callee's name is one
/// \p Collector wants. Testing in the hub's matcher spares every other call
/// of the unit a callback.
bool callsCollectedAPI(const CallExpr &Call, const APIUseCollector &Collector) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD && FD->getIdentifier() && Collector.wants(FD->getName());
}

/// A parenthesized expression that a macro wrote (what a macro-only API
/// spelling expands to).
bool isWrittenByMacro(const ParenExpr &Paren) {
  return Paren.getBeginLoc().isMacroID();
}

} // namespace

void APIUseCollector::registerPreprocessor(Preprocessor *PP) {
  const SourceManager &SM = PP->getSourceManager();
  MacroHub::listen(
      *PP, Wanted,
      [this, &SM](const Token &Name, const MacroDefinition &MD,
                  SourceRange Range, const MacroArgs *) {
        const MacroInfo *MI = MD.getMacroInfo();
        if (MI && MI->isFunctionLike())
          addMacroUse(Name.getIdentifierInfo()->getName(),
                      SM.getFileLoc(Range.getBegin()));
      });
}

void recordAPIUses(ast_matchers::MatchFinder &Finder, NodeHubMembership &Hub,
                   APIUseCollector &Collector, MacroParenIndex &Parens) {
  listenFor<CallExpr>(
      Finder, Hub,
      [&Collector](const CallExpr &Call, ASTContext &) {
        return callsCollectedAPI(Call, Collector);
      },
      [&Collector](const CallExpr &Call, ASTContext &Ctx) {
        Collector.addCall(&Call, Ctx.getSourceManager());
      });
  listenFor<ParenExpr>(
      Finder, Hub,
      [](const ParenExpr &Paren, ASTContext &) {
        return isWrittenByMacro(Paren);
      },
      [&Parens](const ParenExpr &Paren, ASTContext &) { Parens.add(&Paren); });
}

void APIUseCollector::addMacroUse(llvm::StringRef Name, SourceLocation Loc) {
  if (!Wanted(Name))
    return;
  APIUse &U = Uses[Loc];
  U.Name = Name;
  U.Loc = Loc;
  U.ViaMacro = true;
}

void APIUseCollector::addCall(const CallExpr *Call, const SourceManager &SM) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier() || !Wanted(FD->getName()))
    return;
  SourceLocation Loc = SM.getFileLoc(Call->getCallee()->getExprLoc());
  auto It = Uses.find(Loc);
  // A casting wrapper macro around a static inline of the same name: one use.
  if (It != Uses.end() && It->second.Name == FD->getName()) {
    It->second.Call = Call;
    return;
  }
  if (It != Uses.end())
    return; // Another API's macro expands to this call; that one is the use.
  APIUse &U = Uses[Loc];
  U.Name = FD->getName();
  U.Loc = Loc;
  U.Call = Call;
}

std::vector<APIUse> APIUseCollector::uses() const {
  std::vector<APIUse> Result;
  for (const auto &Entry : Uses)
    Result.push_back(Entry.second);
  return Result;
}

} // namespace clang::tidy::freethreading
