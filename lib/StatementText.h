//===--- StatementText.h - where a fix can put text around a statement ----===//
//
// Where fixes that insert, wrap or remove statements put their text: the
// indentation of a line, the location after a statement's ';', and the
// removal of a statement with its line.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_STATEMENTTEXT_H
#define FT_TIDY_LIB_STATEMENTTEXT_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/Diagnostic.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include <optional>

namespace clang::tidy::freethreading {

/// The whitespace that starts the line of the file location \p Loc.
llvm::StringRef lineIndentation(SourceLocation Loc, const SourceManager &SM);

/// True when only whitespace precedes the file location \p Loc on its line.
bool startsLine(SourceLocation Loc, const SourceManager &SM);

/// The file location just past the last character of \p S, its ';'
/// included for statements that end with one (expression, null, return,
/// do-while...). nullopt when \p S starts or ends inside a macro expansion.
std::optional<SourceLocation> endOfStatement(const Stmt *S, ASTContext &Ctx);

/// The file location just past the ';' that follows the token at \p Last
/// (a file location), or just past that token when no ';' follows it.
SourceLocation afterOptionalSemicolon(SourceLocation Last, ASTContext &Ctx);

/// The file location just past the ';' that follows the file location
/// \p CharEnd (the end of a char range) after blanks only; invalid when
/// anything else comes first.
SourceLocation afterSemicolon(SourceLocation CharEnd, const ASTContext &Ctx);

/// The file text of the statement \p S (an expression or declaration
/// statement) with its ';', a statement written by a macro use included
/// (`Py_INCREF(x);`). nullopt when \p S is not all written in one file.
std::optional<CharSourceRange> statementText(const Stmt *S, ASTContext &Ctx);

/// A removal of the statement \p S (an expression or declaration statement)
/// with its ';', and of its whole line (indentation and line break too) when
/// nothing else is written on it. nullopt when \p S is not all written in
/// one file outside macro expansions.
std::optional<FixItHint> removeStatementLine(const Stmt *S, ASTContext &Ctx);

/// How a removal treats a carriage return after the removed text.
enum class LineEndBlanks {
  SpacesAndTabs,     ///< Only ' ' and '\t' may follow on the line.
  WithCarriageReturn ///< '\r' may follow too (CRLF files).
};

/// A removal of the file text [\p Begin, \p End), and of its whole line
/// (indentation and line break too) when nothing else is written on it.
FixItHint
removeTextLine(SourceLocation Begin, SourceLocation End,
               const SourceManager &SM,
               LineEndBlanks Blanks = LineEndBlanks::WithCarriageReturn);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_STATEMENTTEXT_H
