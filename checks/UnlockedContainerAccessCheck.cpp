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
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/ErrorExit.h"
#include "lib/ObjectLocals.h"
#include "lib/Parents.h"
#include "lib/PythonHeaders.h"
#include "lib/RefcountRead.h"
#include "lib/RegionExits.h"
#include "lib/ResultVariable.h"
#include "lib/SourceText.h"
#include "lib/StatementText.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include <optional>

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

bool isWanted(llvm::StringRef Name) {
  return findUnlockedContainerAPI(Name) != nullptr;
}

/// The locals a fix may leave the item in: the function's variables, not
/// its parameters, const or not.
constexpr ParameterLocals ItemParams = ParameterLocals::Excluded;
constexpr ConstLocals ItemConst = ConstLocals::Included;

/// The first expression inside \p E (pre-order) that a macro took as an
/// argument written in the user's file (not one a Python header passes
/// between its own macros): the container given to the project's macro.
const Expr *firstMacroArgument(const Expr *E, const SourceManager &SM) {
  SourceLocation B = E->getBeginLoc();
  if (B.isMacroID() && SM.isMacroArgExpansion(B) &&
      spelledByUser(SM.getSpellingLoc(B), SM))
    return E;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = firstMacroArgument(CE, SM))
        return Found;
  return nullptr;
}

/// True when \p Then propagates the exception PyList_GetItemRef set: it
/// releases other references only (Py_DECREF, Py_XDECREF, Py_CLEAR of
/// anything but \p VD) and then returns the function's error value: NULL
/// from a function returning a pointer, -1 from one returning an integer.
bool isErrorExit(const Stmt *Then, const VarDecl *VD, const FunctionDecl *FD,
                 ASTContext &Ctx) {
  std::optional<ErrorExit> Exit = errorExitOf(Then, FD, Ctx);
  return Exit && !Exit->Setter && isa<ReturnStmt>(Exit->Jump) &&
         !mentions(Then, VD);
}

/// True when \p S is `if (<VD is NULL>) <error exit>` with nothing else.
bool isNullExit(const Stmt *S, const VarDecl *VD, const FunctionDecl *FD,
                ASTContext &Ctx) {
  const auto *If = dyn_cast<IfStmt>(S);
  if (!If || If->getElse() || If->getInit() || If->getConditionVariable())
    return false;
  NullTest T = nullTestOf(If->getCond(), Ctx, ItemParams, ItemConst);
  return T.Var == VD && T.TrueWhenNull &&
         isErrorExit(If->getThen(), VD, FD, Ctx);
}

/// Where a read's item goes: owned by a call around the read or not, and
/// stored into a local `PyObject *` by a statement of a block.
struct StoredItem {
  CharSourceRange Wrapper;     ///< The owning call around the read, if any.
  const VarDecl *Var = nullptr;
  const Stmt *S = nullptr;     ///< The assignment or declaration.
  const CompoundStmt *Block = nullptr;
};

/// Finds the StoredItem of the read \p Read; returns why there is none, or
/// nullptr.
const char *findStoredItem(const Expr *Read, StoredItem &Item,
                           ASTContext &C) {
  DynTypedNode Parent;
  const Expr *Value = climbTransparentParents(Read, Parent, C);
  if (const auto *PC = Parent.get<CallExpr>()) {
    Item.Wrapper = fileRange(PC, C);
    llvm::StringRef W = textOf(Item.Wrapper, C);
    if (llvm::none_of(referenceOperations(ReferenceOperation::NewRef),
                      [&](llvm::StringRef Op) { return W.starts_with(Op); }))
      return "the item is passed to a call";
    Value = climbTransparentParents(PC, Parent, C);
  }
  if (const auto *BO = Parent.get<BinaryOperator>()) {
    if (BO->getOpcode() == BO_Assign &&
        ignoreTransparent(BO->getRHS()) == ignoreTransparent(Value))
      Item.Var = pyObjectLocal(BO->getLHS(), ItemParams, ItemConst);
    Item.S = BO;
  } else if (const auto *VD = Parent.get<VarDecl>()) {
    const auto *DS = firstParent(Parent, C).get<DeclStmt>();
    if (DS && DS->isSingleDecl() && isPyObjectLocal(VD, ItemParams, ItemConst))
      Item.Var = VD;
    Item.S = DS;
  }
  if (!Item.Var || !Item.S)
    return "the item is not stored in a local 'PyObject *' variable";
  Item.Block = dyn_cast_or_null<CompoundStmt>(firstParentStmt(Item.S, C));
  if (!Item.Block || fileRange(Item.S, C).isInvalid())
    return "the assignment is not a statement of its own in a block";
  return nullptr;
}

