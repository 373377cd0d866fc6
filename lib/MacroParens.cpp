//===--- MacroParens.cpp --------------------------------------------------===//

#include "lib/MacroParens.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::freethreading {

void MacroParenIndex::forEachBeginningAt(
    const llvm::DenseSet<SourceLocation> &Keys, const ASTContext &Ctx,
    llvm::function_ref<void(const ParenExpr *, CharSourceRange)> Visit)
    const {
  if (Keys.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const ParenExpr *Paren : Parens) {
    SourceLocation Begin = Paren->getBeginLoc();
    // When '(' comes from a macro's body (not from an argument the user
    // wrote), makeFileCharRange can only begin the range where the
    // outermost expansion begins: it climbs the expansion starts, as
    // getExpansionLoc does. So a paren whose expansion begins elsewhere
    // cannot match, and costs no lexing.
    if (Begin.isMacroID() && !SM.isMacroArgExpansion(Begin) &&
        !Keys.contains(SM.getExpansionLoc(Begin)))
      continue;
    CharSourceRange R = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(Paren->getSourceRange()), SM,
        Ctx.getLangOpts());
    if (R.isValid() && Keys.contains(R.getBegin()))
      Visit(Paren, R);
  }
}

} // namespace clang::tidy::freethreading
