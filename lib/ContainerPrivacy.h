//===--- ContainerPrivacy.h - can another thread reach this container? ----===//
//
// Answers, for a container expression used by a call, whether another thread
// can reach the container at that point. Two cases are private (SPEC 4 and 5):
//   * a local variable whose value came from a container constructor in the
//     same function (PyList_New, PyDict_New, ...) and has not escaped before
//     the use: not stored, returned, passed to anything but the C-API's own
//     operations on that container, and its address not taken;
//   * the keyword-arguments dict of the function being called (a
//     METH_KEYWORDS function, tp_init or tp_new, by position, or a parameter
//     named kwds, kwargs or kw), unless it is stored elsewhere before the use.
// Everything else is shared. Uses are compared in source order; a use inside
// a loop also sees every escape anywhere in that loop (the next iteration).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_CONTAINERPRIVACY_H
#define FT_TIDY_LIB_CONTAINERPRIVACY_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::freethreading {

/// Why a container is, or is not, private to the function at a use.
enum class PrivacyKind {
  Shared,           ///< Another thread may reach it.
  FreshLocal,       ///< Made by a constructor in this function, not escaped.
  KeywordArguments, ///< The call's own keyword-arguments dict, not stored.
};

struct ContainerPrivacy {
  PrivacyKind Kind = PrivacyKind::Shared;
  /// The local variable or parameter the container expression names, if any.
  const VarDecl *Var = nullptr;
  /// When Var would be private but is shared at this use: the first
  /// expression (in source order) that shares it, for a note.
  const Expr *Escape = nullptr;
  /// For FreshLocal: the constructor that made it, e.g. "PyDict_New".
  llvm::StringRef Constructor;

  bool isPrivate() const { return Kind != PrivacyKind::Shared; }
};

class ContainerPrivacyAnalyzer {
public:
  /// Whether \p Container (an argument of \p Use) can be reached by another
  /// thread when \p Use runs. Parentheses and casts around it are ignored.
  ContainerPrivacy privacyAt(const Expr *Container, const Stmt *Use,
                             ASTContext &Ctx);

  /// True when \p P is the keyword-arguments dict of its function.
  bool isKeywordArgumentsParam(const ParmVarDecl *P, ASTContext &Ctx);

  /// Forget per-translation-unit state; call from registerPPCallbacks.
  void reset();

private:
  void collectKeywordFunctions(ASTContext &Ctx);

  /// Functions installed as METH_KEYWORDS methods, tp_init or tp_new.
  llvm::DenseSet<const FunctionDecl *> KeywordFunctions;
  bool Scanned = false;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_CONTAINERPRIVACY_H
