//===--- ConditionalStructure.cpp - a file's #if tree, read from its text -===//

#include "lib/ConditionalStructure.h"
#include <algorithm>

namespace clang::tidy::freethreading {

ConditionalStructure::ConditionalStructure(FileID File,
                                           const SourceManager &SM,
                                           const LangOptions &LangOpts)
    : File(File), FileStart(SM.getLocForStartOfFile(File)),
      LangOpts(LangOpts), Text(SM.getBufferOrFake(File).getBuffer()) {
  classifyCharacters();
  scanDirectives();
}

llvm::ArrayRef<RawToken> ConditionalStructure::tokensFrom(unsigned Offset) {
  constexpr size_t Before = 4;
  size_t R = std::upper_bound(ResumePoints.begin(), ResumePoints.end(),
                              Offset) -
             ResumePoints.begin();
  R = R == 0 ? 0 : R - 1;
  while (true) {
    lexFrom(ResumePoints[R]);
    if (R == 0 || tokenAt(Offset) >= Before)
      return Tokens;
    --R;
  }
}

size_t ConditionalStructure::tokenAt(unsigned Offset) const {
  return std::lower_bound(Tokens.begin(), Tokens.end(), Offset,
                          [](const RawToken &T, unsigned O) {
                            return T.Offset < O;
                          }) -
         Tokens.begin();
}

SmallVector<size_t, 2> ConditionalStructure::occurrences(StringRef Name,
                                                         unsigned Begin,
                                                         unsigned End) {
  ArrayRef<RawToken> T = tokensFrom(Begin);
  SmallVector<size_t, 2> Found;
  for (size_t I = tokenAt(Begin); I < T.size() && T[I].Offset <= End; ++I)
    if (!T[I].InDirective && T[I].Text == Name &&
        T[I].Kind == tok::raw_identifier)
      Found.push_back(I);
  return Found;
}

int ConditionalStructure::branchAt(unsigned Offset) const {
  int Found = -1;
  for (size_t I = 0; I < Branches.size(); ++I) {
    if (Branches[I].Begin > Offset)
      break;
    if (Offset < Branches[I].End)
      Found = I;
  }
  return Found;
}

bool ConditionalStructure::within(int Inner, int Outer) const {
  for (int B = Inner;; B = Branches[B].Parent) {
    if (B == Outer)
      return true;
    if (B < 0)
      return false;
  }
}

GuardFacts ConditionalStructure::factsAt(unsigned Offset) const {
  GuardFacts F;
  for (int B = branchAt(Offset); B >= 0; B = Branches[B].Parent)
    F = F | Branches[B].Facts;
  return F;
}

unsigned ConditionalStructure::lineStart(unsigned Offset) const {
  size_t NL = Text.rfind('\n', Offset == 0 ? 0 : Offset - 1);
  return (NL == StringRef::npos || Offset == 0) ? 0 : NL + 1;
}

unsigned ConditionalStructure::nextLineStart(unsigned Offset) const {
  size_t NL = Text.find('\n', Offset);
  return NL == StringRef::npos ? Text.size() : NL + 1;
}

StringRef ConditionalStructure::indentation(unsigned Offset) const {
  StringRef Line = Text.substr(lineStart(Offset));
  return Line.take_while([](char C) { return C == ' ' || C == '\t'; });
}

bool ConditionalStructure::firstOnLine(unsigned Offset) const {
  unsigned Start = lineStart(Offset);
  return Start + indentation(Offset).size() == Offset;
}

bool ConditionalStructure::lastOnLine(size_t I) const {
  return I + 1 >= Tokens.size() || Tokens[I + 1].StartOfLine;
}

/// The token \p L has just lexed. The lexer gives buffer positions, so the
/// offset needs no SourceManager lookup.
RawToken ConditionalStructure::rawToken(const Token &T, Lexer &L) const {
  unsigned Offset = L.getCurrentBufferOffset() - T.getLength();
  return {Offset,     T.getLength(),       T.getKind(),
          T.isAtStartOfLine(), false, Text.substr(Offset, T.getLength())};
}

/// Lexes the directives of the file into Branches, passing over the lines
/// that cannot matter, and records where lexing may resume.
void ConditionalStructure::scanDirectives() {
  Lexer L(FileStart, LangOpts, Text.begin(), Text.begin(), Text.end());
  unsigned Pos = L.getCurrentBufferOffset(); // After a byte order mark.
  std::vector<OpenConditional> Open;
  SmallVector<RawToken, 8> Directive;
  Token T;
  auto ResumeAt = [&](unsigned Offset) {
    if (ResumePoints.empty() || ResumePoints.back() != Offset)
      ResumePoints.push_back(Offset);
  };
  ResumeAt(Pos);
  while (Pos < Text.size()) {
    // Pos starts a line outside any comment, literal or continuation.
    ResumeAt(Pos);
    if (unsigned Next = plainLineEnd(Pos, true)) {
      Pos = Next;
      continue;
    }
    L.seek(Pos, /*IsAtStartOfLine=*/true);
    L.LexFromRawLexer(T);
    // T is the first token of a line (or the end of the file).
    while (true) {
      if (T.is(tok::eof))
        return;
      unsigned Offset = L.getCurrentBufferOffset() - T.getLength();
      ResumeAt(Offset);
      if (T.is(tok::hash)) {
        Directive.clear();
        for (L.LexFromRawLexer(T); T.isNot(tok::eof) && !T.isAtStartOfLine();
             L.LexFromRawLexer(T))
          Directive.push_back(rawToken(T, L));
        directive(Offset, Directive, Open);
        continue;
      }
      if (unsigned Next = plainLineEnd(Offset, false)) {
        Pos = Next;
        break;
      }
      do
        L.LexFromRawLexer(T);
      while (T.isNot(tok::eof) && !T.isAtStartOfLine());
    }
  }
}

void ConditionalStructure::classifyCharacters() {
  for (unsigned C = 0; C < 256; ++C)
    Classes[C] = C >= 0x80 || (C < 0x20 && C != '\t' && C != '\f' &&
                               C != '\v')
                     ? Hard
                     : Plain;
  Classes['\n'] = Classes['\r'] = LineEnd;
  Classes['\\'] = Splice;
  if (LangOpts.Trigraphs)
    Classes['?'] = Splice;
  Classes['/'] = Slash;
  Classes['"'] = Classes['\''] = Quote;
}

/// When the line from \p From on lexes without comments or literals that
/// could go on to the next line, and without a backslash or anything else
/// the raw lexer could read differently from this scan, the offset where
/// the next line starts; otherwise 0. With \p LineStart, a line whose first
/// token could be '#' (or '%:', or come after a comment) is not plain
/// either. Whatever is not plain is left to the lexer.
unsigned ConditionalStructure::plainLineEnd(unsigned From,
                                            bool LineStart) const {
  if (LangOpts.TraditionalCPP || LangOpts.AsmPreprocessor)
    return 0;
  // The buffer ends with a NUL, a Hard character: no bounds checks needed
  // until one is met.
  const char *P = Text.begin() + From, *End = Text.end();
  auto After = [&](const char *Q) { return Q + 1 - Text.begin(); };
  if (LineStart) {
    while (*P == ' ' || *P == '\t' || *P == '\f' || *P == '\v')
      ++P;
    if (*P == '#' || *P == '%' || (P[0] == '/' && P[1] == '*'))
      return 0;
  }
  while (true) {
    while (classOf(P) == Plain)
      ++P;
    switch (classOf(P)) {
    case Plain:
    case Splice:
      return 0;
    case Hard:
      return P == End ? Text.size() : 0;
    case LineEnd:
      return After(P);
    case Slash:
      if (P[1] == '/') {
        // A line comment, to the end of the line unless spliced on.
        if (!LangOpts.LineComment)
          return 0;
        for (P += 2; P != End; ++P) {
          if (classOf(P) == LineEnd)
            return After(P);
          if (classOf(P) == Splice)
            return 0;
        }
        return Text.size();
      }
      if (P[1] == '*') {
        // A block comment closed on this line: the first '*/' closes it.
        for (P += 2; !(P[0] == '*' && P[1] == '/'); ++P)
          if (P == End || classOf(P) == LineEnd)
            return 0;
        ++P;
      }
      ++P;
      break;
    case Quote: {
      // A literal closed on this line, without escapes. Not a raw string
      // (R"...", which may span lines), nor a quote that could be a digit
      // separator or follow a prefix: what comes before must end a token.
      if (P != Text.begin() &&
          !StringRef(" \t\f\v\n\r(,=[{:;!<>&|^~*%?)]}").contains(P[-1]))
        return 0;
      char Close = *P;
      for (++P; *P != Close; ++P)
        if (P == End || classOf(P) == LineEnd || classOf(P) == Splice)
          return 0;
      ++P;
      break;
    }
    }
  }
}

/// Adds the branch that the directive at \p Here opens, or closes one.
/// \p Toks are the directive's tokens after the '#'.
void ConditionalStructure::directive(unsigned Here, ArrayRef<RawToken> Toks,
               std::vector<OpenConditional> &Stack) {
  if (Toks.empty())
    return;
  StringRef Name = Toks[0].Text;
  ArrayRef<RawToken> Cond = Toks.drop_front();
  // '#ifdef X' is '#if defined X'.
  auto Defined = [&](bool Negate) {
    if (Cond.size() != 1)
      return ConditionFacts{};
    RawToken Spelled[] = {Cond[0], Cond[0]};
    Spelled[0].Text = "defined";
    Spelled[0].Kind = tok::raw_identifier;
    ConditionFacts F = conditionFacts(Spelled);
    return Negate ? F.negated() : F;
  };
  // A branch's parent is the current branch of the enclosing
  // conditional, not an earlier branch of its own.
  auto Start = [&](ConditionFacts F, GuardFacts Before, size_t Depth) {
    int Parent = Depth == 0 ? -1 : Stack[Depth - 1].Branch;
    Branches.push_back({Here, static_cast<unsigned>(Text.size()), Parent,
                        Before | F.WhenTrue});
    return static_cast<int>(Branches.size() - 1);
  };
  if (Name == "if" || Name == "ifdef" || Name == "ifndef") {
    ConditionFacts F = Name == "if" ? conditionFacts(Cond)
                                    : Defined(Name == "ifndef");
    int B = Start(F, {}, Stack.size());
    Stack.push_back({B, F.WhenFalse});
  } else if (Stack.empty()) {
    return; // An unbalanced directive: leave the tree as it is.
  } else if (Name == "elif" || Name == "elifdef" || Name == "elifndef" ||
             Name == "else") {
    OpenConditional &O = Stack.back();
    Branches[O.Branch].End = Here;
    ConditionFacts F;
    if (Name == "elif")
      F = conditionFacts(Cond);
    else if (Name != "else")
      F = Defined(Name == "elifndef");
    O.Branch = Start(F, O.PreviousFalse, Stack.size() - 1);
    O.PreviousFalse = O.PreviousFalse | F.WhenFalse;
  } else if (Name == "endif") {
    Branches[Stack.back().Branch].End = Here;
    Stack.pop_back();
  }
}

/// Makes tokens() start at resume point \p Start or before: lexes from
/// there up to the tokens lexed already (or to the end of the file).
void ConditionalStructure::lexFrom(unsigned Start) {
  if (Lexed && Start >= TokensStart)
    return;
  unsigned Stop = Lexed ? TokensStart : Text.size() + 1;
  Lexer L(FileStart, LangOpts, Text.begin(), Text.begin() + Start,
          Text.end());
  std::vector<RawToken> Front;
  bool InDirective = false;
  Token T;
  for (L.LexFromRawLexer(T); T.isNot(tok::eof); L.LexFromRawLexer(T)) {
    RawToken R = rawToken(T, L);
    if (R.Offset >= Stop)
      break;
    if (R.StartOfLine)
      InDirective = T.is(tok::hash);
    R.InDirective = InDirective;
    Front.push_back(R);
  }
  Tokens.insert(Tokens.begin(), Front.begin(), Front.end());
  TokensStart = Start;
  Lexed = true;
}

size_t matchingClose(ArrayRef<RawToken> T, size_t Open) {
  int Depth = 0;
  for (size_t I = Open; I < T.size(); ++I) {
    if (T[I].Kind == tok::l_paren || T[I].Kind == tok::l_brace ||
        T[I].Kind == tok::l_square)
      ++Depth;
    else if (T[I].Kind == tok::r_paren || T[I].Kind == tok::r_brace ||
             T[I].Kind == tok::r_square)
      if (--Depth == 0)
        return I;
  }
  return StringRef::npos;
}

size_t statementEnd(ArrayRef<RawToken> T, size_t From) {
  for (size_t I = From; I < T.size(); ++I) {
    if (T[I].InDirective || T[I].Kind == tok::r_paren ||
        T[I].Kind == tok::r_brace || T[I].Kind == tok::r_square)
      return StringRef::npos;
    if (T[I].Kind == tok::semi)
      return I;
    if (T[I].Kind == tok::l_paren || T[I].Kind == tok::l_brace ||
        T[I].Kind == tok::l_square) {
      I = matchingClose(T, I);
      if (I == StringRef::npos)
        return I;
    }
  }
  return StringRef::npos;
}

} // namespace clang::tidy::freethreading
