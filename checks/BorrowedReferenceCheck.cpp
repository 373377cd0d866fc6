//===--- BorrowedReferenceCheck.cpp - freethreading-borrowed-reference ----===//
//
// Finds the borrowed-reference APIs of lib/CPythonAPI.def, skips the safe
// cases (private containers, critical sections, noqa markers), and offers a
// fix-it for the shapes whose strong-reference rewrite is exact:
//   tier 1  the borrowed result is owned at once (Py_NewRef/Py_XNewRef
//           around the call, or Py_INCREF/Py_XINCREF right after it);
//   tier 3  the result is only tested against NULL (a membership test).
// Every other use gets the warning and a note saying why there is no fix.
//===----------------------------------------------------------------------===//

#include "checks/BorrowedReferenceCheck.h"
#include "lib/MacroHub.h"
#include "lib/Parents.h"
#include "lib/OptionValues.h"
#include "lib/UserCodeScope.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "lib/RegionExits.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/Support/Path.h"
#include <optional>

using namespace clang::ast_matchers;



namespace clang::tidy::freethreading {

namespace {

/// The borrowed APIs this check reports (PyDict_Next has its own check).
bool isReportedAPI(llvm::StringRef Name) {
  const BorrowedAPI *API = findBorrowedAPI(Name);
  return API && API->Protocol != ResultProtocol::CriticalSectionRequired;
}

//===--- Source text helpers ----------------------------------------------===//

/// True when \p FID is a file the user owns: not a system header, not a
/// Python header (named Python.h or included, directly or not, by one).
bool isUserFile(FileID FID, const SourceManager &SM) {
  if (FID.isInvalid())
    return false;
  for (FileID F = FID; F.isValid();) {
    OptionalFileEntryRef Entry = SM.getFileEntryRefForID(F);
    if (Entry && llvm::sys::path::filename(Entry->getName()) == "Python.h")
      return false;
    SourceLocation Inc = SM.getIncludeLoc(F);
    if (Inc.isInvalid())
      break;
    F = SM.getFileID(Inc);
  }
  return !SM.isInSystemHeader(SM.getLocForStartOfFile(FID));
}

/// Where to report the API's name: walking out of macro expansions, the
/// first location spelled in a user file: in a user macro's body, the macro
/// location (clang shows it at the macro's use with the "expanded from
/// macro" trail); in a macro argument, its spelling; else the file location.
SourceLocation visibleLoc(SourceLocation Raw, const SourceManager &SM) {
  SourceLocation L = Raw;
  while (L.isMacroID()) {
    // A macro location keeps clang's trail: the warning is shown at the
    // macro's use, with "expanded from macro" notes down to this spelling.
    SourceLocation Spelling = SM.getSpellingLoc(L);
    if (isUserFile(SM.getFileID(Spelling), SM))
      return SM.isMacroArgExpansion(L) ? Spelling : L;
    L = SM.getImmediateMacroCallerLoc(L);
  }
  return L;
}

/// The text of a file char range (empty when the range is invalid).
llvm::StringRef textOf(CharSourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid())
    return "";
  return Lexer::getSourceText(R, Ctx.getSourceManager(), Ctx.getLangOpts());
}

/// The user's text of \p S, when all of it is spelled in one file outside
/// any macro definition (a whole macro expansion counts as its invocation).
CharSourceRange fileRange(SourceRange SR, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(SR),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

/// The user's text of statement \p S (see fileRange); invalid when it is
/// not all spelled in one file outside macro definitions.
CharSourceRange stmtRange(const Stmt *S, const ASTContext &Ctx) {
  return fileRange(S->getSourceRange(), Ctx);
}

/// A call as the user spelled it: `Name ( arg , arg )`.
struct SpelledCall {
  SourceLocation NameLoc;
  SourceLocation RParen;
  llvm::SmallVector<std::string, 3> Args;
  CharSourceRange range() const {
    return CharSourceRange::getTokenRange(NameLoc, RParen);
  }
};

/// Lexes the call whose name token is at the file location \p NameLoc.
std::optional<SpelledCall> lexCall(SourceLocation NameLoc,
                                   const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (!NameLoc.isFileID())
    return std::nullopt;
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(NameLoc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return std::nullopt;
  Lexer Lex(SM.getLocForStartOfFile(Pos.first), Ctx.getLangOpts(),
            Buffer.begin(), Buffer.begin() + Pos.second, Buffer.end());
  Token Tok;
  Lex.LexFromRawLexer(Tok); // the name
  Lex.LexFromRawLexer(Tok);
  if (!Tok.is(tok::l_paren))
    return std::nullopt;
  SpelledCall Call;
  Call.NameLoc = NameLoc;
  int Depth = 0;
  SourceLocation ArgBegin, ArgEnd;
  auto FlushArg = [&]() -> bool {
    if (ArgBegin.isInvalid())
      return false;
    Call.Args.push_back(
        textOf(CharSourceRange::getTokenRange(ArgBegin, ArgEnd), Ctx).str());
    ArgBegin = ArgEnd = SourceLocation();
    return true;
  };
  while (true) {
    Lex.LexFromRawLexer(Tok);
    if (Tok.is(tok::eof))
      return std::nullopt;
    if (Tok.is(tok::comment))
      continue;
    if (Depth == 0 && Tok.is(tok::r_paren)) {
      if (!Call.Args.empty() || ArgBegin.isValid())
        if (!FlushArg())
          return std::nullopt;
      Call.RParen = Tok.getLocation();
      return Call;
    }
    if (Depth == 0 && Tok.is(tok::comma)) {
      if (!FlushArg())
        return std::nullopt;
      continue;
    }
    if (Tok.isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
      ++Depth;
    else if (Tok.isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
      --Depth;
    if (ArgBegin.isInvalid())
      ArgBegin = Tok.getLocation();
    ArgEnd = Tok.getLocation();
  }
}

/// The location just after the ';' that follows \p CharEnd (the end of a
/// file char range) past whitespace, or an invalid location.
SourceLocation afterSemicolon(SourceLocation CharEnd, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(CharEnd);
  llvm::StringRef Buffer = SM.getBufferData(Pos.first);
  size_t I = Pos.second;
  while (I < Buffer.size() && llvm::StringRef(" \t\r\n").contains(Buffer[I]))
    ++I;
  if (I >= Buffer.size() || Buffer[I] != ';')
    return SourceLocation();
  return CharEnd.getLocWithOffset(I + 1 - Pos.second);
}

/// The whitespace before the first token of the line of \p Loc.
std::string indentationOf(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(Pos.first);
  size_t LineStart = Buffer.rfind('\n', Pos.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  llvm::StringRef Line = Buffer.substr(LineStart, Pos.second - LineStart);
  return Line.substr(0, Line.find_first_not_of(" \t")).str();
}

/// The text of the line holding \p Loc.
llvm::StringRef lineText(SourceLocation Loc, const SourceManager &SM) {
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(Pos.first, &Invalid);
  if (Invalid)
    return "";
  size_t Begin = Buffer.rfind('\n', Pos.second);
  Begin = Begin == llvm::StringRef::npos ? 0 : Begin + 1;
  size_t End = Buffer.find('\n', Pos.second);
  return Buffer.slice(Begin, End);
}

/// A removal of the statement [\p Begin, \p EndAfterSemi): the whole line
/// (indentation and newline too) when nothing else is on it.
FixItHint removeStatement(SourceLocation Begin, SourceLocation EndAfterSemi,
                          const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(Begin);
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(EndAfterSemi);
  llvm::StringRef Buffer = SM.getBufferData(B.first);
  size_t LineStart = Buffer.rfind('\n', B.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Buffer.find('\n', E.second);
  bool AloneBefore =
      Buffer.slice(LineStart, B.second).find_first_not_of(" \t") ==
      llvm::StringRef::npos;
  bool AloneAfter = LineEnd != llvm::StringRef::npos &&
                    Buffer.slice(E.second, LineEnd).find_first_not_of(
                        " \t") == llvm::StringRef::npos;
  // The line goes from the newline before it to its last character, so that
  // the removal never ends at the start of the next line.
  if (AloneBefore && AloneAfter && LineStart > 0)
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        Begin.getLocWithOffset(-(int)(B.second - LineStart) - 1),
        EndAfterSemi.getLocWithOffset(LineEnd - E.second)));
  return FixItHint::CreateRemoval(
      CharSourceRange::getCharRange(Begin, EndAfterSemi));
}

/// Collapses whitespace so that texts compare token by token.
std::string squeeze(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (C != ' ' && C != '\t' && C != '\n' && C != '\r')
      Out += C;
  return Out;
}

//===--- AST helpers -------------------------------------------------------===//

/// Skips parentheses, implicit casts and explicit casts to pointer types
/// (`(PyObject *)`, `static_cast<PyObject *>`, _PyObject_CAST).
const Expr *ignoreTransparent(const Expr *E) {
  while (true) {
    const Expr *Next = E->IgnoreParenImpCasts();
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(Next))
      if (Cast->getType()->isPointerType())
        Next = Cast->getSubExpr();
    if (const auto *EWC = dyn_cast<ExprWithCleanups>(Next))
      Next = EWC->getSubExpr();
    if (Next == E)
      return E;
    E = Next;
  }
}

/// The single parent of \p N, if any.
DynTypedNode parentOf(const DynTypedNode &N, ASTContext &Ctx) {
  DynTypedNodeList Parents = parentsOf(N, Ctx);
  return Parents.empty() ? DynTypedNode() : Parents[0];
}

/// Walks up from \p E through transparent nodes (see ignoreTransparent);
/// returns the outermost transparent expression and sets \p Parent to the
/// node above it.
const Expr *climbTransparent(const Expr *E, DynTypedNode &Parent,
                             ASTContext &Ctx) {
  while (true) {
    Parent = parentOf(DynTypedNode::create(*E), Ctx);
    const auto *PE = Parent.get<Expr>();
    if (!PE)
      return E;
    bool Transparent = isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(PE);
    if (const auto *Cast = dyn_cast<ExplicitCastExpr>(PE))
      Transparent = Cast->getType()->isPointerType();
    if (!Transparent)
      return E;
    E = PE;
  }
}

/// The name of the function \p Call calls directly, or "".
llvm::StringRef calleeName(const CallExpr *Call) {
  if (const FunctionDecl *FD = Call->getDirectCallee())
    if (FD->getIdentifier())
      return FD->getName();
  return "";
}

/// True for a `PyObject *` type (pointer to struct _object).
bool isPyObjectPointer(QualType T) {
  const auto *PT = T.getCanonicalType()->getAs<PointerType>();
  if (!PT)
    return false;
  const auto *RD = PT->getPointeeType()->getAsRecordDecl();
  return RD && RD->getName() == "_object";
}

/// The local variable (or parameter) of type PyObject * that \p E names.
const VarDecl *pyObjectLocal(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(E));
  if (!DRE)
    return nullptr;
  const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
  if (!VD || !VD->hasLocalStorage() || !isPyObjectPointer(VD->getType()) ||
      VD->getType().isVolatileQualified() || VD->getType().isConstQualified())
    return nullptr;
  return VD;
}

/// True when \p S mentions \p VD.
bool mentions(const Stmt *S, const VarDecl *VD) {
  if (!S)
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (DRE->getDecl() == VD)
      return true;
  for (const Stmt *Child : S->children())
    if (mentions(Child, VD))
      return true;
  return false;
}

/// True when \p S contains a label or a case label (a way in from outside).
bool hasLabel(const Stmt *S) {
  if (!S)
    return false;
  if (isa<LabelStmt, SwitchCase>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (hasLabel(Child))
      return true;
  return false;
}

/// True when \p S always leaves by return, goto, break or continue (its
/// last statement is one of those).
bool alwaysJumps(const Stmt *S) {
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && alwaysJumps(CS->body_back());
  return isa<ReturnStmt, GotoStmt, BreakStmt, ContinueStmt>(S);
}

/// If \p Cond tests a pointer variable against NULL, the variable and
/// whether the test is true for NULL.
struct NullTest {
  const VarDecl *Var = nullptr;
  bool TrueWhenNull = false;
};
NullTest nullTestOf(const Expr *Cond, ASTContext &Ctx) {
  NullTest T;
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C)) {
    if (U->getOpcode() == UO_LNot) {
      T.Var = pyObjectLocal(U->getSubExpr());
      T.TrueWhenNull = true;
    }
    return T;
  }
  if (const auto *B = dyn_cast<BinaryOperator>(C)) {
    if (B->getOpcode() != BO_EQ && B->getOpcode() != BO_NE)
      return T;
    const Expr *Other = nullptr;
    if ((T.Var = pyObjectLocal(B->getLHS())))
      Other = B->getRHS();
    else if ((T.Var = pyObjectLocal(B->getRHS())))
      Other = B->getLHS();
    if (!Other || !Other->IgnoreParenImpCasts()->isNullPointerConstant(
                      Ctx, Expr::NPC_ValueDependentIsNotNull)) {
      T.Var = nullptr;
      return T;
    }
    T.TrueWhenNull = B->getOpcode() == BO_EQ;
    return T;
  }
  T.Var = pyObjectLocal(C);
  return T;
}

/// The function, block or lambda body that contains \p S (\p S itself at
/// file scope).
const Stmt *enclosingBody(const Stmt *S, ASTContext &Ctx) {
  const Stmt *Body = innermostFunction(S, Ctx).Body;
  return Body ? Body : S;
}

/// True when the function around \p S has a label (C++ forbids jumping
/// over an initialized declaration we would add).
bool functionHasLabels(const Stmt *S, ASTContext &Ctx) {
  return hasLabel(enclosingBody(S, Ctx));
}

} // namespace

//===--- The check ---------------------------------------------------------===//

/// One reported use and what the fixer knows about it.
struct BorrowedReferenceCheck::Use {
  const BorrowedAPI *API = nullptr;
  SourceLocation Raw;       ///< The name token, possibly in a macro.
  SourceLocation NameLoc;   ///< Its file location (collector key).
  SourceLocation ReportLoc; ///< Where the user sees it.
  const Expr *E = nullptr;  ///< The call, or the macro's expression.
  const Expr *Container = nullptr;
  bool Editable = false; ///< Spelled directly in the user's file.
};

BorrowedReferenceCheck::BorrowedReferenceCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      StrictMode(parseBool(Options.get("StrictMode", "false")).value_or(false)),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      Collector(isReportedAPI),
      Compat(Options.getLocalOrGlobal("CompatHeader", ""), IncludeStyle) {
  if (!parseBool(Options.get("StrictMode", "false")).has_value())
    configurationDiag("invalid value '%0' for %1.StrictMode; expected 'true' "
                      "or 'false'; using 'false'")
        << Options.get("StrictMode", "false") << Name;
}

void BorrowedReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StrictMode", StrictMode ? "true" : "false");
  Options.store(Opts, "CompatHeader", Compat.header());
  Options.store(Opts, "IncludeStyle", IncludeStyle);
}

