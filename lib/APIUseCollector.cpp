//===--- APIUseCollector.cpp ----------------------------------------------===//

#include "lib/APIUseCollector.h"
#include "lib/MacroHub.h"
#include "clang/Lex/MacroInfo.h"

namespace clang::tidy::freethreading {

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