/// True when the statements after \p Item's store test it for NULL with an
/// error exit at once and, without a wrapper, own it next to that test;
/// sets \p Incref to that Py_INCREF statement.
bool followedByNullExit(const StoredItem &Item, const Stmt *&Incref,
                        ASTContext &C) {
  // A lambda's or block's return protocol is not the function's.
  InnermostFunction Fn = innermostFunction(Item.S, C);
  const FunctionDecl *FD = Fn.IsLambdaOrBlock ? nullptr : Fn.function();
  auto It = llvm::find(Item.Block->body(), Item.S);
  auto Next = [&]() -> const Stmt * {
    return It == Item.Block->body_end() || ++It == Item.Block->body_end()
               ? nullptr
               : *It;
  };
  const Stmt *S1 = Next();
  const Stmt *S2 = Item.Wrapper.isValid() ? nullptr : Next();
  const VarDecl *Var = Item.Var;
  if (Item.Wrapper.isValid())
    return S1 && isNullExit(S1, Var, FD, C);
  if (S1 && S2 && isNullExit(S1, Var, FD, C) && isIncrefOf(S2, Var, C))
    Incref = S2;
  else if (S1 && S2 && isIncrefOf(S1, Var, C) && isNullExit(S2, Var, FD, C))
    Incref = S1;
  return Incref != nullptr;
}

/// The statement right after \p Item's store when it is `Py_INCREF(x);`
/// (or Py_XINCREF) of the item's variable; nullptr otherwise.
const Stmt *increfAfter(const StoredItem &Item, ASTContext &C) {
  const Stmt *Next = nextInBlock(Item.Block, Item.S);
  return Next && isIncrefOf(Next, Item.Var, C) ? Next : nullptr;
}