void BorrowedReferenceCheck::registerPPCallbacks(const SourceManager &SM,
                                                 Preprocessor *PP,
                                                 Preprocessor *) {
  Collector.registerPreprocessor(PP);
  Tracker.registerPreprocessor(PP);
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
  // The raw location of every expansion of a reported API macro, keyed by
  // the file location the collector uses.
  MacroHub::listen(
      *PP, isReportedAPI,
      [this, &SM](const Token &, const MacroDefinition &MD, SourceRange Range,
                  const MacroArgs *) {
        if (MD.getMacroInfo())
          MacroRawLocs.try_emplace(SM.getFileLoc(Range.getBegin()),
                                   Range.getBegin());
      });
  Privacy.reset();
}

void BorrowedReferenceCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(callExpr(callsCollectedAPI(&Collector)).bind("call"),
                     this);
  Finder->addMatcher(parenExpr(isWrittenByMacro()).bind("paren"), this);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BorrowedReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  const SourceManager &SM = *Result.SourceManager;
  if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call")) {
    Collector.addCall(Call, SM);
    return;
  }
  if (const auto *Paren = Result.Nodes.getNodeAs<ParenExpr>("paren")) {
    MacroParens.add(Paren); // (the matcher takes only parentheses a macro wrote)
    return;
  }
  Ctx = Result.Context;
}

