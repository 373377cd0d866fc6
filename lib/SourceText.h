//===--- SourceText.h - the user's text of ranges, lines and calls --------===//
//
// What a fix reads from the file before it writes: the text of a range, the
// file range of an AST node, a token's spelling, the line around a
// location, and a call lexed as written (`NAME ( arg , arg )`).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_SOURCETEXT_H
#define FT_TIDY_LIB_SOURCETEXT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// The text of the file char range \p R (empty when \p R is invalid).
llvm::StringRef textOf(CharSourceRange R, const ASTContext &Ctx);

/// The file char range of the tokens \p SR, when all of them are spelled in
/// one file outside macro definitions (a whole macro expansion counts as its
/// invocation); invalid otherwise.
CharSourceRange fileRange(SourceRange SR, const ASTContext &Ctx);

/// fileRange of the statement (or expression) \p S.
CharSourceRange fileRange(const Stmt *S, const ASTContext &Ctx);

/// The text of \p S as written (see fileRange), or empty.
llvm::StringRef writtenText(const Stmt *S, const ASTContext &Ctx);

/// True when the unit entered a file named \p FileName (its last path
/// component), asked of the SourceManager's files.
bool unitIncludesFile(llvm::StringRef FileName, const SourceManager &SM);

/// \p Text without blanks, so that `Py_INCREF( x )` reads `Py_INCREF(x)`.
std::string withoutBlanks(llvm::StringRef Text);

/// The offset of the first \p Word in \p Text, at \p From or after, that is
/// a whole identifier (no letter, digit or '_' either side), or npos.
size_t findIdentifier(llvm::StringRef Text, llvm::StringRef Word,
                      size_t From = 0);

/// The spelling of the token at the file location \p Loc (empty when it
/// cannot be read).
std::string tokenSpelling(SourceLocation Loc, const ASTContext &Ctx);

/// The outermost expression inside \p Root (\p Root included, pre-order)
/// whose first and last tokens are spelled at \p Tokens' begin and end:
/// what the user wrote there, under the casts of the macros around it.
const Expr *exprSpelledAt(const Expr *Root, SourceRange Tokens,
                          const SourceManager &SM);

/// The text of the line that holds the file location \p Loc, without its
/// line break.
llvm::StringRef lineText(SourceLocation Loc, const SourceManager &SM);

/// A call as written in the file: `Name ( arg , arg )`.
struct WrittenCall {
  SourceLocation NameLoc;
  SourceLocation RParen;
  /// Each argument's text, comments between tokens included.
  llvm::SmallVector<std::string, 3> Args;
  /// Each argument's first and last tokens.
  llvm::SmallVector<SourceRange, 3> ArgTokens;

  CharSourceRange range() const {
    return CharSourceRange::getTokenRange(NameLoc, RParen);
  }
  /// "Name(arg, arg)" with the arguments of this call.
  std::string withName(llvm::StringRef Name) const;
};

/// Lexes the call whose name token is at the file location \p NameLoc;
/// nullopt when no parenthesized argument list follows the name.
std::optional<WrittenCall> lexCall(SourceLocation NameLoc,
                                   const ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_SOURCETEXT_H
