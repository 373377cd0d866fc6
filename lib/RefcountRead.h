//===--- RefcountRead.h - reads of an object's reference count -----------===//
//
// Whether an expression reads a reference count as the user spelled it
// (Py_REFCNT(x) in either header form, or the ob_refcnt field, also where the
// free-threaded build has no such field); reads inside CPython's own macros
// are not the user's.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_REFCOUNTREAD_H
#define FT_TIDY_LIB_REFCOUNTREAD_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "lib/CPythonAPI.h"
#include "lib/PythonHeaders.h"
#include "llvm/Support/Path.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// One read of a reference count, located where the user wrote it.
struct RefcountRead {
  enum ReadKind {
    Macro, ///< Py_REFCNT(x)
    Field, ///< x->ob_refcnt or s.ob_refcnt
  };
  ReadKind Kind = Macro;
  /// The object as the user wrote it: the argument of Py_REFCNT with the
  /// headers' own casts removed, or the base of the field access.
  const Expr *Object = nullptr;
  /// Field: true for 'x->ob_refcnt', false for 's.ob_refcnt'.
  bool Arrow = true;
  /// The Py_REFCNT or ob_refcnt token, at its spelling location.
  SourceLocation NameLoc;
  /// The whole read as a range of the user's file; invalid when part of it is
  /// spelled inside a macro definition.
  CharSourceRange FileRange;
};

namespace refcount_detail {

/// True for the record type struct _object (PyObject), by value.
inline bool isPyObjectRecord(QualType T) {
  if (T.isNull())
    return false;
  if (const auto *RD = T.getCanonicalType()->getAsRecordDecl())
    return RD->getName() == objectRecordName();
  return false;
}

/// \p E with parentheses, implicit casts and the casts spelled by the Python
/// headers (_PyObject_CAST) removed.
inline const Expr *stripHeaderCasts(const Expr *E, const SourceManager &SM) {
  E = E->IgnoreParenImpCasts();
  while (const auto *Cast = dyn_cast<ExplicitCastExpr>(E)) {
    if (spelledByUser(Cast->getBeginLoc(), SM))
      break;
    E = Cast->getSubExpr()->IgnoreParenImpCasts();
  }
  return E;
}

/// The text of the token at \p Loc (spelling location).
inline StringRef tokenText(SourceLocation Loc, const SourceManager &SM,
                           const LangOptions &LO) {
  SourceLocation S = SM.getSpellingLoc(Loc);
  return Lexer::getSourceText(CharSourceRange::getTokenRange(S, S), SM, LO);
}

/// The invocation of the user-spelled macro \p Macro (Py_REFCNT,
/// Py_SET_REFCNT) that produced \p Loc, as a token range one level up;
/// invalid when there is none.
inline CharSourceRange userMacroInvocation(SourceLocation Loc,
                                           llvm::StringRef Macro,
                                           const SourceManager &SM,
                                           const LangOptions &LO) {
  while (Loc.isMacroID()) {
    if (SM.isMacroArgExpansion(Loc)) {
      Loc = SM.getImmediateSpellingLoc(Loc);
      continue;
    }
    StringRef Name = Lexer::getImmediateMacroName(Loc, SM, LO);
    CharSourceRange Invocation = SM.getImmediateExpansionRange(Loc);
    if (Name == Macro)
      return spelledByUser(Invocation.getBegin(), SM) ? Invocation
                                                      : CharSourceRange();
    Loc = Invocation.getBegin();
  }
  return CharSourceRange();
}

} // namespace refcount_detail

/// The reference-count function (lib/CPythonAPI.def) with role \p Role that
/// \p Call calls, or nullptr.
inline const RefcountFunction *refcountCallee(const CallExpr *Call,
                                              RefcountRole Role) {
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return nullptr;
  const RefcountFunction *F = findRefcountFunction(FD->getName());
  return F && F->Role == Role ? F : nullptr;
}