namespace {

/// The first expression inside \p E that the macro took as an argument.
const Expr *firstMacroArgument(const Expr *E, const SourceManager &SM) {
  if (E->getBeginLoc().isMacroID() && SM.isMacroArgExpansion(E->getBeginLoc()))
    return E;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = firstMacroArgument(CE, SM))
        return Found;
  return nullptr;
}

/// What the fixer decided for one use: fix-its, or the reason there are none.
struct Plan {
  std::vector<FixItHint> Fixes;
  std::string Note; ///< Why there is no fix and what to do (when no Fixes).
  llvm::StringRef Introduces; ///< The 3.13 API the fix introduces.
};

/// Builds the fix for one use.
class Fixer {
public:
  Fixer(const BorrowedAPI &API, const Expr *E, SourceLocation NameLoc,
        bool Editable, ASTContext &Ctx)
      : API(API), E(E), NameLoc(NameLoc), Editable(Editable), Ctx(Ctx),
        SM(Ctx.getSourceManager()) {}

  Plan plan();

private:
  bool intProtocol() const {
    return API.Protocol != ResultProtocol::NewReference;
  }
  Plan noFix(std::string Why) {
    Plan P;
    P.Note = std::move(Why);
    return P;
  }
  Plan withWrapper(const CallExpr *Wrapper, const Expr *Outer,
                   DynTypedNode Parent);
  Plan statementForm(const Expr *Value, DynTypedNode Parent, bool Owned);
  bool rewriteCall(const VarDecl *Var, const Stmt *S, const DeclStmt *DS,
                   CharSourceRange SRange, std::vector<FixItHint> &Out,
                   std::optional<std::string> NewStatement = std::nullopt);
  Plan ownedLocal(const VarDecl *Var, const Stmt *S, const DeclStmt *DS,
                  const CompoundStmt *Block, CharSourceRange SRange);
  Plan membershipTest(const Expr *Value, DynTypedNode Parent);
  std::optional<std::string> ownedStatement(llvm::StringRef Var);
  Plan explainUse(const Expr *Value, DynTypedNode Parent);

  const BorrowedAPI &API;
  const Expr *E;
  SourceLocation NameLoc;
  bool Editable;
  ASTContext &Ctx;
  const SourceManager &SM;
  std::optional<SpelledCall> Call;
};

/// The replacement statement that stores the owned result in \p Var, for
/// the int-returning replacements, keeping the old call's observable state
/// on every outcome (see the doc page, tier 1).
std::optional<std::string> Fixer::ownedStatement(llvm::StringRef Var) {
  const auto &A = Call->Args;
  std::string Out = (API.Replacement + "(").str();
  for (const std::string &Arg : A)
    Out += Arg + ", ";
  Out += ("&" + Var + ")").str();
  switch (API.Protocol) {
  case ResultProtocol::FoundMissingError:
    if (API.SwallowsErrors) // The old call cleared lookup errors.
      return "if (" + Out + " < 0) { PyErr_Clear(); }";
    // NULL + exception becomes -1 with *result = NULL: the same state.
    return "(void)" + Out + ";";
  case ResultProtocol::PresentInsertedError:
    return "(void)" + Out + ";";
  case ResultProtocol::AliveDeadError:
    // The old calls gave a borrowed Py_None for a dead referent.
    return ("if (" + Out + " == 0) { Py_INCREF(Py_None); " + Var +
            " = Py_None; }")
        .str();
  default:
    return std::nullopt;
  }
}

Plan Fixer::plan() {
  if (!Editable)
    return noFix("the call is spelled inside a macro; rewrite the macro by "
                 "hand with '" + API.Replacement.str() + "'");
  Call = lexCall(NameLoc, Ctx);
  if (!Call || !E)
    return noFix("the call's arguments could not be read from the source; "
                 "rewrite it by hand with '" + API.Replacement.str() + "'");

  DynTypedNode Parent;
  const Expr *Value = climbTransparent(E, Parent, Ctx);
  if (const auto *PC = Parent.get<CallExpr>()) {
    llvm::StringRef Callee = calleeName(PC);
    if (Callee == "Py_NewRef" || Callee == "Py_XNewRef" ||
        Callee == "_Py_NewRef" || Callee == "_Py_XNewRef") {
      DynTypedNode Above;
      const Expr *Outer = climbTransparent(PC, Above, Ctx);
      return withWrapper(PC, Outer, Above);
    }
  }
  return explainUse(Value, Parent);
}

/// Tier 1 with a Py_NewRef/Py_XNewRef wrapper.
Plan Fixer::withWrapper(const CallExpr *Wrapper, const Expr *Outer,
                        DynTypedNode Parent) {
  CharSourceRange WrapperRange = fileRange(Wrapper->getSourceRange(), Ctx);
  llvm::StringRef Text = textOf(WrapperRange, Ctx);
  if (!Text.starts_with("Py_NewRef") && !Text.starts_with("Py_XNewRef"))
    return noFix("the result is owned through a macro; rewrite it by hand "
                 "with '" + API.Replacement.str() + "'");
  if (!intProtocol()) {
    Plan P;
    std::string New = (API.Replacement + "(").str();
    for (size_t I = 0; I < Call->Args.size(); ++I)
      New += (I ? ", " : "") + Call->Args[I];
    New += ")";
    P.Fixes.push_back(FixItHint::CreateReplacement(WrapperRange, New));
    P.Introduces = API.Replacement;
    return P;
  }
  return statementForm(Outer, Parent, /*Owned=*/true);
}

