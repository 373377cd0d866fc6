//===--- MacroParens.h - parentheses a macro wrote, by where they begin ---===//
//
// A macro-only API spelling (PyCell_GET, PyList_GET_ITEM before 3.13, the
// PySequence_Fast_* macros) has no call in the AST: it expands to a
// parenthesized expression. Checks find that expression by the file
// location where its user text begins, which is the location of the
// macro's name.
//
// Python.h's own macros (Py_INCREF's cast, Py_TYPE, every _PyObject_CAST)
// write thousands of such parentheses, and computing each one's file text
// range lexes. The index keeps the parentheses as they are matched and
// computes the ranges at the end of the unit only for those that can begin
// at a location the check asks about.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MACROPARENS_H
#define FT_TIDY_LIB_MACROPARENS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceLocation.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/FunctionExtras.h"
#include <vector>

namespace clang::tidy::freethreading {

class MacroParenIndex {
public:
  /// Records \p Paren (one whose '(' a macro wrote), in match order.
  void add(const ParenExpr *Paren) { Parens.push_back(Paren); }

  /// Calls \p Visit(Paren, FileRange), in the order the parentheses were
  /// added, for each one whose user text (Lexer::makeFileCharRange of its
  /// token range) is valid and begins at one of \p Keys.
  void forEachBeginningAt(
      const llvm::DenseSet<SourceLocation> &Keys, const ASTContext &Ctx,
      llvm::function_ref<void(const ParenExpr *, CharSourceRange)> Visit)
      const;

  void clear() { Parens.clear(); }

private:
  std::vector<const ParenExpr *> Parens;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MACROPARENS_H