/// The value of \p E when it is an integer constant expression (a literal,
/// an enumerator, a macro over one) that fits in 64 bits.
inline std::optional<int64_t> integerConstantOf(const Expr *E,
                                                const ASTContext &Ctx) {
  if (E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  std::optional<llvm::APSInt> V = E->getIntegerConstantExpr(Ctx);
  if (!V || V->getSignificantBits() > 64)
    return std::nullopt;
  return V->getExtValue();
}

/// A cheap necessary condition for asRefcountRead(\p E): \p E (parentheses
/// and implicit casts around it ignored) is an access to a field named
/// ob_refcnt, a recovery expression, or a call of Py_REFCNT. Matchers use it
/// to leave every other operand alone.
inline bool mayBeRefcountRead(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->getMemberDecl()->getName() == refcountField();
  if (isa<RecoveryExpr>(E))
    return true;
  const auto *Call = dyn_cast<CallExpr>(E);
  return Call && refcountCallee(Call, RefcountRole::Read);
}

/// The reference-count read that \p E is (parentheses and implicit casts
/// around it ignored), or std::nullopt.
inline std::optional<RefcountRead> asRefcountRead(const Expr *E,
                                                  ASTContext &Ctx) {
  using namespace refcount_detail;
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  E = E->IgnoreParenImpCasts();

  // The field, as a member access or (free-threaded headers) a recovery
  // expression ending in the ob_refcnt token.
  const Expr *Base = nullptr;
  SourceLocation FieldLoc;
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    if (ME->getMemberDecl()->getName() == refcountField()) {
      Base = ME->getBase();
      FieldLoc = ME->getMemberLoc();
    }
  } else if (const auto *RE = dyn_cast<RecoveryExpr>(E)) {
    if (RE->subExpressions().size() == 1 &&
        tokenText(RE->getEndLoc(), SM, LO) == refcountField()) {
      Base = RE->subExpressions()[0];
      FieldLoc = RE->getEndLoc();
    }
  }
  if (Base) {
    QualType BaseType = Base->getType();
    bool Arrow = BaseType->isPointerType();
    if (!isPyObjectRecord(Arrow ? BaseType->getPointeeType() : BaseType))
      return std::nullopt;
    if (spelledByUser(FieldLoc, SM)) {
      RefcountRead R;
      R.Kind = RefcountRead::Field;
      R.Object = Base;
      R.Arrow = Arrow;
      R.NameLoc = SM.getSpellingLoc(FieldLoc);
      R.FileRange = Lexer::makeFileCharRange(
          CharSourceRange::getTokenRange(E->getSourceRange()), SM, LO);
      return R;
    }
    // Spelled by the headers: the old Py_REFCNT macro, handled below.
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    if (!refcountCallee(Call, RefcountRole::Read) || Call->getNumArgs() != 1)
      return std::nullopt;
    Base = Call->getArg(0);
  } else {
    return std::nullopt;
  }

  CharSourceRange Invocation =
      userMacroInvocation(E->getBeginLoc(), refcountMacro(RefcountRole::Read),
                          SM, LO);
  if (Invocation.isInvalid())
    return std::nullopt;
  RefcountRead R;
  R.Kind = RefcountRead::Macro;
  R.Object = stripHeaderCasts(Base, SM);
  R.NameLoc = SM.getSpellingLoc(Invocation.getBegin());
  if (Invocation.getBegin().isFileID() && Invocation.getEnd().isFileID())
    R.FileRange = Invocation;
  return R;
}

/// The object of \p R as text of the user's file, converted to the pointer
/// Py_REFCNT() takes: "x" for x->ob_refcnt or Py_REFCNT(x), "&s" for
/// s.ob_refcnt. Empty when the text is not all in the user's file.
inline std::string refcountObjectText(const RefcountRead &R, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  if (R.FileRange.isInvalid())
    return "";
  if (R.Kind == RefcountRead::Macro) {
    // Py_REFCNT ( <argument> ): the argument as written.
    StringRef Text = Lexer::getSourceText(R.FileRange, SM, LO).trim();
    if (!Text.consume_front(refcountMacro(RefcountRole::Read)))
      return "";
    Text = Text.trim();
    if (!Text.consume_front("(") || !Text.consume_back(")"))
      return "";
    return Text.trim().str();
  }
  // ((PyObject *)x)->ob_refcnt: the object is "(PyObject *)x".
  const Expr *Inner = R.Object->IgnoreParens();
  CharSourceRange BaseRange = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Inner->getSourceRange()), SM, LO);
  if (BaseRange.isInvalid())
    return "";
  std::string Base = Lexer::getSourceText(BaseRange, SM, LO).trim().str();
  if (R.Arrow)
    return Base;
  bool Postfix = isa<DeclRefExpr, MemberExpr, ArraySubscriptExpr>(Inner);
  return Postfix ? "&" + Base : "&(" + Base + ")";
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_REFCOUNTREAD_H