/// Tier 1 for `x = CALL;` / `PyObject *x = CALL;` statements: \p Owned when
/// the value was already wrapped in Py_NewRef/Py_XNewRef; otherwise an
/// INCREF of x must follow at once (optionally after an early exit on NULL).
Plan Fixer::statementForm(const Expr *Value, DynTypedNode Parent,
                          bool Owned) {
  const VarDecl *Var = nullptr;
  const Stmt *S = nullptr;
  const DeclStmt *DS = nullptr;
  if (const auto *BO = Parent.get<BinaryOperator>()) {
    if (BO->getOpcode() != BO_Assign || ignoreTransparent(BO->getRHS()) !=
                                            ignoreTransparent(Value))
      return explainUse(Value, Parent);
    Var = pyObjectLocal(BO->getLHS());
    if (!Var) {
      std::string Target =
          textOf(fileRange(BO->getLHS()->getSourceRange(), Ctx), Ctx).str();
      return noFix("the reference is stored into '" + Target +
                   "'; take ownership explicitly with '" +
                   API.Replacement.str() + "' and release the old value");
    }
    S = BO;
  } else if (const auto *VD = Parent.get<VarDecl>()) {
    DynTypedNode Above = parentOf(Parent, Ctx);
    DS = Above.get<DeclStmt>();
    if (!DS || !DS->isSingleDecl() || !VD->hasLocalStorage() ||
        !isPyObjectPointer(VD->getType()) || VD->isStaticLocal() ||
        VD->getType().isConstQualified() || VD->getType().isVolatileQualified())
      return noFix("the reference initializes '" + VD->getName().str() +
                   "'; take ownership explicitly with '" +
                   API.Replacement.str() + "'");
    Var = VD;
    S = DS;
  } else {
    return explainUse(Value, Parent);
  }

  std::string VarName = Var->getName().str();
  auto NotOwnedNote = [&] {
    return noFix("the result is kept in '" + VarName +
                 "' as a borrowed reference, and the statement is not a "
                 "statement of a block; use '" + API.Replacement.str() +
                 "' and release '" + VarName + "' on every path");
  };

  DynTypedNode StmtParent = parentOf(DynTypedNode::create(*S), Ctx);
  const auto *Block = StmtParent.get<CompoundStmt>();
  CharSourceRange SRange = stmtRange(S, Ctx);
  if (!Block || SRange.isInvalid())
    return Owned ? noFix("the statement is not a plain statement of a block; "
                         "rewrite it by hand with '" +
                         API.Replacement.str() + "'")
                 : NotOwnedNote();

  // The INCREF that makes a borrowed result owned, right after S (past at
  // most one early exit on NULL).
  std::vector<FixItHint> Fixes;
  if (!Owned) {
    auto It = llvm::find(Block->body(), S);
    auto End = Block->body_end();
    if (It == End || ++It == End)
      return ownedLocal(Var, S, DS, Block, SRange);
    if (const auto *Exit = dyn_cast<IfStmt>(*It)) {
      NullTest T = nullTestOf(Exit->getCond(), Ctx);
      if (T.Var == Var && T.TrueWhenNull && !Exit->getElse() &&
          !Exit->getInit() && !Exit->getConditionVariable() &&
          alwaysJumps(Exit->getThen()) && !hasLabel(Exit->getThen()) &&
          !mentions(Exit->getThen(), Var)) {
        if (++It == End)
          return ownedLocal(Var, S, DS, Block, SRange);
      }
    }
    const Stmt *Inc = *It;
    const Stmt *IncCall = Inc;
    bool NeedsNonNull = false;
    if (const auto *If = dyn_cast<IfStmt>(Inc)) {
      NullTest T = nullTestOf(If->getCond(), Ctx);
      if (T.Var != Var || T.TrueWhenNull || If->getElse() || If->getInit() ||
          If->getConditionVariable())
        return ownedLocal(Var, S, DS, Block, SRange);
      IncCall = If->getThen();
      if (const auto *CS = dyn_cast<CompoundStmt>(IncCall)) {
        if (CS->size() != 1)
          return ownedLocal(Var, S, DS, Block, SRange);
        IncCall = CS->body_front();
      }
    } else {
      NeedsNonNull = true;
    }
    CharSourceRange IncRange = stmtRange(Inc, Ctx);
    CharSourceRange CallRange = stmtRange(IncCall, Ctx);
    if (!isa<Expr>(IncCall) || IncRange.isInvalid() || CallRange.isInvalid())
      return ownedLocal(Var, S, DS, Block, SRange);
    std::string Text = squeeze(textOf(CallRange, Ctx));
    bool IsX = Text == "Py_XINCREF(" + VarName + ")";
    if (!IsX && Text != "Py_INCREF(" + VarName + ")")
      return ownedLocal(Var, S, DS, Block, SRange);
    (void)NeedsNonNull; // Py_INCREF on NULL crashed before: see the doc.
    // A compound 'then' ends with its '}'; anything else with a ';'.
    bool EndsWithBrace =
        isa<IfStmt>(Inc) && isa<CompoundStmt>(cast<IfStmt>(Inc)->getThen());
    SourceLocation After = EndsWithBrace
                               ? IncRange.getEnd()
                               : afterSemicolon(CallRange.getEnd(), Ctx);
    if (After.isInvalid())
      return ownedLocal(Var, S, DS, Block, SRange);
    Fixes.push_back(removeStatement(IncRange.getBegin(), After, Ctx));
  }

  Plan P;
  P.Introduces = API.Replacement;
  if (!rewriteCall(Var, S, DS, SRange, P.Fixes))
    return NotOwnedNote();
  for (FixItHint &F : Fixes)
    P.Fixes.push_back(std::move(F));
  return P;
}

/// Rewrites the statement \p S (`x = CALL;`, or the declaration \p DS) to
/// the strong call, storing an owned reference in \p Var. For the
/// int-returning replacements the new statement is \p NewStatement, or by
/// default the one that keeps the old call's observable state (tier 1).
bool Fixer::rewriteCall(const VarDecl *Var, const Stmt *S, const DeclStmt *DS,
                        CharSourceRange SRange, std::vector<FixItHint> &Out,
                        std::optional<std::string> NewStatement) {
  std::string VarName = Var->getName().str();
  if (!intProtocol()) {
    // Same statement, the strong call: rename the callee.
    Out.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(NameLoc, NameLoc), API.Replacement));
  } else {
    std::optional<std::string> New =
        NewStatement ? NewStatement : ownedStatement(VarName);
    if (!New)
      return false;
    if (DS) {
      // `PyObject *x = CALL;` -> `PyObject *x;` + the new statement.
      SourceLocation NameEnd =
          Lexer::getLocForEndOfToken(Var->getLocation(), 0, SM,
                                     Ctx.getLangOpts());
      CharSourceRange DeclHead =
          CharSourceRange::getCharRange(DS->getBeginLoc(), NameEnd);
      SourceLocation After = DS->getEndLoc().getLocWithOffset(1);
      // A deduced type needs its initializer: spell the type out.
      const TypeSourceInfo *TSI = Var->getTypeSourceInfo();
      bool Deduced = Var->getType()->getContainedAutoType() ||
                     (TSI && TSI->getType()->getContainedAutoType());
      std::string Head =
          Deduced ? "PyObject *" + VarName : textOf(DeclHead, Ctx).str();
      Out.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(DS->getBeginLoc(), After),
          New->empty() ? Head + ";"
                       : Head + ";\n" + indentationOf(DS->getBeginLoc(), Ctx) +
                             *New));
    } else {
      SourceLocation After = afterSemicolon(SRange.getEnd(), Ctx);
      if (After.isInvalid())
        return false;
      if (New->empty()) // The call moved elsewhere: the statement goes.
        Out.push_back(removeStatement(SRange.getBegin(), After, Ctx));
      else
        Out.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(SRange.getBegin(), After), *New));
    }
  }
  return true;
}

/// Every reference to one variable in a body.
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  explicit RefCollector(const VarDecl *VD) : VD(VD) {}
  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl() == VD)
      Refs.push_back(E);
    return true;
  }
  const VarDecl *VD;
  std::vector<const DeclRefExpr *> Refs;
};

/// True for the names of the calls that release a reference.
bool isReleaseCall(llvm::StringRef Name) {
  return Name.contains("DECREF") || Name.contains("DecRef") ||
         Name.contains("CLEAR") || Name.contains("SETREF") ||
         Name == "_Py_Dealloc";
}

/// What a mention \p D of the owned local does with its value, when that is
/// more than reading it: a clause for the note ("'v' is stored into ..."),
/// "returned" for a bare `return v`, or "" for a plain read (an argument of
/// a call that neither steals nor releases it, a comparison, a condition, a
/// member access).
std::string escapeOf(const DeclRefExpr *D, const CompoundStmt *Block,
                     ASTContext &Ctx) {
  std::string Name = "'" + D->getDecl()->getName().str() + "'";
  for (DynTypedNode N = DynTypedNode::create(*D);;) {
    DynTypedNode P = parentOf(N, Ctx);
    if (P.get<LambdaExpr>() || P.get<BlockExpr>())
      return Name + " is captured by a lambda or block";
    if (const auto *PD = P.get<Decl>(); PD && !isa<VarDecl>(PD))
      return Name + " is captured by a lambda or block";
    const auto *PS = P.get<Stmt>();
    if ((!PS && !P.get<Decl>()) || PS == Block)
      break;
    N = P;
  }
  DynTypedNode Parent;
  const Expr *E = climbTransparent(D, Parent, Ctx);
  auto Target = [&](const Expr *T) {
    return textOf(fileRange(T->getSourceRange(), Ctx), Ctx).str();
  };
  if (const auto *Call = Parent.get<CallExpr>()) {
    llvm::StringRef Callee = calleeName(Call);
    for (unsigned I = 0; I < Call->getNumArgs(); ++I) {
      if (ignoreTransparent(Call->getArg(I)) != ignoreTransparent(E))
        continue;
      if ((int)I == stolenArgument(Callee))
        return Name + " is passed to '" + Callee.str() +
               "', which steals a reference";
      if (isReleaseCall(Callee))
        return Name + " is released with '" + Callee.str() + "'";
      return "";
    }
    return Name + " is called";
  }
  if (const auto *B = Parent.get<BinaryOperator>()) {
    if (B->isComparisonOp() || B->isLogicalOp())
      return "";
    if (B->isAssignmentOp())
      return B->getLHS() == E ? Name + " is assigned again"
                              : Name + " is stored into '" +
                                    Target(B->getLHS()) + "'";
    return Name + " is used in an expression the fixer does not follow";
  }
  if (const auto *U = Parent.get<UnaryOperator>()) {
    if (U->getOpcode() == UO_LNot || U->getOpcode() == UO_Deref)
      return "";
    if (U->getOpcode() == UO_AddrOf)
      return "the address of " + Name + " is taken";
    return Name + " is modified";
  }
  if (Parent.get<MemberExpr>() || Parent.get<ArraySubscriptExpr>())
    return "";
  if (const auto *If = Parent.get<IfStmt>(); If && If->getCond() == E)
    return "";
  if (const auto *W = Parent.get<WhileStmt>(); W && W->getCond() == E)
    return "";
  if (const auto *Do = Parent.get<DoStmt>(); Do && Do->getCond() == E)
    return "";
  if (const auto *F = Parent.get<ForStmt>(); F && F->getCond() == E)
    return "";
  if (const auto *CO = Parent.get<ConditionalOperator>())
    return CO->getCond() == E
               ? ""
               : Name + " is a result of a conditional expression";
  if (Parent.get<ReturnStmt>())
    return "returned";
  if (const auto *VD = Parent.get<VarDecl>())
    return Name + " initializes '" + VD->getName().str() + "'";
  if (Parent.get<InitListExpr>() || Parent.get<CompoundLiteralExpr>())
    return Name + " is stored into an initializer";
  return Name + " is used in a way the fixer does not follow";
}

