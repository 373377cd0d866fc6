//===--- LoopExitFlag.h - a loop's exits turned into a flag and 'break' ---===//
//
// The flag-and-break rewrite that lets a loop be wrapped in a critical
// section although its body leaves the function by 'return' or 'goto': each
// such exit sets a flag (and, for a computed return value, a result
// variable) and breaks out of the loop; right after the section's END the
// flag selects the original exit. Used by freethreading-unguarded-dict-next.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_LOOPEXITFLAG_H
#define FT_TIDY_LIB_LOOPEXITFLAG_H

#include "lib/FreshName.h"
#include "lib/RegionExits.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// The text of the flag-and-break rewrite of one loop.
struct LoopExitRewrite {
  /// The exits, each replaced by the flag's assignment and 'break'.
  std::vector<FixItHint> Edits;
  /// Declarations of the flag (and result variable), each followed by a
  /// line break and the loop's indentation: written before the BEGIN.
  std::string Before;
  /// The tests of the flag, each on a line of its own (a line break and
  /// the loop's indentation first): written after the END.
  std::string After;
};

/// The flag-and-break rewrite of \p Exits, the statements that leave
/// \p Loop (lib/RegionExits' exitsFrom), with the new names taken from
/// \p Names and the tests indented by \p Indent. nullopt with the reason in
/// \p Why (and where it applies in \p At) when some exit cannot be
/// rewritten exactly: a 'throw' or longjmp, a computed goto, an exit inside
/// a loop or switch nested in \p Loop (where 'break' leaves that one), an
/// exit spelled inside a macro (other than a whole-statement macro such as
/// Py_RETURN_NONE whose value reads no variable), a computed return value
/// of a type no local can plainly hold, or, in C++, a jump (a goto, a case
/// label) over the new declarations.
/// \p Releases are statements each exit runs before setting the flag (the
/// releases of references held for the iteration, lib/IterationReferences).
std::optional<LoopExitRewrite>
planLoopExitFlag(const Stmt *Loop, llvm::ArrayRef<RegionExit> Exits,
                 ASTContext &Ctx, FreshNames &Names, llvm::StringRef Indent,
                 llvm::ArrayRef<std::string> Releases, std::string &Why,
                 SourceLocation &At);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_LOOPEXITFLAG_H
