//===--- ConditionalStructure.h - a file's #if tree, read from its text ---===//
//
// A file's #if branches and what each guarantees, read from its text (skipped
// branches too), and its raw tokens where asked for.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_CONDITIONALSTRUCTURE_H
#define FT_TIDY_LIB_CONDITIONALSTRUCTURE_H

#include "lib/PreprocessorConditions.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::freethreading {

/// The tree of one file's conditional branches, and its raw tokens from
/// wherever a caller needs them to the end of the file.
///
/// Only the lines that could be a directive, or change how the next line
/// lexes, are lexed to build the tree; lexing for tokens resumes at the
/// nearest line start (outside comments, literals and continuations) before
/// the offset asked for, and sees what lexing the whole file would.
class ConditionalStructure {
public:
  ConditionalStructure(FileID File, const SourceManager &SM,
                       const LangOptions &LangOpts);

  FileID file() const { return File; }
  llvm::StringRef text() const { return Text; }

  /// The raw tokens from a line at or before \p Offset to the end of the file,
  /// with at least four tokens before \p Offset when the file has them (the
  /// callers look back that far). Asking for an earlier offset than before
  /// lexes more; indices into tokens() obtained before are then stale.
  llvm::ArrayRef<RawToken> tokensFrom(unsigned Offset);

  /// The tokens lexed so far (see tokensFrom).
  llvm::ArrayRef<RawToken> tokens() const { return Tokens; }

  /// Index in tokens() of the first token at or after \p Offset.
  size_t tokenAt(unsigned Offset) const;

  /// Indices in tokens() of identifier \p Name in [Begin, End], outside
  /// directives (lexing from Begin first).
  llvm::SmallVector<size_t, 2> occurrences(llvm::StringRef Name,
                                           unsigned Begin, unsigned End);

  /// The innermost branch containing \p Offset, or -1.
  int branchAt(unsigned Offset) const;

  /// True when branch \p Outer is \p Inner or one of its ancestors (-1 is
  /// the unconditional top level).
  bool within(int Inner, int Outer) const;

  /// What holds for the build wherever \p Offset is compiled.
  GuardFacts factsAt(unsigned Offset) const;

  unsigned lineStart(unsigned Offset) const;
  /// The offset just after the newline that ends the line of \p Offset.
  unsigned nextLineStart(unsigned Offset) const;
  /// The spaces and tabs that begin the line of \p Offset.
  llvm::StringRef indentation(unsigned Offset) const;
  /// Nothing but blanks before \p Offset on its line.
  bool firstOnLine(unsigned Offset) const;
  /// The token at index \p I of tokens() is the last one on its line
  /// (comments aside).
  bool lastOnLine(size_t I) const;

private:
  struct Branch {
    unsigned Begin, End; ///< From its directive to the next one of its level.
    int Parent;
    GuardFacts Facts;
  };
  struct OpenConditional {
    int Branch;
    GuardFacts PreviousFalse; ///< Every earlier condition was false.
  };
  /// How plainLineEnd reads a character outside comments and literals.
  enum CharClass : uint8_t {
    Plain,   ///< Nothing that could reach the next line.
    LineEnd, ///< '\n' or '\r'.
    Splice,  ///< '\', or '?' with trigraphs ('?\?/'): may join lines.
    Slash,   ///< May start a comment.
    Quote,   ///< Starts a literal.
    Hard,    ///< Anything else for the lexer to judge: bytes beyond ASCII,
             ///< control characters (the buffer ends with a NUL).
  };

  RawToken rawToken(const Token &T, Lexer &L) const;
  void scanDirectives();
  void classifyCharacters();
  CharClass classOf(const char *P) const {
    return static_cast<CharClass>(Classes[static_cast<unsigned char>(*P)]);
  }
  unsigned plainLineEnd(unsigned From, bool LineStart) const;
  void directive(unsigned Here, llvm::ArrayRef<RawToken> Toks,
                 std::vector<OpenConditional> &Stack);
  void lexFrom(unsigned Start);

  FileID File;
  SourceLocation FileStart;
  const LangOptions &LangOpts;
  llvm::StringRef Text;
  std::vector<Branch> Branches; ///< In order of their directives.
  uint8_t Classes[256]; ///< CharClass of each character.
  /// Offsets, in order, where the raw lexer may start and see the tokens it
  /// would see lexing the file from its start: lines starting outside any
  /// comment, literal or continuation, and tokens that start a line.
  std::vector<unsigned> ResumePoints;
  /// The raw tokens from offset TokensStart to the end of the file, once
  /// Lexed.
  std::vector<RawToken> Tokens;
  unsigned TokensStart = 0;
  bool Lexed = false;
};

/// The index of the bracket closing the one at \p Open, or npos.
size_t matchingClose(llvm::ArrayRef<RawToken> T, size_t Open);

/// The index of the ';' that ends the statement going on at \p From, or
/// npos when a closing bracket or a directive comes first.
size_t statementEnd(llvm::ArrayRef<RawToken> T, size_t From);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_CONDITIONALSTRUCTURE_H