/// True when nothing but whitespace precedes \p Loc on its line.
bool firstOnLine(SourceLocation Loc, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(Loc);
  llvm::StringRef Buffer = SM.getBufferData(Pos.first);
  size_t LineStart = Buffer.rfind('\n', Pos.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  return Buffer.slice(LineStart, Pos.second).find_first_not_of(" \t") ==
         llvm::StringRef::npos;
}

/// The last statement of \p Block that is not an empty statement.
const Stmt *lastRealStatement(const CompoundStmt *Block) {
  for (auto It = Block->body_rbegin(); It != Block->body_rend(); ++It)
    if (!isa<NullStmt>(*It))
      return *It;
  return nullptr;
}

/// Tier 2: the result is kept in the local \p Var and only read until the
/// end of \p Block. The call becomes the strong one and every path leaving
/// the rest of the block releases \p Var: before each return, goto, break
/// or continue that leaves, and at the end of the block. `Py_INCREF(x);
/// return x;` (or `return Py_NewRef(x);`) loses its INCREF instead.
Plan Fixer::ownedLocal(const VarDecl *Var, const Stmt *S, const DeclStmt *DS,
                       const CompoundStmt *Block, CharSourceRange SRange) {
  std::string VarName = Var->getName().str();
  std::string Repl = API.Replacement.str();
  auto Fail = [&](const std::string &Why) {
    return noFix("the result is kept in '" + VarName +
                 "' as a borrowed reference, and " + Why + "; use '" + Repl +
                 "' and release '" + VarName + "' on every path by hand");
  };
  const Stmt *Body = enclosingBody(S, Ctx);
  const FunctionDecl *FD = innermostFunction(S, Ctx).function();
  if (!Body || !FD)
    return Fail("the enclosing function could not be determined");
  if (!Block->getRBracLoc().isFileID() || !Block->getLBracLoc().isFileID())
    return Fail("its block is spelled in a macro");

  // The live range: from S to the end of its block.
  auto It = llvm::find(Block->body(), S);
  std::vector<const Stmt *> Rest(std::next(It), Block->body_end());
  SourceRegion Range{SM.getExpansionLoc(S->getBeginLoc()),
                     SM.getExpansionLoc(Block->getRBracLoc())};
  SourceRegion SRegion = SourceRegion::of(S, SM);

  // Every mention of Var after S, and none before it or outside the range.
  RefCollector Refs(Var);
  Refs.TraverseStmt(const_cast<Stmt *>(Body));
  const Expr *Assigned = nullptr;
  if (const auto *BO = dyn_cast<BinaryOperator>(S))
    Assigned = ignoreTransparent(BO->getLHS());
  std::vector<const DeclRefExpr *> Later;
  for (const DeclRefExpr *D : Refs.Refs) {
    if (D == Assigned)
      continue;
    if (!Range.contains(D->getBeginLoc(), SM) ||
        SRegion.contains(D->getBeginLoc(), SM))
      return Fail("'" + VarName + "' is also used outside the rest of the "
                  "block after the call");
    Later.push_back(D);
  }
  for (const DeclRefExpr *D : Later) {
    std::string Why = escapeOf(D, Block, Ctx);
    if (Why.empty() || Why == "returned")
      continue; // A bare return is decided with the exits below.
    return Fail(Why);
  }

  // Tier 4: a weakref result whose dead referent (Py_None) is tested. The
  // strong call gives NULL for a dead referent, so the `== Py_None` tests
  // become NULL tests, when that is exact: every other use of the local
  // happens where it is known alive, no other NULL test of it exists, and
  // the -1 of an error (a non-weakref, only possible with
  // PyWeakref_GetObject) goes to the NULL test that followed the old call.
  // Otherwise the owned local keeps Py_None for a dead referent (the tier-1
  // statement), which is exact as well.
  std::vector<FixItHint> Tier4;
  const IfStmt *ErrorCheck = nullptr;
  if (API.Protocol == ResultProtocol::AliveDeadError) {
    bool Exact = true;
    // `x == Py_None` / `x != Py_None`: the operator, or nullptr.
    auto NoneTest = [&](const Expr *C) -> const BinaryOperator * {
      const auto *B = dyn_cast_or_null<BinaryOperator>(
          C ? C->IgnoreParenImpCasts() : nullptr);
      if (!B || (B->getOpcode() != BO_EQ && B->getOpcode() != BO_NE))
        return nullptr;
      bool L = pyObjectLocal(B->getLHS()) == Var;
      const Expr *Other = L ? B->getRHS() : B->getLHS();
      if (!L && pyObjectLocal(B->getRHS()) != Var)
        return nullptr;
      if (squeeze(textOf(fileRange(Other->getSourceRange(), Ctx), Ctx)) !=
          "Py_None")
        return nullptr;
      return B;
    };
    // The NULL test right after the call (PyWeakref_GetObject's error).
    auto Next = Rest.begin();
    if (API.Name == "PyWeakref_GetObject" && Next != Rest.end())
      if (const auto *If = dyn_cast<IfStmt>(*Next)) {
        NullTest T = nullTestOf(If->getCond(), Ctx);
        if (T.Var == Var && T.TrueWhenNull && !If->getElse() &&
            !If->getInit() && !If->getConditionVariable() &&
            alwaysJumps(If->getThen()) && !mentions(If->getThen(), Var) &&
            fileRange(If->getCond()->getSourceRange(), Ctx).isValid())
          ErrorCheck = If;
      }
    if (API.Name == "PyWeakref_GetObject" && !ErrorCheck)
      Exact = false;
    // Statements of the block after which the local is known alive.
    auto DeadExitBefore = [&](const Stmt *T) {
      for (const Stmt *R : Rest) {
        if (R == T)
          return false;
        const auto *If = dyn_cast<IfStmt>(R);
        const BinaryOperator *B = If ? NoneTest(If->getCond()) : nullptr;
        if (B && B->getOpcode() == BO_EQ && !If->getElse() &&
            alwaysJumps(If->getThen()))
          return true;
      }
      return false;
    };
    for (const DeclRefExpr *D : Later) {
      if (!Exact)
        break;
      DynTypedNode Parent;
      const Expr *E = climbTransparent(D, Parent, Ctx);
      const auto *PB = Parent.get<BinaryOperator>();
      if (PB && NoneTest(PB) == PB) {
        const Expr *Other = ignoreTransparent(PB->getLHS()) ==
                                    ignoreTransparent(E)
                                ? PB->getRHS()
                                : PB->getLHS();
        Tier4.push_back(FixItHint::CreateReplacement(
            fileRange(Other->getSourceRange(), Ctx), "NULL"));
        continue;
      }
      if (ErrorCheck && ignoreTransparent(ErrorCheck->getCond())
                                ->getSourceRange()
                                .fullyContains(D->getSourceRange()))
        continue;
      if (nullTestOf(ignoreTransparent(E), Ctx).Var == Var) {
        // Any other NULL-ness test would now see dead referents too.
        const Stmt *P = Parent.get<Stmt>();
        if (P && (isa<IfStmt, WhileStmt, DoStmt, ForStmt,
                      ConditionalOperator>(P) ||
                  (isa<UnaryOperator>(P) &&
                   cast<UnaryOperator>(P)->getOpcode() == UO_LNot) ||
                  (isa<BinaryOperator>(P) &&
                   (cast<BinaryOperator>(P)->isLogicalOp() ||
                    cast<BinaryOperator>(P)->isEqualityOp())))) {
          Exact = false;
          break;
        }
      }
      // Known alive: under `if (x != Py_None)` / the else of `== Py_None`,
      // or after an `if (x == Py_None) <exit>` of the block.
      bool Alive = false;
      for (DynTypedNode N = DynTypedNode::create(*D); !Alive;) {
        DynTypedNode P = parentOf(N, Ctx);
        const auto *PS = P.get<Stmt>();
        if (!PS)
          break;
        if (PS == Block) {
          Alive = DeadExitBefore(N.get<Stmt>());
          break;
        }
        if (const auto *If = dyn_cast<IfStmt>(PS)) {
          const BinaryOperator *B = NoneTest(If->getCond());
          const Stmt *Child = N.get<Stmt>();
          if (B && ((B->getOpcode() == BO_NE && Child == If->getThen()) ||
                    (B->getOpcode() == BO_EQ && Child == If->getElse())))
            Alive = true;
        }
        N = P;
      }
      if (!Alive)
        Exact = false;
    }
    if (!Exact || Tier4.empty()) {
      Tier4.clear();
      ErrorCheck = nullptr;
    }
    for (const FixItHint &F : Tier4)
      if (F.RemoveRange.isInvalid())
        return Fail("a 'Py_None' test is spelled in a macro");
  }

  // No way into the range but through S.
  BodyJumps Jumps(Body);
  for (const Stmt *T : Rest)
    if (Jumps.into(T, Ctx))
      return Fail("control can jump into the rest of the block (a label or "
                  "a case inside it)");

  std::string Release = "Py_XDECREF(" + VarName + ");";
  std::vector<FixItHint> Fixes;
  bool CxxLabels = Ctx.getLangOpts().CPlusPlus && functionHasLabels(S, Ctx);
  std::optional<FreshNames> Names;
  llvm::DenseMap<const Stmt *, unsigned> TempsPerBlock;

  // One exit: a release before it, or a rewrite of a return using Var.
  auto Handle = [&](const RegionExit &X) -> std::string {
    const Stmt *ES = X.S;
    if (X.Kind == RegionExit::Throw || X.Kind == RegionExit::LongJmp)
      return "the rest of the block can leave by '" + X.spelling().str() +
             "'";
    if (isa<IndirectGotoStmt>(ES))
      return "the rest of the block has a computed 'goto'";
    CharSourceRange R = stmtRange(ES, Ctx);
    DynTypedNode PN = parentOf(DynTypedNode::create(*ES), Ctx);
    const Stmt *P = PN.get<Stmt>();
    const auto *PBlock = dyn_cast_or_null<CompoundStmt>(P);
    bool Wrappable = P && isa<IfStmt, ForStmt, WhileStmt, DoStmt, SwitchCase,
                              LabelStmt, CXXForRangeStmt>(P) &&
                     P->getBeginLoc().isFileID();
    if (R.isInvalid() || (!PBlock && !Wrappable) ||
        (PBlock && !PBlock->getLBracLoc().isFileID()))
      return "a '" + X.spelling().str() +
             "' leaving the rest of the block is spelled in a macro or is "
             "not a statement the fixer can extend";
    SourceLocation AfterSemi = afterSemicolon(R.getEnd(), Ctx);
    std::string Indent = indentationOf(R.getBegin(), Ctx);
    std::string Sep = firstOnLine(R.getBegin(), Ctx) ? "\n" + Indent : " ";

    const auto *RS = dyn_cast<ReturnStmt>(ES);
    if (RS && RS->getRetValue() && mentions(RS, Var)) {
      if (!ES->getBeginLoc().isFileID() || AfterSemi.isInvalid())
        return "a 'return' using '" + VarName + "' is spelled in a macro";
      const Expr *V = RS->getRetValue();
      CharSourceRange VR = fileRange(V->getSourceRange(), Ctx);
      std::string VText = squeeze(textOf(VR, Ctx));
      // `return Py_NewRef(x);`: the owned reference is what is returned.
      if (VText == "Py_NewRef(" + VarName + ")" ||
          VText == "Py_XNewRef(" + VarName + ")") {
        Fixes.push_back(FixItHint::CreateReplacement(VR, VarName));
        return "";
      }
      if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreTransparent(V));
          DRE && DRE->getDecl() == Var) {
        // `Py_INCREF(x); return x;`: the INCREF goes away.
        const Stmt *Prev = nullptr;
        if (PBlock)
          for (const Stmt *C : PBlock->body()) {
            if (C == ES)
              break;
            Prev = C;
          }
        CharSourceRange PrevRange =
            Prev && isa<Expr>(Prev) ? stmtRange(Prev, Ctx) : CharSourceRange();
        std::string PrevText = squeeze(textOf(PrevRange, Ctx));
        SourceLocation PrevEnd = PrevRange.isValid()
                                     ? afterSemicolon(PrevRange.getEnd(), Ctx)
                                     : SourceLocation();
        if ((PrevText != "Py_INCREF(" + VarName + ")" &&
             PrevText != "Py_XINCREF(" + VarName + ")") ||
            PrevEnd.isInvalid())
          return "'" + VarName + "' is returned without a reference of its "
                 "own (no 'Py_INCREF' right before the 'return')";
        Fixes.push_back(removeStatement(PrevRange.getBegin(), PrevEnd, Ctx));
        return "";
      }
      // Keep the value in a temporary, release, return the temporary.
      QualType RT = FD->getReturnType();
      if (RT->isVoidType() || RT->getContainedAutoType() ||
          RT->isDependentType() || RT->isFunctionPointerType() ||
          RT->isArrayType())
        return "a 'return' uses '" + VarName +
               "' and the function's return type cannot be spelled for a "
               "temporary";
      if (!Names)
        Names.emplace(Body, Ctx);
      bool Plain = PBlock && !CxxLabels && TempsPerBlock[PBlock]++ == 0;
      std::string Temp = Names->fresh("result");
      std::string Type = RT.getAsString(Ctx.getPrintingPolicy());
      std::string Decl =
          Type + (llvm::StringRef(Type).ends_with("*") ? "" : " ") + Temp +
          " = ";
      // `return` becomes the declaration and the value stays in place
      // (other fixes may edit it); the release and return follow the ';'.
      if (VR.isInvalid())
        return "a 'return' value using '" + VarName +
               "' is spelled in a macro";
      Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(R.getBegin(), VR.getBegin()),
          Plain ? Decl : "{ " + Decl));
      Fixes.push_back(FixItHint::CreateInsertion(
          AfterSemi, Plain ? Sep + Release + Sep + "return " + Temp + ";"
                           : " " + Release + " return " + Temp + "; }"));
      return "";
    }
    if (!ES->getBeginLoc().isFileID() && mentions(ES, Var))
      return "a '" + X.spelling().str() + "' using '" + VarName +
             "' is spelled in a macro";
    if (PBlock) {
      Fixes.push_back(
          FixItHint::CreateInsertion(R.getBegin(), Release + Sep));
      return "";
    }
    if (AfterSemi.isInvalid())
      return "a '" + X.spelling().str() +
             "' leaving the rest of the block is not followed by ';'";
    Fixes.push_back(
        FixItHint::CreateInsertion(R.getBegin(), "{ " + Release + " "));
    Fixes.push_back(FixItHint::CreateInsertion(AfterSemi, " }"));
    return "";
  };

  for (const Stmt *T : Rest)
    for (const RegionExit &X : exitsFrom(T, Ctx)) {
      if (!leavesRegion(X.S, Range, Ctx))
        continue;
      // Leaving through the error check of tier 4: the local is NULL.
      if (ErrorCheck && SourceRegion::of(ErrorCheck->getThen(), SM)
                            .contains(X.S->getBeginLoc(), SM))
        continue;
      std::string Why = Handle(X);
      if (!Why.empty())
        return Fail(Why);
    }
  // A bare `return x` not in the INCREF shape was refused by Handle; one
  // inside a lambda cannot be (mentions inside lambdas were refused).

  // The end of the block, when control can reach it.
  const Stmt *Last = lastRealStatement(Block);
  if (!Last || Last == S || !alwaysJumps(Last)) {
    SourceLocation RBrac = Block->getRBracLoc();
    if (firstOnLine(RBrac, Ctx)) {
      std::pair<FileID, unsigned> Pos = SM.getDecomposedLoc(RBrac);
      llvm::StringRef Buffer = SM.getBufferData(Pos.first);
      size_t LineStart = Buffer.rfind('\n', Pos.second);
      LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
      Fixes.push_back(FixItHint::CreateInsertion(
          RBrac.getLocWithOffset(-(int)(Pos.second - LineStart)),
          indentationOf(S->getBeginLoc(), Ctx) + Release + "\n"));
    } else {
      Fixes.push_back(FixItHint::CreateInsertion(RBrac, Release + " "));
    }
  }

  Plan P;
  P.Introduces = API.Replacement;
  if (!Tier4.empty()) {
    std::string Call = API.Replacement.str() + "(" + this->Call->Args[0] +
                       ", &" + VarName + ")";
    if (ErrorCheck) {
      // The call moves into the NULL test that handled its error.
      P.Fixes.push_back(FixItHint::CreateReplacement(
          fileRange(ErrorCheck->getCond()->getSourceRange(), Ctx),
          Call + " < 0"));
      if (!rewriteCall(Var, S, DS, SRange, P.Fixes, std::string()))
        return Fail("the statement could not be rewritten");
    } else if (!rewriteCall(Var, S, DS, SRange, P.Fixes,
                            "(void)" + Call + ";")) {
      return Fail("the statement could not be rewritten");
    }
    for (FixItHint &F : Tier4)
      P.Fixes.push_back(std::move(F));
  } else if (!rewriteCall(Var, S, DS, SRange, P.Fixes)) {
    return Fail("the statement could not be rewritten");
  }
  for (FixItHint &F : Fixes)
    P.Fixes.push_back(std::move(F));
  return P;
}

