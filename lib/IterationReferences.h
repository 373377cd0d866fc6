//===--- IterationReferences.h - strong references for one loop iteration -===//
//
// The edits that hold a strong reference to some variables for one
// iteration of a loop body: an increment at the top of the body, and a
// release before every 'break' and 'continue' of the loop and at the end of
// the body. Used by unguarded-dict-next for the borrowed keys and values of
// a PyDict_Next loop whose body calls something that can suspend the
// critical section; the exits that leave the function are the caller's (the
// flag-and-break rewrite writes the releases there).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_ITERATIONREFERENCES_H
#define FT_TIDY_LIB_ITERATIONREFERENCES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/ArrayRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// What holding the references takes.
struct IterationReferences {
  /// The increment at the top and the releases at 'break', 'continue' and
  /// the end of the body.
  std::vector<FixItHint> Edits;
  /// The release statements ("Py_XDECREF(value);"), for the exits the
  /// caller rewrites.
  std::vector<std::string> Releases;
};

/// The edits that make \p Vars strong for each iteration of \p Loop (a
/// 'while' or 'for' loop with a braced body), or nullopt with the reason in
/// \p Why: the body is not a braced block written in the file, has a goto
/// label, assigns or takes the address of one of \p Vars, or has a 'break'
/// or 'continue' of the loop spelled inside a macro; a 'do' loop (its body
/// runs before the first step).
std::optional<IterationReferences>
planIterationReferences(const Stmt *Loop, llvm::ArrayRef<const VarDecl *> Vars,
                        ASTContext &Ctx, std::string &Why);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_ITERATIONREFERENCES_H
