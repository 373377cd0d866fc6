//===--- UnlockedContainerAccessCheck.cpp - unlocked-container-access -----===//
//
// Finds the unchecked list and fast-sequence accessors of lib/CPythonAPI.def
// (FT_UNLOCKED_CONTAINER_API) by either spelling, skips containers no other
// thread can reach and accesses inside a critical section on the container,
// and rewrites one shape to PyList_GetItemRef: an item owned at once (by
// Py_NewRef/Py_XNewRef around the access or Py_INCREF/Py_XINCREF next to it)
// whose NULL result is followed at once by an error exit. PyList_GET_ITEM
// cannot fail and PyList_GetItemRef can (IndexError when another thread has
// shrunk the list), so no other shape is rewritten.
//===----------------------------------------------------------------------===//

#include "checks/UnlockedContainerAccessCheck.h"
#include "lib/UserCodeScope.h"
#include "lib/Parents.h"
#include "lib/EnclosingFunction.h"
#include "lib/CPythonAPI.h"
#include "lib/RefcountRead.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {


bool isWanted(llvm::StringRef Name) {
  return findUnlockedContainerAPI(Name) != nullptr;
}

/// True when \p Loc is spelled in a system or Python header.
bool inLibraryHeader(SourceLocation Loc, const SourceManager &SM) {
  return !refcount_detail::spelledByUser(Loc, SM);
}

/// The identifier written at the file location \p Loc.
std::string spellingAt(SourceLocation Loc, const ASTContext &Ctx) {
  llvm::SmallString<32> Buf;
  bool Invalid = false;
  llvm::StringRef S = Lexer::getSpelling(Loc, Buf, Ctx.getSourceManager(),
                                         Ctx.getLangOpts(), &Invalid);
  return Invalid ? std::string() : S.str();
}

/// The first argument of a call as the user wrote it.
struct WrittenArgument {
  std::string Text;
  SourceLocation First, Last; ///< Its first and last tokens.
};

/// The first argument of the call whose name is written at the file
/// location \p NameLoc (`NAME ( arg , ...`), or nullopt.
std::optional<WrittenArgument> firstArgument(SourceLocation NameLoc,
                                             const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  std::optional<Token> Tok = Lexer::findNextToken(NameLoc, SM, LO);
  if (!Tok || !Tok->is(tok::l_paren))
    return std::nullopt;
  WrittenArgument Arg;
  unsigned Depth = 0;
  while ((Tok = Lexer::findNextToken(Tok->getLocation(), SM, LO))) {
    if (Tok->is(tok::eof))
      return std::nullopt;
    if (Depth == 0 && Tok->isOneOf(tok::comma, tok::r_paren))
      break;
    if (Tok->isOneOf(tok::l_paren, tok::l_square, tok::l_brace))
      ++Depth;
    else if (Tok->isOneOf(tok::r_paren, tok::r_square, tok::r_brace))
      --Depth;
    if (Arg.First.isInvalid())
      Arg.First = Tok->getLocation();
    Arg.Last = Tok->getLocation();
  }
  if (!Tok || Arg.First.isInvalid())
    return std::nullopt;
  Arg.Text = Lexer::getSourceText(
                 CharSourceRange::getTokenRange(Arg.First, Arg.Last), SM, LO)
                 .str();
  return Arg;
}

/// The outermost expression inside \p E spelled exactly as \p Arg: the
/// container as the user wrote it, under the header's casts.
const Expr *findWritten(const Expr *E, const WrittenArgument &Arg,
                        const SourceManager &SM) {
  if (SM.getSpellingLoc(E->getBeginLoc()) == Arg.First &&
      SM.getSpellingLoc(E->getEndLoc()) == Arg.Last)
    return E;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = findWritten(CE, Arg, SM))
        return Found;
  return nullptr;
}