/// Tier 3: the result is only compared with NULL.
Plan Fixer::membershipTest(const Expr *Value, DynTypedNode Parent) {
  // The whole test T and whether it is true when the key is missing.
  const Expr *T = Value;
  bool TrueWhenMissing = false;
  DynTypedNode Above = Parent;
  if (const auto *U = Parent.get<UnaryOperator>()) {
    T = U;
    TrueWhenMissing = true;
  } else if (const auto *B = Parent.get<BinaryOperator>()) {
    if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
      T = B;
      TrueWhenMissing = B->getOpcode() == BO_EQ;
    }
  }
  if (T != Value)
    climbTransparent(T, Above, Ctx);
  llvm::StringRef Contains = API.Replacement == "PyDict_GetItemStringRef"
                                 ? "PyDict_ContainsString"
                                 : "PyDict_Contains";
  std::string Test = (Contains + "(" + Call->Args[0] + ", " + Call->Args[1] +
                      ")")
                         .str();
  CharSourceRange TRange = fileRange(T->getSourceRange(), Ctx);
  if (TRange.isInvalid())
    return noFix("the test is spelled inside a macro; use '" + Contains.str() +
                 "' by hand");
  Plan P;
  P.Introduces = Contains;
  if (!API.SwallowsErrors) {
    // PyDict_GetItemWithError: NULL + exception becomes -1 + exception, and
    // `> 0` is false for both, as `!= NULL` was.
    std::string New = Test + (TrueWhenMissing ? " <= 0" : " > 0");
    bool Bare = Above.get<IfStmt>() || Above.get<WhileStmt>() ||
                Above.get<DoStmt>() || Above.get<ForStmt>() ||
                Above.get<ReturnStmt>() || Above.get<VarDecl>();
    if (const auto *B = Above.get<BinaryOperator>())
      Bare = B->isLogicalOp();
    if (!Bare)
      New = "(" + New + ")";
    P.Fixes.push_back(FixItHint::CreateReplacement(TRange, New));
    return P;
  }
  // The old call swallowed errors: the exception PyDict_Contains reports
  // must be cleared, which takes a statement before the test.
  const auto *If = Above.get<IfStmt>();
  std::string Why = "the membership test is not the whole condition of an "
                    "'if' statement in a block; use '" + Contains.str() +
                    "' and clear or propagate its error (-1)";
  if (!If || If->getInit() || If->getConditionVariable() ||
      ignoreTransparent(If->getCond()) != ignoreTransparent(T) ||
      !If->getBeginLoc().isFileID())
    return noFix(Why);
  DynTypedNode IfParent = parentOf(DynTypedNode::create(*If), Ctx);
  const auto *Block = IfParent.get<CompoundStmt>();
  if (!Block || parentOf(IfParent, Ctx).get<SwitchStmt>())
    return noFix(Why);
  if (Ctx.getLangOpts().CPlusPlus && functionHasLabels(If, Ctx))
    return noFix("the function has labels, and a new initialized local "
                 "could be jumped over in C++; use '" + Contains.str() +
                 "' by hand");
  std::string Name = FreshNames(enclosingBody(If, Ctx), Ctx).fresh("found");
  std::string Indent = indentationOf(If->getBeginLoc(), Ctx);
  P.Fixes.push_back(FixItHint::CreateInsertion(
      If->getBeginLoc(), "int " + Name + " = " + Test + ";\n" + Indent +
                             "if (" + Name + " < 0) { PyErr_Clear(); }\n" +
                             Indent));
  P.Fixes.push_back(FixItHint::CreateReplacement(
      TRange, Name + (TrueWhenMissing ? " <= 0" : " > 0")));
  return P;
}

