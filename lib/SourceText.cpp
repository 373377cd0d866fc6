//===--- SourceText.cpp ---------------------------------------------------===//

#include "lib/SourceText.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::freethreading {

llvm::StringRef textOf(CharSourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid())
    return "";
  return Lexer::getSourceText(R, Ctx.getSourceManager(), Ctx.getLangOpts());
}

CharSourceRange fileRange(SourceRange SR, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(SR),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

CharSourceRange fileRange(const Stmt *S, const ASTContext &Ctx) {
  return fileRange(S->getSourceRange(), Ctx);
}

llvm::StringRef writtenText(const Stmt *S, const ASTContext &Ctx) {
  return textOf(fileRange(S, Ctx), Ctx);
}

size_t findIdentifier(llvm::StringRef Text, llvm::StringRef Word,
                      size_t From) {
  auto IsIdent = [](char C) { return isAlphanumeric(C) || C == '_'; };
  for (size_t At = Text.find(Word, From); At != llvm::StringRef::npos;
       At = Text.find(Word, At + 1)) {
    const size_t End = At + Word.size();
    if ((At == 0 || !IsIdent(Text[At - 1])) &&
        (End >= Text.size() || !IsIdent(Text[End])))
      return At;
  }
  return llvm::StringRef::npos;
}

bool unitIncludesFile(llvm::StringRef FileName, const SourceManager &SM) {
  for (auto It = SM.fileinfo_begin(), End = SM.fileinfo_end(); It != End; ++It)
    if (llvm::sys::path::filename(It->first.getName()) == FileName)
      return true;
  return false;
}

std::string withoutBlanks(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::StringRef(" \t\r\n").contains(C))
      Out += C;
  return Out;
}

std::string tokenSpelling(SourceLocation Loc, const ASTContext &Ctx) {
  llvm::SmallString<32> Buf;
  bool Invalid = false;
  llvm::StringRef S = Lexer::getSpelling(Loc, Buf, Ctx.getSourceManager(),
                                         Ctx.getLangOpts(), &Invalid);
  return Invalid ? std::string() : S.str();
}

const Expr *exprSpelledAt(const Expr *Root, SourceRange Tokens,
                          const SourceManager &SM) {
  if (SM.getSpellingLoc(Root->getBeginLoc()) == Tokens.getBegin() &&
      SM.getSpellingLoc(Root->getEndLoc()) == Tokens.getEnd())
    return Root;
  for (const Stmt *Child : Root->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = exprSpelledAt(CE, Tokens, SM))
        return Found;
  return nullptr;
}

llvm::StringRef lineText(SourceLocation Loc, const SourceManager &SM) {
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return "";
  size_t Begin = Buffer.rfind('\n', Pos.second);
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  size_t End = Buffer.find('\n', Pos.second);
  return Buffer.slice(Begin, End);
}

std::string WrittenCall::withName(llvm::StringRef Name) const {
  std::string Out = (Name + "(").str();
  for (size_t I = 0; I < Args.size(); ++I)
    Out += (I ? ", " : "") + Args[I];
  return Out + ")";
}

namespace {

/// Collects the arguments of a call while its tokens are lexed.
class ArgumentSplitter {
public:
  ArgumentSplitter(WrittenCall &Call, const ASTContext &Ctx)
      : Call(Call), Ctx(Ctx) {}

  /// Takes one token inside the parentheses; false when it ends an empty
  /// argument (`f(a,,b)`).
  bool take(const Token &Tok) {
    if (Depth == 0 && Tok.is(tok::comma))
      return flush();
    if (Tok.isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
      ++Depth;
    else if (Tok.isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
      --Depth;
    if (Begin.isInvalid())
      Begin = Tok.getLocation();
    End = Tok.getLocation();
    return true;
  }
  bool atTopLevel() const { return Depth == 0; }
  /// Ends the argument list; false when it ends with an empty argument.
  bool finish() {
    if (!Call.Args.empty() || Begin.isValid())
      return flush();
    return true;
  }

private:
  bool flush() {
    if (Begin.isInvalid())
      return false;
    Call.Args.push_back(
        textOf(CharSourceRange::getTokenRange(Begin, End), Ctx).str());
    Call.ArgTokens.push_back(SourceRange(Begin, End));
    Begin = End = SourceLocation();
    return true;
  }

  WrittenCall &Call;
  const ASTContext &Ctx;
  int Depth = 0;
  SourceLocation Begin, End;
};

} // namespace

std::optional<WrittenCall> lexCall(SourceLocation NameLoc,
                                   const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!NameLoc.isFileID())
    return std::nullopt;
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(NameLoc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return std::nullopt;
  Lexer Lex(SM.getLocForStartOfFile(Pos.first), Ctx.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Pos.second, Buffer.end());
  Token Tok;
  Lex.LexFromRawLexer(Tok); // the name
  Lex.LexFromRawLexer(Tok);
  if (!Tok.is(tok::l_paren))
    return std::nullopt;
  WrittenCall Call;
  Call.NameLoc = NameLoc;
  ArgumentSplitter Args(Call, Ctx);
  while (true) {
    Lex.LexFromRawLexer(Tok);
    if (Tok.is(tok::eof))
      return std::nullopt;
    if (Tok.is(tok::comment))
      continue;
    if (Args.atTopLevel() && Tok.is(tok::r_paren)) {
      if (!Args.finish())
        return std::nullopt;
      Call.RParen = Tok.getLocation();
      return Call;
    }
    if (!Args.take(Tok))
      return std::nullopt;
  }
}

} // namespace clang::tidy::freethreading