/// The first expression inside \p E (pre-order) that a macro took as an
/// argument written in the user's file (not one a Python header passes
/// between its own macros): the container given to the project's macro.
const Expr *firstMacroArgument(const Expr *E, const SourceManager &SM) {
  SourceLocation B = E->getBeginLoc();
  if (B.isMacroID() && SM.isMacroArgExpansion(B) &&
      !inLibraryHeader(SM.getSpellingLoc(B), SM))
    return E;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = firstMacroArgument(CE, SM))
        return Found;
  return nullptr;
}

/// The user's file text range of \p SR (invalid when it is not all spelled
/// in one file outside macro definitions).
CharSourceRange fileRange(SourceRange SR, const ASTContext &Ctx) {
  return Lexer::makeFileCharRange(CharSourceRange::getTokenRange(SR),
                                  Ctx.getSourceManager(), Ctx.getLangOpts());
}

llvm::StringRef textOf(CharSourceRange R, const ASTContext &Ctx) {
  if (R.isInvalid())
    return "";
  return Lexer::getSourceText(R, Ctx.getSourceManager(), Ctx.getLangOpts());
}

/// \p Text without blanks, so that `Py_INCREF( x )` reads `Py_INCREF(x)`.
std::string withoutBlanks(llvm::StringRef Text) {
  std::string Out;
  for (char C : Text)
    if (!llvm::StringRef(" \t\r\n").contains(C))
      Out += C;
  return Out;
}

DynTypedNode parentOf(const DynTypedNode &N, ASTContext &Ctx) {
  DynTypedNodeList Parents = parentsOf(N, Ctx);
  return Parents.empty() ? DynTypedNode() : Parents[0];
}

/// True for nodes that pass a pointer value through unchanged.
bool isTransparent(const Expr *E) {
  if (isa<ParenExpr, ImplicitCastExpr, ExprWithCleanups>(E))
    return true;
  if (const auto *Cast = dyn_cast<ExplicitCastExpr>(E))
    return Cast->getType()->isPointerType();
  return false;
}

/// Climbs from \p E through transparent parents; returns the outermost
/// expression with the same value and sets \p Parent to the node above.
const Expr *climbTransparent(const Expr *E, DynTypedNode &Parent,
                             ASTContext &Ctx) {
  while (true) {
    Parent = parentOf(DynTypedNode::create(*E), Ctx);
    const auto *PE = Parent.get<Expr>();
    if (!PE || !isTransparent(PE))
      return E;
    E = PE;
  }
}

/// \p E without transparent nodes around it.
const Expr *stripTransparent(const Expr *E) {
  while (isTransparent(E)) {
    if (const auto *P = dyn_cast<ParenExpr>(E))
      E = P->getSubExpr();
    else if (const auto *C = dyn_cast<CastExpr>(E))
      E = C->getSubExpr();
    else
      E = cast<ExprWithCleanups>(E)->getSubExpr();
  }
  return E;
}

bool isPyObjectPointer(QualType T) {
  const auto *PT = T.getCanonicalType()->getAs<PointerType>();
  if (!PT)
    return false;
  const auto *RD = PT->getPointeeType()->getAsRecordDecl();
  return RD && RD->getName() == objectRecordName();
}

/// The non-static, non-volatile local `PyObject *` variable \p E names.
const VarDecl *pyObjectLocal(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(stripTransparent(E));
  const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!VD || !VD->hasLocalStorage() || isa<ParmVarDecl>(VD) ||
      !isPyObjectPointer(VD->getType()) || VD->getType().isVolatileQualified())
    return nullptr;
  return VD;
}

/// True when \p S mentions \p VD or contains a label.
bool mentionsOrLabels(const Stmt *S, const VarDecl *VD) {
  if (!S)
    return false;
  if (isa<LabelStmt, SwitchCase>(S))
    return true;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S); DRE && DRE->getDecl() == VD)
    return true;
  for (const Stmt *Child : S->children())
    if (mentionsOrLabels(Child, VD))
      return true;
  return false;
}

