//===--- ResultVariable.h - a local that carries a function's result ------===//
//
// The declaration of a new local that holds a value a 'return' would have
// returned, for fixes that move the 'return' after the end of a critical
// section (critical-section-exit, and the flag-and-break rewrite of
// unguarded-dict-next).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_RESULTVARIABLE_H
#define FT_TIDY_LIB_RESULTVARIABLE_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Type.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// How to declare a local of a function's return type.
struct ResultVariableType {
  std::string Type; ///< The type as written ("PyObject *", "int").
  std::string Zero; ///< Its initial value ("NULL", "nullptr" or "0").

  /// "Type Name = Zero;", with no blank after a '*'.
  std::string declaration(llvm::StringRef Name) const;
};

/// The declaration of a local of type \p T when it is a scalar whose zero
/// value can be written plainly: a pointer, a non-enum integer or a real
/// floating type; nullopt for references, enums, classes, pointers to
/// functions or arrays (whose declarator wraps the name), and dependent or
/// undeduced types.
std::optional<ResultVariableType> resultVariableType(QualType T,
                                                     ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_RESULTVARIABLE_H