/// Why \p Item is not owned and tested as the fix needs.
std::string missingNullExit(const StoredItem &Item) {
  std::string Missing =
      ("PyList_GetItemRef returns NULL with IndexError when another thread "
       "has shrunk the list, and the item is not followed at once by an "
       "'if (" +
       Item.Var->getName() +
       " == NULL)' that returns the function's error value (NULL or -1)")
          .str();
  if (!Item.Wrapper.isValid())
    Missing += ", with the item owned at once (Py_NewRef, or Py_INCREF next "
               "to that test)";
  return Missing + ", and no earlier error exit of the function fits here "
                   "(a pointer local is assigned, tested, released or "
                   "stored on the way)";
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
  recordAPIUses(*Finder, Hub, Collector, MacroParens);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void UnlockedContainerAccessCheck::check(
    const MatchFinder::MatchResult &Result) {
  // The unit (calls and macro parentheses are recorded by the hub's
  // listeners of registerMatchers).
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
    if (!U.Loc.isFileID() || !spelledByUser(U.Loc, SM))
      continue;
    // A PySequence_Fast_* macro expands to PyList_* uses at the same
    // location; the name the user wrote decides.
    Access A;
    A.API = findUnlockedContainerAPI(tokenSpelling(U.Loc, C));
    A.Editable = A.API != nullptr;
    if (!A.API)
      A.API = findUnlockedContainerAPI(U.Name);
    A.NameLoc = U.Loc;
    // The first argument as written.
    std::optional<WrittenCall> Arg =
        A.Editable ? lexCall(U.Loc, C) : std::nullopt;
    if (Arg && Arg->Args.empty())
      Arg.reset();
    if (A.API->Kind == UnlockedAccess::Size) {
      if (Arg)
        Sizes.push_back(
            {U.Loc, CriticalSectionTracker::normalizeObjectText(Arg->Args[0])});
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
      A.Container = Arg ? exprSpelledAt(A.E, Arg->ArgTokens[0], SM)
                        : firstMacroArgument(A.E, SM);
    A.ContainerText =
        Arg ? Arg->Args[0]
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

/// Plans the rewrite of a read to its replacement: only when the item is
/// owned at once and its NULL result is followed at once by an error exit.
FixPlan UnlockedContainerAccessCheck::planGetItemFix(const Access &A,
                                                     ASTContext &C) {
  const SourceManager &SM = C.getSourceManager();
  if (!A.Editable || !A.E)
    return FixPlan::none("the access is spelled inside a macro");
  if (!A.Container || !isPyObjectPointer(A.Container->getType()))
    return FixPlan::none(
        "the list argument is not a 'PyObject *' expression");
  StoredItem Item;
  if (const char *Why = findStoredItem(A.E, Item, C))
    return FixPlan::none(Why);
  const Stmt *Incref = nullptr;
  // The new NULL test, when the code has none: the function's own earlier
  // error exit, which fits here too (lib/ErrorExit).
  std::string NewTest;
  if (!followedByNullExit(Item, Incref, C)) {
    Incref = Item.Wrapper.isValid() ? nullptr : increfAfter(Item, C);
    // Inside any critical section a copied exit would leave it held (and
    // on the default build the section's macros may expand to nothing the
    // walk can see).
    bool InSection = !Tracker.enclosing(A.NameLoc, C).empty();
    std::optional<ErrorExit> Exit =
        (Item.Wrapper.isValid() || Incref) && !InSection
            ? errorExitReaching(Item.S, Item.Var, C)
            : std::nullopt;
    if (!Exit)
      return FixPlan::none(missingNullExit(Item));
    std::optional<ResultVariableType> Null =
        resultVariableType(Item.Var->getType(), C);
    if (!Null)
      return FixPlan::none(missingNullExit(Item));
    NewTest = ("if (" + Item.Var->getName() + " == " + Null->Zero + ") { " +
               Exit->withoutSetter(C) + " }")
                  .str();
  }
  FixPlan P;
  P.Introduces = A.API->Replacement;
  if (Item.Wrapper.isValid()) {
    // Py_NewRef(PyList_GET_ITEM(l, i)) -> PyList_GetItemRef(l, i)
    CharSourceRange W = Item.Wrapper;
    SourceLocation NameEnd =
        Lexer::getLocForEndOfToken(A.NameLoc, 0, SM, C.getLangOpts());
    SourceLocation Close = W.getEnd().getLocWithOffset(-1);
    if (textOf(CharSourceRange::getCharRange(Close, W.getEnd()), C) != ")")
      return FixPlan::none(
          "the owning call could not be read from the source");
    P.Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getCharRange(W.getBegin(), NameEnd),
        A.API->Replacement));
    P.Edits.push_back(FixItHint::CreateRemoval(
        CharSourceRange::getCharRange(Close, W.getEnd())));
    if (!NewTest.empty()) {
      std::optional<CharSourceRange> Store = statementText(Item.S, C);
      if (!Store)
        return FixPlan::none(
            "the statement could not be read from the source");
      P.Edits.push_back(FixItHint::CreateInsertion(
          Store->getEnd(),
          ("\n" + lineIndentation(Store->getBegin(), SM) + NewTest).str()));
    }
    return P;
  }
  std::optional<FixItHint> Remove;
  if (NewTest.empty()) {
    Remove = removeStatementLine(Incref, C);
  } else if (std::optional<CharSourceRange> Inc = statementText(Incref, C)) {
    // The increment's place takes the test.
    Remove = FixItHint::CreateReplacement(*Inc, NewTest);
  }
  if (!Remove)
    return FixPlan::none(
        "the Py_INCREF statement could not be read from the source");
  P.Edits.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(A.NameLoc, A.NameLoc),
      A.API->Replacement));
  P.Edits.push_back(*Remove);
  return P;
}

bool UnlockedContainerAccessCheck::isExempt(const Access &A, ASTContext &C) {
  if (Compat.inCompatHeader(A.NameLoc, C.getSourceManager()) ||
      Branches->neverFreeThreaded(A.NameLoc))
    return true;
  if (!A.Container)
    return false;
  if (Tracker.guarding(A.Container, C))
    return true;
  const Stmt *At = A.E ? static_cast<const Stmt *>(A.E) : A.Container;
  return Privacy.privacyAt(A.Container, At, C).isPrivate();
}

FixPlan UnlockedContainerAccessCheck::planFix(const Access &A,
                                              ASTContext &C) {
  if (A.API->Kind != UnlockedAccess::Read || A.API->Replacement.empty())
    return FixPlan();
  FixPlan P = planGetItemFix(A, C);
  if (P.hasFix())
    if (std::optional<std::string> Unavailable =
            Compat.whyUnavailable(P.Introduces, A.NameLoc, C))
      P.decline(*Unavailable);
  return P;
}