/// True when \p Cond is true exactly when \p VD is NULL: `!x`, `x == NULL`,
/// `NULL == x`.
bool testsForNull(const Expr *Cond, const VarDecl *VD, ASTContext &Ctx) {
  const Expr *C = Cond->IgnoreParenImpCasts();
  if (const auto *U = dyn_cast<UnaryOperator>(C))
    return U->getOpcode() == UO_LNot && pyObjectLocal(U->getSubExpr()) == VD;
  const auto *B = dyn_cast<BinaryOperator>(C);
  if (!B || B->getOpcode() != BO_EQ)
    return false;
  auto IsNull = [&](const Expr *E) {
    return E->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  return (pyObjectLocal(B->getLHS()) == VD && IsNull(B->getRHS())) ||
         (pyObjectLocal(B->getRHS()) == VD && IsNull(B->getLHS()));
}

/// True when \p Then propagates the exception PyList_GetItemRef set: it
/// releases other references only (Py_DECREF, Py_XDECREF, Py_CLEAR of
/// anything but \p VD) and then returns the function's error value: NULL
/// from a function returning a pointer, -1 from one returning an integer.
bool isErrorExit(const Stmt *Then, const VarDecl *VD, const FunctionDecl *FD,
                 ASTContext &Ctx) {
  if (!FD || mentionsOrLabels(Then, VD))
    return false;
  llvm::SmallVector<const Stmt *, 4> Body;
  if (const auto *CS = dyn_cast<CompoundStmt>(Then))
    Body.append(CS->body_begin(), CS->body_end());
  else
    Body.push_back(Then);
  if (Body.empty())
    return false;
  for (const Stmt *S : llvm::ArrayRef(Body).drop_back()) {
    std::string Text =
        withoutBlanks(textOf(fileRange(S->getSourceRange(), Ctx), Ctx));
    if (!isa<Expr>(S) ||
        llvm::none_of(referenceOperations(ReferenceOperation::Release),
                      [&](llvm::StringRef Op) {
                        return llvm::StringRef(Text).starts_with(
                            (Op + "(").str());
                      }))
      return false;
  }
  const auto *Ret = dyn_cast<ReturnStmt>(Body.back());
  if (!Ret || !Ret->getRetValue())
    return false;
  const Expr *V = Ret->getRetValue();
  QualType RT = FD->getReturnType();
  if (RT->isPointerType())
    return V->IgnoreParenImpCasts()->isNullPointerConstant(
               Ctx, Expr::NPC_ValueDependentIsNotNull) != Expr::NPCK_NotNull;
  if (RT->isIntegerType() && !RT->isBooleanType()) {
    Expr::EvalResult R;
    return V->EvaluateAsInt(R, Ctx) && R.Val.getInt() == -1;
  }
  return false;
}

/// `Py_INCREF(x);` or `Py_XINCREF(x);` for \p VD, spelled in the file.
bool isIncref(const Stmt *S, const VarDecl *VD, ASTContext &Ctx) {
  if (!isa<Expr>(S))
    return false;
  std::string Text =
      withoutBlanks(textOf(fileRange(S->getSourceRange(), Ctx), Ctx));
  return llvm::any_of(referenceOperations(ReferenceOperation::Incref),
                      [&](llvm::StringRef Op) {
                        return Text == (Op + "(" + VD->getName() + ")").str();
                      });
}

/// True when \p S is `if (<VD is NULL>) <error exit>` with nothing else.
bool isNullExit(const Stmt *S, const VarDecl *VD, const FunctionDecl *FD,
                ASTContext &Ctx) {
  const auto *If = dyn_cast<IfStmt>(S);
  return If && !If->getElse() && !If->getInit() &&
         !If->getConditionVariable() && testsForNull(If->getCond(), VD, Ctx) &&
         isErrorExit(If->getThen(), VD, FD, Ctx);
}

/// A removal of statement \p S with its ';', and of its whole line when
/// nothing else is on it; nullopt when it is not all written in the file.
std::optional<FixItHint> removeStatementLine(const Stmt *S, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange R = fileRange(S->getSourceRange(), Ctx);
  if (R.isInvalid())
    return std::nullopt;
  std::pair<FileID, unsigned> B = SM.getDecomposedLoc(R.getBegin());
  std::pair<FileID, unsigned> E = SM.getDecomposedLoc(R.getEnd());
  llvm::StringRef Buffer = SM.getBufferData(B.first);
  size_t Semi = Buffer.find_first_not_of(" \t\r\n", E.second);
  if (Semi == llvm::StringRef::npos || Buffer[Semi] != ';')
    return std::nullopt;
  size_t End = Semi + 1;
  size_t LineStart = Buffer.rfind('\n', B.second);
  LineStart = LineStart == llvm::StringRef::npos ? 0 : LineStart + 1;
  size_t LineEnd = Buffer.find('\n', End);
  bool AloneBefore = Buffer.slice(LineStart, B.second)
                         .find_first_not_of(" \t") == llvm::StringRef::npos;
  bool AloneAfter = LineEnd != llvm::StringRef::npos &&
                    Buffer.slice(End, LineEnd).find_first_not_of(" \t\r") ==
                        llvm::StringRef::npos;
  SourceLocation FileStart = SM.getLocForStartOfFile(B.first);
  // The line goes from the newline before it to its last character, so
  // that the removal does not touch the start of the next line.
  if (AloneBefore && AloneAfter && LineStart > 0)
    return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
        FileStart.getLocWithOffset(LineStart - 1),
        FileStart.getLocWithOffset(LineEnd)));
  return FixItHint::CreateRemoval(CharSourceRange::getCharRange(
      R.getBegin(), FileStart.getLocWithOffset(End)));
}

} // namespace

