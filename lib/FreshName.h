//===--- FreshName.h - names a fix-it can introduce safely ----------------===//
//
// Answers "may a fix-it declare a new local of this name here?": the name must
// not be declared or referenced anywhere in the enclosing function body, not
// name one of its parameters or a member of the class of a member function,
// not be declared at file scope, and not be a macro. Used by fixes that add a
// temporary (a membership-test result, a saved return value).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FRESHNAME_H
#define FT_TIDY_LIB_FRESHNAME_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <string>

namespace clang::tidy::freethreading {

/// The names a function body declares or refers to, for freshness queries.
class FreshNames {
public:
  /// Collects the names used in \p Body (a function, block or lambda body).
  FreshNames(const Stmt *Body, ASTContext &Ctx);

  /// True when \p Name is not used in the body, not a parameter or (in a
  /// member function) a class member, not declared at file scope and not
  /// defined as a macro.
  bool isFree(llvm::StringRef Name) const;

  /// \p Base when it is free, else the first free `Base_1`, `Base_2`, ...
  /// The name returned is reserved: a later call does not return it again.
  std::string fresh(llvm::StringRef Base);

private:
  llvm::StringSet<> Used;
  ASTContext &Ctx;
};

/// Forgets the file-scope names collected for the last unit (called when a
/// unit starts, with resetParents()).
void resetFileScopeNames();

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FRESHNAME_H
