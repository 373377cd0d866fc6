//===--- EnclosingFunction.h - which function holds this statement? ------===//
//
// One answer, for every check, to "in which function is this statement?",
// with the two policies the checks need: the innermost function-like body
// (a lambda or block is its own function: its returns are its own), or the
// named function, climbing out of lambdas and blocks (what runs when the
// function is called, as for module initialization).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_ENCLOSINGFUNCTION_H
#define FT_TIDY_LIB_ENCLOSINGFUNCTION_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"

namespace clang::tidy::freethreading {

/// The innermost function, lambda or block around a statement.
struct InnermostFunction {
  /// A FunctionDecl (a lambda's call operator included) or a BlockDecl;
  /// nullptr at file scope (a global's initializer).
  const Decl *D = nullptr;
  /// Its body.
  const Stmt *Body = nullptr;
  /// True for a lambda or a block.
  bool IsLambdaOrBlock = false;

  explicit operator bool() const { return D != nullptr; }
  /// The function declaration, or nullptr for a block or at file scope.
  const FunctionDecl *function() const {
    return llvm::dyn_cast_or_null<FunctionDecl>(D);
  }
};

/// The innermost function, lambda or block whose code holds \p S.
InnermostFunction innermostFunction(const Stmt *S, ASTContext &Ctx);

/// The named function whose code holds \p S, climbing out of lambdas and
/// blocks; nullptr at file scope.
const FunctionDecl *outermostFunction(const Stmt *S, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_ENCLOSINGFUNCTION_H