/// One access to report.
struct UnlockedContainerAccessCheck::Access {
  const UnlockedContainerAPI *API = nullptr;
  SourceLocation NameLoc;           ///< File location of the use.
  const Expr *E = nullptr;          ///< The call or the macro's expression.
  const Expr *Container = nullptr;  ///< As the user wrote it.
  std::string ContainerText;        ///< For messages.
  bool Editable = false;            ///< The API's name is spelled at NameLoc.
};

UnlockedContainerAccessCheck::UnlockedContainerAccessCheck(
    StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      CompatHeaderOption(Options.getLocalOrGlobal("CompatHeader", "")),
      Collector(isWanted), Compat(CompatHeaderOption, IncludeStyle) {}

void UnlockedContainerAccessCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", IncludeStyle);
  Options.store(Opts, "CompatHeader", CompatHeaderOption);
}

void UnlockedContainerAccessCheck::registerPPCallbacks(const SourceManager &,
                                                       Preprocessor *PP,
                                                       Preprocessor *) {
  Collector.registerPreprocessor(PP);
  Tracker.registerPreprocessor(PP);
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
  Privacy.reset();
}

void UnlockedContainerAccessCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(callExpr(callsCollectedAPI(&Collector)).bind("call"),
                     this);
  Finder->addMatcher(parenExpr(isWrittenByMacro()).bind("paren"), this);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UnlockedContainerAccessCheck::check(
    const MatchFinder::MatchResult &Result) {
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

void UnlockedContainerAccessCheck::onEndOfTranslationUnit() {
  if (!Ctx)
    return;
  ASTContext &C = *Ctx;
  const SourceManager &SM = C.getSourceManager();
  // A macro-only spelling (PyList_GET_ITEM before 3.13, the
  // PySequence_Fast_* macros) expands to a parenthesized expression whose
  // text is the whole macro use. Parents are matched first: keep the
  // outermost.
  llvm::DenseSet<SourceLocation> UseLocs;
  for (const APIUse &U : Collector.uses())
    UseLocs.insert(U.Loc);
  llvm::DenseMap<SourceLocation, const Expr *> MacroExprs;
  MacroParens.forEachBeginningAt(
      UseLocs, C, [&](const ParenExpr *Paren, CharSourceRange R) {
        MacroExprs.try_emplace(R.getBegin(), Paren);
      });
  std::vector<Access> Accesses;
  std::vector<SizeRead> Sizes;
  for (const APIUse &U : Collector.uses()) {
    if (!U.Loc.isFileID() || inLibraryHeader(U.Loc, SM))
      continue;
    // A PySequence_Fast_* macro expands to PyList_* uses at the same
    // location; the name the user wrote decides.
    std::string Spelled = spellingAt(U.Loc, C);
    Access A;
    A.API = findUnlockedContainerAPI(Spelled);
    A.Editable = A.API != nullptr;
    if (!A.API)
      A.API = findUnlockedContainerAPI(U.Name);
    A.NameLoc = U.Loc;
    std::optional<WrittenArgument> Arg =
        A.Editable ? firstArgument(U.Loc, C) : std::nullopt;
    if (A.API->Kind == UnlockedAccess::Size) {
      if (Arg)
        Sizes.push_back(
            {U.Loc, CriticalSectionTracker::normalizeObjectText(Arg->Text)});
      continue;
    }
    auto It = MacroExprs.find(U.Loc);
    if (It != MacroExprs.end())
      A.E = It->second;
    else if (U.Call)
      A.E = U.Call;
    // The container: the expression spelled as the written argument; for a
    // use through the project's own macro, the first macro argument.
    if (A.E)
      A.Container = Arg ? findWritten(A.E, *Arg, SM)
                        : firstMacroArgument(A.E, SM);
    A.ContainerText =
        Arg ? Arg->Text
        : A.Container
            ? CriticalSectionTracker::normalizeObject(A.Container, C)
            : std::string("the container");
    Accesses.push_back(std::move(A));
  }
  for (const Access &A : Accesses)
    report(A, Sizes, C);
  Ctx = nullptr;
  MacroParens.clear();
}

/// Plans the rewrite of a read to its replacement into \p Fixes: only when
/// the item is owned at once and its NULL result is followed at once by an
/// error exit. Returns why there is none, or "".
std::string
UnlockedContainerAccessCheck::planGetItemFix(const Access &A,
                                             std::vector<FixItHint> &Fixes,
                                             ASTContext &C) {
  const SourceManager &SM = C.getSourceManager();
  if (!A.Editable || !A.E)
    return "the access is spelled inside a macro";
  if (!A.Container || !isPyObjectPointer(A.Container->getType()))
    return "the list argument is not a 'PyObject *' expression";
  DynTypedNode Parent;
  const Expr *Value = climbTransparent(A.E, Parent, C);
  CharSourceRange Wrapper;
  if (const auto *PC = Parent.get<CallExpr>()) {
    Wrapper = fileRange(PC->getSourceRange(), C);
    llvm::StringRef W = textOf(Wrapper, C);
    if (llvm::none_of(referenceOperations(ReferenceOperation::NewRef),
                      [&](llvm::StringRef Op) {
                        return W.starts_with(Op);
                      }))
      return "the item is passed to a call";
    Value = climbTransparent(PC, Parent, C);
  }
  const VarDecl *Var = nullptr;
  const Stmt *S = nullptr;
  if (const auto *BO = Parent.get<BinaryOperator>()) {
    if (BO->getOpcode() == BO_Assign &&
        stripTransparent(BO->getRHS()) == stripTransparent(Value))
      Var = pyObjectLocal(BO->getLHS());
    S = BO;
  } else if (const auto *VD = Parent.get<VarDecl>()) {
    const auto *DS = parentOf(Parent, C).get<DeclStmt>();
    if (DS && DS->isSingleDecl() && VD->hasLocalStorage() &&
        isPyObjectPointer(VD->getType()) &&
        !VD->getType().isVolatileQualified())
      Var = VD;
    S = DS;
  }
  if (!Var || !S)
    return "the item is not stored in a local 'PyObject *' variable";
  const auto *Block =
      parentOf(DynTypedNode::create(*S), C).get<CompoundStmt>();
  if (!Block || fileRange(S->getSourceRange(), C).isInvalid())
    return "the assignment is not a statement of its own in a block";
  // A lambda's or block's return protocol is not the function's.
  InnermostFunction Fn = innermostFunction(S, C);
  const FunctionDecl *FD = Fn.IsLambdaOrBlock ? nullptr : Fn.function();
  auto It = llvm::find(Block->body(), S);
  auto Next = [&]() -> const Stmt * {
    return It == Block->body_end() || ++It == Block->body_end() ? nullptr
                                                                 : *It;
  };
  const Stmt *S1 = Next();
  const Stmt *S2 = Wrapper.isValid() ? nullptr : Next();
  const char *NoExit =
      "PyList_GetItemRef returns NULL with IndexError when another thread "
      "has shrunk the list, and the item is not followed at once by an "
      "'if (" ;
  std::string Missing = (NoExit + Var->getName() +
                         " == NULL)' that returns the function's error "
                         "value (NULL or -1)")
                            .str();
  const Stmt *Incref = nullptr;
  if (Wrapper.isValid()) {
    if (!S1 || !isNullExit(S1, Var, FD, C))
      return Missing;
  } else if (S1 && S2 && isNullExit(S1, Var, FD, C) &&
             isIncref(S2, Var, C)) {
    Incref = S2;
  } else if (S1 && S2 && isIncref(S1, Var, C) &&
             isNullExit(S2, Var, FD, C)) {
    Incref = S1;
  } else {
    return Missing + ", with the item owned at once (Py_NewRef, or "
                     "Py_INCREF next to that test)";
  }
  if (Wrapper.isValid()) {
    SourceLocation NameEnd = Lexer::getLocForEndOfToken(
        A.NameLoc, 0, SM, C.getLangOpts());
    SourceLocation Close = Wrapper.getEnd().getLocWithOffset(-1);
    if (textOf(CharSourceRange::getCharRange(Close, Wrapper.getEnd()), C) !=
        ")")
      return "the owning call could not be read from the source";
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(Wrapper.getBegin(), NameEnd),
        A.API->Replacement));
    Fixes.push_back(FixItHint::CreateRemoval(
        CharSourceRange::getCharRange(Close, Wrapper.getEnd())));
  } else {
    std::optional<FixItHint> Remove = removeStatementLine(Incref, C);
    if (!Remove)
      return "the Py_INCREF statement could not be read from the source";
    Fixes.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(A.NameLoc, A.NameLoc),
        A.API->Replacement));
    Fixes.push_back(*Remove);
  }
  if (std::optional<std::string> Unavailable =
          Compat.whyUnavailable(A.API->Replacement, A.NameLoc, C)) {
    Fixes.clear();
    return *Unavailable;
  }
  return "";
}