void UnlockedContainerAccessCheck::warn(const Access &A, const FixPlan &Plan,
                                        ASTContext &C) {
  llvm::StringRef Message;
  switch (A.API->Kind) {
  case UnlockedAccess::Write:
    Message = "'%0' stores into '%1' without a critical section on it; on "
              "the free-threaded build another thread can resize the list at "
              "the same time";
    break;
  case UnlockedAccess::Array:
    Message = "'%0' exposes the item array of '%1' without a critical "
              "section on it; on the free-threaded build another thread can "
              "resize the list and free the array";
    break;
  default:
    Message = "'%0' reads an item of '%1' without a critical section on it; "
              "on the free-threaded build another thread can shrink the list "
              "or replace the item and free it";
  }
  DiagnosticBuilder D = diag(A.NameLoc, Message) << A.API->Name
                                                 << A.ContainerText;
  for (const FixItHint &F : Plan.Edits)
    D << F;
  if (Plan.hasFix())
    if (std::optional<FixItHint> Inc =
            Compat.includeFor(Plan.Introduces, A.NameLoc, C))
      D << *Inc;
}

void UnlockedContainerAccessCheck::noteByHand(const Access &A,
                                              FixPlan Plan) {
  std::string Hold = "hold " + criticalSectionMacro(1).Name.str() + "(" +
                     A.ContainerText + ")";
  switch (A.API->Kind) {
  case UnlockedAccess::Write:
    diag(A.NameLoc,
         Hold + " around the store, or use PyList_SetItem, which locks the "
                "list and also releases the item it replaces",
         DiagnosticIDs::Note);
    return;
  case UnlockedAccess::Array:
    diag(A.NameLoc,
         Hold + " for as long as the array is used (PySequence_Fast returns "
                "a list argument itself, not a copy)",
         DiagnosticIDs::Note);
    return;
  default:
    break;
  }
  if (A.API->Replacement.empty()) {
    diag(A.NameLoc,
         Hold + " around the access and every use of the borrowed item "
                "(PySequence_Fast returns a list argument itself, not a copy)",
         DiagnosticIDs::Note);
    return;
  }
  Plan.Reason += "; " + Hold +
                 " around the access and every use of the borrowed item, or "
                 "use " +
                 A.API->Replacement.str() +
                 " (3.13) and handle its NULL result";
  noteWhyNoFix(*this, A.NameLoc, Plan);
}

void UnlockedContainerAccessCheck::noteStaleBound(
    const Access &A, llvm::ArrayRef<SizeRead> Sizes, ASTContext &C) {
  if (!A.Container || !A.E)
    return;
  const SourceManager &SM = C.getSourceManager();
  std::string Norm = CriticalSectionTracker::normalizeObject(A.Container, C);
  for (DynTypedNode N = firstParent(DynTypedNode::create(*A.E), C);
       !N.get<FunctionDecl>() && (N.get<Stmt>() || N.get<Decl>());
       N = firstParent(N, C)) {
    const Stmt *S = N.get<Stmt>();
    const Expr *Cond = S ? loopCondition(S) : nullptr;
    if (!Cond)
      continue;
    CharSourceRange R = fileRange(Cond, C);
    if (R.isInvalid())
      continue;
    for (const SizeRead &Sz : Sizes)
      if (Sz.Container == Norm &&
          !SM.isBeforeInTranslationUnit(Sz.Loc, R.getBegin()) &&
          SM.isBeforeInTranslationUnit(Sz.Loc, R.getEnd())) {
        diag(Sz.Loc, "the index is bounded by this length of '%0', which "
                     "another thread can change before the item is accessed",
             DiagnosticIDs::Note)
            << A.ContainerText;
        return;
      }
  }
}

void UnlockedContainerAccessCheck::report(const Access &A,
                                          llvm::ArrayRef<SizeRead> Sizes,
                                          ASTContext &C) {
  if (isExempt(A, C))
    return;
  FixPlan Plan = planFix(A, C);
  warn(A, Plan, C);
  if (Plan.hasFix())
    return;
  noteByHand(A, std::move(Plan));
  // A length read of the same container in the condition of a loop around
  // the access: the index it bounds can be stale by the time it is used.
  noteStaleBound(A, Sizes, C);
}

} // namespace clang::tidy::freethreading