/// Classifies a use that is not wrapped in Py_NewRef: tier 1 statements,
/// tier 3 tests, or the reason there is no fix.
Plan Fixer::explainUse(const Expr *Value, DynTypedNode Parent) {
  std::string Repl = API.Replacement.str();
  bool IsDictLookup = API.Protocol == ResultProtocol::FoundMissingError;
  bool IsWeakref = API.Protocol == ResultProtocol::AliveDeadError;

  // A NULL test of the result alone: tier 3 for dict lookups.
  bool IsTest = false;
  if (const auto *U = Parent.get<UnaryOperator>())
    IsTest = U->getOpcode() == UO_LNot;
  else if (const auto *B = Parent.get<BinaryOperator>()) {
    if (B->isLogicalOp())
      IsTest = true;
    else if (B->getOpcode() == BO_EQ || B->getOpcode() == BO_NE) {
      const Expr *Other = ignoreTransparent(B->getLHS()) ==
                                  ignoreTransparent(Value)
                              ? B->getRHS()
                              : B->getLHS();
      IsTest = Other->IgnoreParenImpCasts()->isNullPointerConstant(
          Ctx, Expr::NPC_ValueDependentIsNotNull);
      if (IsWeakref && !IsTest)
        return noFix("the result is compared directly; store it in a local "
                     "with '" + Repl + "' (0 means dead, where the old call "
                     "gave Py_None) and release it");
    }
  } else if (const auto *If = Parent.get<IfStmt>()) {
    IsTest = ignoreTransparent(If->getCond()) == ignoreTransparent(Value);
  } else if (const auto *W = Parent.get<WhileStmt>()) {
    IsTest = ignoreTransparent(W->getCond()) == ignoreTransparent(Value);
  } else if (const auto *CO = Parent.get<ConditionalOperator>()) {
    IsTest = ignoreTransparent(CO->getCond()) == ignoreTransparent(Value);
  }
  if (IsTest) {
    if (IsDictLookup)
      return membershipTest(Value, Parent);
    return noFix("only the result's NULL-ness is used; test it with '" + Repl +
                 "' and release the reference it returns");
  }

  if (const auto *BO = Parent.get<BinaryOperator>()) {
    // Only an assignment of the result is a statement form; any other
    // operator (a comparison with an object, a comma) is a use in place.
    if (BO->getOpcode() == BO_Assign &&
        ignoreTransparent(BO->getRHS()) == ignoreTransparent(Value))
      return statementForm(Value, Parent, /*Owned=*/false);
    if (BO->isEqualityOp())
      return noFix("the result is compared with another object; store the "
                   "new reference of '" + Repl + "' in a local, compare, "
                   "and release it");
    return noFix("the result is used inside an expression; store the new "
                 "reference of '" + Repl + "' in a local and release it "
                 "when done");
  }
  if (Parent.get<VarDecl>())
    return statementForm(Value, Parent, /*Owned=*/false);
  if (Parent.get<ReturnStmt>() &&
      ignoreTransparent(Value) != ignoreTransparent(E))
    return noFix("the owned result is returned directly, and '" + Repl +
                 "' returns an int; store its result in a local with '" +
                 Repl + "(..., &x)', handle -1, and return the local");
  if (Parent.get<ReturnStmt>())
    return noFix("the result is returned as a borrowed reference; return "
                 "the new reference of '" + Repl + "' and check the "
                 "callers' ownership");
  if (const auto *PC = Parent.get<CallExpr>()) {
    llvm::StringRef Callee = calleeName(PC);
    int Stolen = stolenArgument(Callee);
    for (unsigned I = 0; I < PC->getNumArgs(); ++I)
      if ((int)I == Stolen &&
          ignoreTransparent(PC->getArg(I)) == ignoreTransparent(Value))
        return noFix("the result is passed to '" + Callee.str() +
                     "', which steals a reference; pass the new reference "
                     "of '" + Repl + "' instead");
    return noFix("the result is passed directly to '" +
                 (Callee.empty() ? std::string("a call") : Callee.str()) +
                 "'; store the new reference of '" + Repl +
                 "' in a local and release it after the call");
  }
  return noFix("the result is used directly; store the new reference of '" +
               Repl + "' in a local and release it when done");
}

} // namespace