void UnlockedContainerAccessCheck::report(const Access &A,
                                          llvm::ArrayRef<SizeRead> Sizes,
                                          ASTContext &C) {
  const SourceManager &SM = C.getSourceManager();
  if (Compat.inCompatHeader(A.NameLoc, SM) ||
      Branches->neverFreeThreaded(A.NameLoc))
    return;
  if (A.Container) {
    if (Tracker.guarding(A.Container, C))
      return;
    const Stmt *At = A.E ? static_cast<const Stmt *>(A.E) : A.Container;
    if (Privacy.privacyAt(A.Container, At, C).isPrivate())
      return;
  }
  llvm::StringRef Name = A.API->Name;
  const std::string &Obj = A.ContainerText;

  std::vector<FixItHint> Fixes;
  std::string Why;
  if (A.API->Kind == UnlockedAccess::Read && !A.API->Replacement.empty())
    Why = planGetItemFix(A, Fixes, C);

  {
    DiagnosticBuilder D =
        A.API->Kind == UnlockedAccess::Write
            ? diag(A.NameLoc, "'%0' stores into '%1' without a critical "
                              "section on it; on the free-threaded build "
                              "another thread can resize the list at the "
                              "same time")
            : A.API->Kind == UnlockedAccess::Array
            ? diag(A.NameLoc, "'%0' exposes the item array of '%1' without a "
                              "critical section on it; on the free-threaded "
                              "build another thread can resize the list and "
                              "free the array")
            : diag(A.NameLoc, "'%0' reads an item of '%1' without a critical "
                              "section on it; on the free-threaded build "
                              "another thread can shrink the list or replace "
                              "the item and free it");
    D << Name << Obj;
    for (const FixItHint &F : Fixes)
      D << F;
    if (!Fixes.empty())
      if (std::optional<FixItHint> Inc =
              Compat.includeFor(A.API->Replacement, A.NameLoc, C))
        D << *Inc;
  }
  if (Fixes.empty()) {
    std::string Advice;
    switch (A.API->Kind) {
    case UnlockedAccess::Write:
      Advice = "hold " + criticalSectionMacro(1).Name.str() + "(" + Obj +
               ") around the store, or use PyList_SetItem, which locks the "
               "list and also releases the item it replaces";
      break;
    case UnlockedAccess::Array:
      Advice = "hold " + criticalSectionMacro(1).Name.str() + "(" + Obj +
               ") for as long as the array is used (PySequence_Fast returns "
               "a list argument itself, not a copy)";
      break;
    default:
      if (A.API->Replacement.empty())
        Advice = "hold " + criticalSectionMacro(1).Name.str() + "(" + Obj +
                 ") around the access and every use of the borrowed item "
                 "(PySequence_Fast returns a list argument itself, not a "
                 "copy)";
      else
        Advice = "no automatic fix: " + Why + "; hold " +
                 criticalSectionMacro(1).Name.str() + "(" + Obj +
                 ") around the access and every use of the borrowed item, or "
                 "use " +
                 A.API->Replacement.str() +
                 " (3.13) and handle its NULL result";
    }
    diag(A.NameLoc, Advice, DiagnosticIDs::Note);
  }
  // A length read of the same container in the condition of a loop around
  // the access: the index it bounds can be stale by the time it is used.
  if (!A.Container || !A.E || !Fixes.empty())
    return;
  std::string Norm = CriticalSectionTracker::normalizeObject(A.Container, C);
  DynTypedNode N = DynTypedNode::create(*A.E);
  for (N = parentOf(N, C); !N.get<FunctionDecl>() && (N.get<Stmt>() || N.get<Decl>());
       N = parentOf(N, C)) {
    const Expr *Cond = nullptr;
    if (const auto *F = N.get<ForStmt>())
      Cond = F->getCond();
    else if (const auto *W = N.get<WhileStmt>())
      Cond = W->getCond();
    else if (const auto *Do = N.get<DoStmt>())
      Cond = Do->getCond();
    if (!Cond)
      continue;
    CharSourceRange R = fileRange(Cond->getSourceRange(), C);
    if (R.isInvalid())
      continue;
    for (const SizeRead &Sz : Sizes)
      if (Sz.Container == Norm &&
          !SM.isBeforeInTranslationUnit(Sz.Loc, R.getBegin()) &&
          SM.isBeforeInTranslationUnit(Sz.Loc, R.getEnd())) {
        diag(Sz.Loc, "the index is bounded by this length of '%0', which "
                     "another thread can change before the item is accessed",
             DiagnosticIDs::Note)
            << Obj;
        return;
      }
  }
}

} // namespace clang::tidy::freethreading
