//===--- StatementText.cpp ------------------------------------------------===//

#include "lib/StatementText.h"
#include "clang/AST/Expr.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::freethreading {

namespace {

/// The text of Loc's line up to Loc.
llvm::StringRef linePrefix(SourceLocation Loc, const SourceManager &SM) {
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return {};
  llvm::StringRef Before = Buffer.take_front(Pos.second);
  size_t NL = Before.find_last_of("\n\r");
  return NL == llvm::StringRef::npos ? Before : Before.drop_front(NL + 1);
}

/// Statements whose last token is not their ';'.
bool endsWithSemicolon(const Stmt *S) {
  if (isa<CompoundStmt, IfStmt, WhileStmt, ForStmt, SwitchStmt,
          CXXForRangeStmt, CXXTryStmt, LabelStmt, CaseStmt, DefaultStmt>(S))
    return false;
  return true;
}

} // namespace

llvm::StringRef lineIndentation(SourceLocation Loc, const SourceManager &SM) {
  llvm::StringRef Prefix = linePrefix(Loc, SM);
  return Prefix.take_while([](char C) { return C == ' ' || C == '\t'; });
}

bool startsLine(SourceLocation Loc, const SourceManager &SM) {
  return linePrefix(Loc, SM).trim(" \t").empty();
}

SourceLocation afterOptionalSemicolon(SourceLocation Last, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  SourceLocation After =
      Lexer::findLocationAfterToken(Last, tok::semi, SM, LO, false);
  if (After.isValid())
    return After;
  return Lexer::getLocForEndOfToken(Last, 0, SM, LO);
}

std::optional<SourceLocation> endOfStatement(const Stmt *S, ASTContext &Ctx) {
  // The statement that decides how the text ends: for compound-headed
  // statements (while, for, if...) their innermost last sub-statement.
  const Stmt *Last = S;
  while (true) {
    if (const auto *W = dyn_cast<WhileStmt>(Last))
      Last = W->getBody();
    else if (const auto *F = dyn_cast<ForStmt>(Last))
      Last = F->getBody();
    else if (const auto *R = dyn_cast<CXXForRangeStmt>(Last))
      Last = R->getBody();
    else if (const auto *I = dyn_cast<IfStmt>(Last))
      Last = I->getElse() ? I->getElse() : I->getThen();
    else if (const auto *L = dyn_cast<LabelStmt>(Last))
      Last = L->getSubStmt();
    else
      break;
  }
  if (S->getBeginLoc().isMacroID() || Last->getEndLoc().isMacroID())
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  if (isa<CompoundStmt>(Last) || !endsWithSemicolon(Last))
    return Lexer::getLocForEndOfToken(Last->getEndLoc(), 0, SM,
                                      Ctx.getLangOpts());
  SourceLocation After = Lexer::findLocationAfterToken(
      Last->getEndLoc(), tok::semi, SM, Ctx.getLangOpts(), false);
  if (After.isInvalid())
    return std::nullopt;
  return After;
}

std::optional<CharSourceRange> statementText(const Stmt *S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!isa<Expr, DeclStmt>(S))
    return std::nullopt;
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(S->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Range.isInvalid())
    return std::nullopt;
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(Range.getBegin());
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(Range.getEnd());
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(B.first, &Invalid);
  if (Invalid || B.first != E.first || E.second == 0)
    return std::nullopt;
  // A declaration statement's last token is its ';'; an expression's ';'
  // follows it.
  size_t End = E.second;
  if (!isa<DeclStmt>(S)) {
    End = Buffer.find_first_not_of(" \t\r\n", End);
    if (End == llvm::StringRef::npos)
      return std::nullopt;
    ++End;
  }
  if (Buffer[End - 1] != ';')
    return std::nullopt;
  SourceLocation FileStart = SM.getLocForStartOfFile(B.first);
  return CharSourceRange::getCharRange(Range.getBegin(),
                                       FileStart.getLocWithOffset(End));
}

std::optional<FixItHint> removeStatementLine(const Stmt *S, ASTContext &Ctx) {
  std::optional<CharSourceRange> R = statementText(S, Ctx);
  if (!R)
    return std::nullopt;
  return removeTextLine(R->getBegin(), R->getEnd(), Ctx.getSourceManager());
}

FixItHint removeTextLine(SourceLocation Begin, SourceLocation End,
                         const SourceManager &SM, LineEndBlanks Blanks) {
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(Begin);
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(End);
  llvm::StringRef Buffer = SM.getBufferData(B.first);
  size_t LineStart = Buffer.rfind('\n', B.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Buffer.find('\n', E.second);
  llvm::StringRef TrailingBlanks =
      Blanks == LineEndBlanks::WithCarriageReturn ? " \t\r" : " \t";
  bool OnlyBefore = Buffer.slice(LineStart, B.second).trim(" \t").empty();
  bool OnlyAfter = LineEnd != llvm::StringRef::npos &&
                   Buffer.slice(E.second, LineEnd).trim(TrailingBlanks).empty();
  SourceLocation FileStart = SM.getLocForStartOfFile(B.first);
  if (OnlyBefore && OnlyAfter && LineStart > 0)
    // From the line break before the line to its last character: the
    // removal does not reach into the next line, whatever edits it.
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        FileStart.getLocWithOffset(LineStart - 1),
        FileStart.getLocWithOffset(LineEnd)));
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(Begin, End));
}

SourceLocation afterSemicolon(SourceLocation CharEnd, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(CharEnd);
  llvm::StringRef Buffer = SM.getBufferData(Pos.first);
  size_t I = Pos.second;
  while (I < Buffer.size() && llvm::StringRef(" \t\r\n").contains(Buffer[I]))
    ++I;
  if (I >= Buffer.size() || Buffer[I] != ';')
    return SourceLocation();
  return CharEnd.getLocWithOffset(I + 1 - Pos.second);
}

} // namespace clang::tidy::freethreading