bool BorrowedReferenceCheck::exempt(const Use &U, ASTContext &Ctx) {
  if (StrictMode || !U.Container)
    return false;
  if (Tracker.guarding(U.Container, Ctx))
    return true;
  if (U.API->Protocol == ResultProtocol::NewReference &&
      U.API->Name != "PyList_GetItem")
    return false; // Modules and cells: privacy is about lists and dicts.
  if (U.API->Protocol == ResultProtocol::AliveDeadError)
    return false;
  const Stmt *At = U.E ? static_cast<const Stmt *>(U.E) : U.Container;
  return Privacy.privacyAt(U.Container, At, Ctx).isPrivate();
}

void BorrowedReferenceCheck::report(const Use &U, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Compat.inCompatHeader(U.ReportLoc, SM))
    return;
  if (Branches->neverFreeThreaded(U.ReportLoc))
    return; // compiled only where there is a GIL: it cannot race
  llvm::StringRef Line = lineText(SM.getSpellingLoc(U.ReportLoc), SM);
  if (!StrictMode && Line.contains("noqa: borrowed-ref OK"))
    return;
  bool KnownDebt = Line.contains("noqa: borrowed-ref - manual fix needed");
  if (!KnownDebt && exempt(U, Ctx))
    return;

  std::string Version = formatPythonVersion(U.API->AddedIn);
  Plan P;
  if (!KnownDebt) {
    Fixer F(*U.API, U.E, U.NameLoc, U.Editable, Ctx);
    P = F.plan();
    // A fix needs the replacement: from the headers, a local shim, or the
    // compat header the option names.
    if (!P.Fixes.empty() && !P.Introduces.empty())
      if (std::optional<std::string> Why =
              Compat.whyUnavailable(P.Introduces, U.NameLoc, Ctx)) {
        P.Note = *Why;
        P.Fixes.clear();
      }
  }
  {
    auto D = diag(U.ReportLoc, "'%0' returns a borrowed reference that "
                               "another thread can invalidate; use '%1' (%2)")
             << U.API->Name << U.API->Replacement << Version;
    for (const FixItHint &Fix : P.Fixes)
      D << Fix;
    if (!P.Fixes.empty() && !P.Introduces.empty())
      if (auto Inc = Compat.includeFor(P.Introduces, U.NameLoc, Ctx))
        D << *Inc;
  }
  if (KnownDebt)
    diag(U.ReportLoc,
         "tracked as known debt ('noqa: borrowed-ref - manual fix needed')",
         DiagnosticIDs::Note);
  else if (P.Fixes.empty() && !P.Note.empty())
    diag(U.ReportLoc, "no automatic fix: %0", DiagnosticIDs::Note) << P.Note;
}

void BorrowedReferenceCheck::onEndOfTranslationUnit() {
  if (!Ctx)
    return;
  ASTContext &C = *Ctx;
  const SourceManager &SM = C.getSourceManager();
  // A macro-only spelling (PyCell_GET in old headers) expands to a
  // parenthesized expression whose user text starts at the API's name.
  // Parents are matched first, so among equal ranges the innermost (the API
  // macro's own expression, not a cast macro around it) comes last.
  llvm::DenseSet<SourceLocation> MacroNames;
  for (const auto &[NameLoc, Raw] : MacroRawLocs)
    MacroNames.insert(NameLoc);
  llvm::DenseMap<SourceLocation, std::pair<const Expr *, SourceLocation>>
      MacroExprs; // name -> (expression, end of its text)
  MacroParens.forEachBeginningAt(
      MacroNames, C, [&](const ParenExpr *Paren, CharSourceRange R) {
        auto [It, Inserted] =
            MacroExprs.try_emplace(R.getBegin(), Paren, R.getEnd());
        if (!Inserted &&
            !SM.isBeforeInTranslationUnit(R.getEnd(), It->second.second))
          It->second = {Paren, R.getEnd()};
      });
  for (const APIUse &A : Collector.uses()) {
    Use U;
    U.API = findBorrowedAPI(A.Name);
    U.NameLoc = A.Loc;
    if (A.Call) {
      U.E = A.Call;
      U.Raw = A.Call->getCallee()->getExprLoc();
      if (A.Call->getNumArgs() > 0)
        U.Container = A.Call->getArg(0);
    } else {
      auto It = MacroRawLocs.find(A.Loc);
      if (It == MacroRawLocs.end())
        continue;
      U.Raw = It->second;
      auto EIt = MacroExprs.find(U.NameLoc);
      if (EIt != MacroExprs.end()) {
        U.E = EIt->second.first;
        U.Container = firstMacroArgument(U.E, SM);
      }
    }
    if (U.API->Name == "PyImport_AddModule")
      U.Container = nullptr; // a module name, not a container
    U.ReportLoc = visibleLoc(U.Raw, SM);
    if (!isUserFile(SM.getFileID(SM.getExpansionLoc(U.ReportLoc)), SM))
      continue;
    // Editable: the API's name token is spelled at NameLoc itself (directly,
    // or as a macro argument), not produced by a user macro's body.
    llvm::SmallString<32> Buf;
    U.Editable = U.NameLoc.isFileID() &&
                 Lexer::getSpelling(U.NameLoc, Buf, SM, C.getLangOpts()) ==
                     U.API->Name;
    report(U, C);
  }
  Ctx = nullptr;
  MacroRawLocs.clear();
  MacroParens.clear();
}

} // namespace clang::tidy::freethreading
