//===--- RefcountTestCheck.cpp - freethreading-refcount-test --------------===//

#include "checks/RefcountTestCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/FixPlan.h"
#include "lib/Parents.h"
#include "lib/RefcountRead.h"
#include "lib/RefcountWrite.h"
#include "lib/StatementText.h"
#include "lib/StoredRefcount.h"
#include "lib/UserCodeScope.h"
#include "llvm/Support/Regex.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

const ast_matchers::internal::VariadicDynCastAllOfMatcher<Stmt, RecoveryExpr>
    recoveryExpr;

/// What a comparison of a reference count with a number asks.
enum class CountQuestion {
  Unique,    ///< == 1, <= 1, < 2
  NotUnique, ///< != 1, > 1, >= 2
  Other,     ///< any other number or operator
};

/// A comparison "operand OP number", with the number moved to the right.
struct NumberComparison {
  BinaryOperatorKind Op;
  int64_t Number;
  CountQuestion Question;
};

/// A comparison of a reference-count read with a number.
struct CountComparison {
  RefcountRead Read;
  NumberComparison N;
};

constexpr llvm::StringLiteral UniqueTestWarning =
    "on the free-threaded build a reference count of 1 does not prove that "
    "no other thread can reach the object; use '%1()' (%2+)";
constexpr llvm::StringLiteral OtherNumberWarning =
    "reference count compared with %0: on the free-threaded build the count "
    "is shared with other threads and changes under this one, so the result "
    "cannot be relied on";

/// Why a comparison with another number than 1 is not fixed.
FixPlan otherNumberPlan() {
  return FixPlan::none("only a test for exactly one reference has a "
                       "thread-safe replacement (" +
                       uniquenessTest().str() +
                       "); make the code correct whatever the count is, or "
                       "hold a lock that every user of the object takes");
}

BinaryOperatorKind mirror(BinaryOperatorKind Op) {
  switch (Op) {
  case BO_LT:
    return BO_GT;
  case BO_GT:
    return BO_LT;
  case BO_LE:
    return BO_GE;
  case BO_GE:
    return BO_LE;
  default:
    return Op; // == and != are symmetric.
  }
}

CountQuestion classify(BinaryOperatorKind Op, int64_t N) {
  if ((Op == BO_EQ && N == 1) || (Op == BO_LE && N == 1) ||
      (Op == BO_LT && N == 2))
    return CountQuestion::Unique;
  if ((Op == BO_NE && N == 1) || (Op == BO_GT && N == 1) ||
      (Op == BO_GE && N == 2))
    return CountQuestion::NotUnique;
  return CountQuestion::Other;
}

/// \p Cmp as "its left (\p OperandOnLeft) or right operand OP number".
std::optional<NumberComparison> comparedWithNumber(const BinaryOperator *Cmp,
                                                   bool OperandOnLeft,
                                                   const ASTContext &Ctx) {
  if (!Cmp->isComparisonOp())
    return std::nullopt;
  std::optional<int64_t> N = integerConstantOf(
      OperandOnLeft ? Cmp->getRHS() : Cmp->getLHS(), Ctx);
  if (!N)
    return std::nullopt;
  BinaryOperatorKind Op =
      OperandOnLeft ? Cmp->getOpcode() : mirror(Cmp->getOpcode());
  return NumberComparison{Op, *N, classify(Op, *N)};
}

/// A comparison that can be a CountComparison (see mayBeRefcountRead).
bool comparesCount(const BinaryOperator &Node, ASTContext &) {
  return Node.isComparisonOp() &&
         (mayBeRefcountRead(Node.getLHS()) || mayBeRefcountRead(Node.getRHS()));
}

AST_MATCHER(BinaryOperator, mayCompareCount) {
  return comparesCount(Node, Finder->getASTContext());
}

/// The local a count may be stored into by \p Store ('n = Py_REFCNT(o)'),
/// or nullptr.
const VarDecl *countStoredBy(const BinaryOperator &Store) {
  const auto *Ref = dyn_cast<DeclRefExpr>(Store.getLHS()->IgnoreParens());
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  return Store.getOpcode() == BO_Assign && Var && mayHoldStoredCount(Var) &&
                 mayBeRefcountRead(Store.getRHS())
             ? Var
             : nullptr;
}

AST_MATCHER(Expr, mayBeCountRead) { return mayBeRefcountRead(&Node); }

AST_MATCHER(VarDecl, mayHoldCount) { return mayHoldStoredCount(&Node); }

bool setsRefcount(const CallExpr &Node, ASTContext &) {
  return refcountCallee(&Node, RefcountRole::Write);
}

AST_MATCHER(CallExpr, callsRefcountSetter) {
  return setsRefcount(Node, Finder->getASTContext());
}

AST_MATCHER(BinaryOperator, storesCount) {
  return countStoredBy(Node) != nullptr;
}

/// \p Cmp as "reference count OP number", or std::nullopt.
std::optional<CountComparison> asCountComparison(const BinaryOperator *Cmp,
                                                 ASTContext &Ctx) {
  if (!Cmp->isComparisonOp())
    return std::nullopt;
  for (bool ReadOnLeft : {true, false}) {
    std::optional<RefcountRead> Read =
        asRefcountRead(ReadOnLeft ? Cmp->getLHS() : Cmp->getRHS(), Ctx);
    if (!Read)
      continue;
    std::optional<NumberComparison> N =
        comparedWithNumber(Cmp, ReadOnLeft, Ctx);
    if (!N)
      return std::nullopt;
    return CountComparison{*Read, *N};
  }
  return std::nullopt;
}

/// The comparison that \p Ref is a whole operand of, or nullptr.
const BinaryOperator *comparisonOf(const DeclRefExpr *Ref, ASTContext &Ctx) {
  const auto *Cmp = syntacticParentOf(Ref, Ctx).get<BinaryOperator>();
  if (!Cmp || !Cmp->isComparisonOp())
    return nullptr;
  return Cmp->getLHS()->IgnoreParenImpCasts() == Ref ||
                 Cmp->getRHS()->IgnoreParenImpCasts() == Ref
             ? Cmp
             : nullptr;
}

/// Every reference to \p Var in \p S, in source order.
void referencesTo(const Stmt *S, const VarDecl *Var,
                  llvm::SmallVectorImpl<const DeclRefExpr *> &Out) {
  if (!S)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S); Ref && Ref->getDecl() == Var)
    Out.push_back(Ref);
  for (const Stmt *C : S->children())
    referencesTo(C, Var, Out);
}

/// How an ob_refcnt access uses the field.
enum class FieldUse { Read, Write, Address };

/// How \p Access uses the field, given its syntactic parent \p Parent.
FieldUse fieldUse(const Expr *Access, const Stmt *Parent) {
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(Parent)) {
    if (BO->isAssignmentOp() &&
        BO->getLHS()->IgnoreParenImpCasts() == Access->IgnoreParenImpCasts())
      return FieldUse::Write;
  } else if (const auto *UO = dyn_cast_or_null<UnaryOperator>(Parent)) {
    if (UO->isIncrementDecrementOp())
      return FieldUse::Write;
    if (UO->getOpcode() == UO_AddrOf)
      return FieldUse::Address;
  }
  return FieldUse::Read;
}

/// The statement of a block that declares \p Var, or nullptr (a parameter,
/// a declaration in a for or if header).
const DeclStmt *declarationStatement(const VarDecl *Var, ASTContext &Ctx) {
  DynTypedNodeList Holders = parentsOf(*Var, Ctx);
  const auto *DS = Holders.empty() ? nullptr : Holders[0].get<DeclStmt>();
  if (!DS)
    return nullptr;
  DynTypedNodeList Blocks = parentsOf(*DS, Ctx);
  return !Blocks.empty() && Blocks[0].get<CompoundStmt>() ? DS : nullptr;
}

/// The store statement and variable when \p Access is the whole value stored
/// into a local variable (`n = x->ob_refcnt;`, `Py_ssize_t n = ...;`).
std::pair<const Stmt *, const VarDecl *> storeOfValue(const Expr *Access,
                                                      ASTContext &Ctx) {
  DynTypedNode P = syntacticParentOf(Access, Ctx);
  if (const auto *Var = P.get<VarDecl>()) {
    if (const DeclStmt *DS = declarationStatement(Var, Ctx))
      return {DS, Var};
  } else if (const auto *BO = P.get<BinaryOperator>()) {
    const auto *Target = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
    if (BO->getOpcode() == BO_Assign && Target &&
        BO->getRHS()->IgnoreParenImpCasts() == Access->IgnoreParenImpCasts())
      if (const auto *Var = dyn_cast<VarDecl>(Target->getDecl()))
        return {BO, Var};
  }
  return {nullptr, nullptr};
}

/// \p Object as an argument of type PyObject *.
std::string asPyObjectArgument(const std::string &Object, const Expr *E) {
  // A type that depends on a template parameter gets the cast Py_REFCNT
  // would have applied.
  QualType T = E->getType();
  bool IsPyObjectPointer =
      !T.isNull() && !T->isDependentType() && T->isPointerType() &&
      refcount_detail::isPyObjectRecord(T->getPointeeType());
  if (IsPyObjectPointer || Object.front() == '&')
    return Object;
  static const llvm::Regex Chain(
      "^[A-Za-z_][A-Za-z0-9_]*((->|\\.)[A-Za-z_][A-Za-z0-9_]*)*$");
  const std::string Cast = ("(" + objectTypeName() + " *)").str();
  return Chain.match(Object) ? Cast + Object : Cast + "(" + Object + ")";
}

std::string readName(const RefcountRead &R) {
  return R.Kind == RefcountRead::Macro
             ? (refcountMacro(RefcountRole::Read) + "()").str()
             : refcountField().str();
}

/// "!PyUnstable_Object_IsUniquelyReferenced" for a not-unique test.
std::string uniqueTestCall(CountQuestion Q) {
  return (Q == CountQuestion::NotUnique ? "!" : "") + uniquenessTest().str();
}

std::string uniqueTestVersion() {
  return formatPythonVersion(uniquenessTestAddedIn());
}

std::string lineOf(SourceLocation Loc, const ASTContext &Ctx) {
  return std::to_string(Ctx.getSourceManager().getExpansionLineNumber(Loc));
}

/// What to use instead of a hand-made count change, and why the check does
/// not rewrite it.
StringRef repairAdvice(CountChange Change) {
  switch (Change) {
  case CountChange::Increment:
    return "use Py_INCREF() (or Py_NewRef() where the new reference is used "
           "as a value), once per reference taken, and convert the matching "
           "decrement with it: changing one side alone unbalances a debug "
           "build's reference total";
  case CountChange::Decrement:
    return "use Py_DECREF(), once per reference released; unlike this write "
           "it deallocates the object when the count reaches zero, so where "
           "that must not happen (undoing a temporary resurrection in a "
           "deallocator) move the cleanup to tp_finalize and call "
           "PyObject_CallFinalizerFromDealloc()";
  case CountChange::Unknown:
    break;
  }
  return "take and release references only with Py_INCREF() and Py_DECREF() "
         "(or Py_NewRef()), one call per reference";
}

} // namespace

/// One test on a count stored in a local variable.
struct RefcountTestCheck::StoredTest {
  StoredCountUse Use;
  const DeclRefExpr *Ref = nullptr;
  const BinaryOperator *Cmp = nullptr;
  NumberComparison N;
  /// Where the replacement starts (for the include), when Plan has a fix.
  SourceLocation FixLoc;
  /// The fix, or why there is none (uniqueness tests only).
  FixPlan Plan;
};

RefcountTestCheck::RefcountTestCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      CompatHeader(Options.getLocalOrGlobal("CompatHeader", "")),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      Compat(CompatHeader, IncludeStyle) {}

void RefcountTestCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "CompatHeader", CompatHeader);
  Options.store(Opts, "IncludeStyle", IncludeStyle);
}

void RefcountTestCheck::registerPPCallbacks(const SourceManager &,
                                            Preprocessor *PP, Preprocessor *) {
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
}

void RefcountTestCheck::onStartOfTranslationUnit() { RemovedStores.clear(); }

void RefcountTestCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  const StatementMatcher Fields[] = {
      memberExpr(member(hasName(refcountField()))).bind("field"),
      recoveryExpr().bind("field"),
  };
  // A count stored into a local by its declaration.
  const DeclarationMatcher Declared =
      varDecl(mayHoldCount(), hasInitializer(mayBeCountRead()))
          .bind("declared");
  // Template instantiations repeat the template's own findings. C has no
  // templates, and the matcher walks the node's ancestors through
  // ASTContext's parent map of the whole translation unit, so it is asked in
  // C++ only. In C, the comparisons, the counts stored into a local by
  // assignment and the Py_SET_REFCNT calls come from lib/NodeHub, which
  // runs one matcher per node kind for every check.
  if (!getLangOpts().CPlusPlus) {
    listenFor<BinaryOperator>(*Finder, *this, Hub, "cmp", comparesCount);
    listenFor<BinaryOperator>(*Finder, *this, Hub, "store",
                              [](const BinaryOperator &BO, ASTContext &) {
                                return countStoredBy(BO) != nullptr;
                              });
    listenFor<CallExpr>(*Finder, *this, Hub, "set", setsRefcount);
    for (const StatementMatcher &M : Fields)
      Finder->addMatcher(M, this);
    Finder->addMatcher(Declared, this);
    return;
  }
  auto InUserCode = unless(isInTemplateInstantiation());
  const StatementMatcher Stmts[] = {
      binaryOperator(mayCompareCount()).bind("cmp"), Fields[0], Fields[1],
      binaryOperator(storesCount()).bind("store"),
      callExpr(callsRefcountSetter()).bind("set")};
  for (const StatementMatcher &M : Stmts)
    Finder->addMatcher(stmt(M, InUserCode), this);
  Finder->addMatcher(decl(Declared, unless(isInstantiated())), this);
}

void RefcountTestCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const BoundNodes &Nodes = Result.Nodes;
  // Code no free-threaded build compiles: a count there is exact.
  for (const auto &[Id, Node] : Nodes.getMap())
    if (Branches->neverFreeThreaded(Node.getSourceRange().getBegin()))
      return;
  if (const auto *Cmp = Nodes.getNodeAs<BinaryOperator>("cmp")) {
    checkComparison(Cmp, Ctx);
  } else if (const auto *Access = Nodes.getNodeAs<Expr>("field")) {
    checkField(Access, Ctx);
  } else if (const auto *Assign = Nodes.getNodeAs<BinaryOperator>("store")) {
    const VarDecl *Var = countStoredBy(*Assign);
    // (As the node the matcher bound, the local is tested too.)
    if (!Branches->neverFreeThreaded(Var->getSourceRange().getBegin()))
      checkStore(Assign, Var, Ctx);
  } else if (const auto *Var = Nodes.getNodeAs<VarDecl>("declared")) {
    if (const DeclStmt *DS = declarationStatement(Var, Ctx))
      checkStore(DS, Var, Ctx);
  } else if (const auto *Call = Nodes.getNodeAs<CallExpr>("set")) {
    checkSetRefcount(Call, Ctx);
  }
}

void RefcountTestCheck::checkComparison(const BinaryOperator *Cmp,
                                        ASTContext &Ctx) {
  std::optional<CountComparison> C = asCountComparison(Cmp, Ctx);
  if (!C)
    return;
  const RefcountRead &R = C->Read;
  const StringRef UniqueTest = uniquenessTest();
  if (C->N.Question == CountQuestion::Other) {
    diag(R.NameLoc, OtherNumberWarning) << std::to_string(C->N.Number);
    noteWhyNoFix(*this, R.NameLoc, otherNumberPlan());
    return;
  }

  const std::string Prefix = uniqueTestCall(C->N.Question);
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Whole = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Cmp->getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Object = refcountObjectText(R, Ctx);
  FixPlan Plan;
  if (Whole.isInvalid() || Object.empty())
    Plan = FixPlan::none("the test is spelled inside a macro; replace it by "
                         "hand");
  else if (std::optional<std::string> Why =
               Compat.whyUnavailable(UniqueTest, Whole.getBegin(), Ctx))
    Plan = FixPlan::none(*Why);
  else {
    Plan.Edits.push_back(FixItHint::CreateReplacement(
        Whole, Prefix + "(" + asPyObjectArgument(Object, R.Object) + ")"));
    Plan.Introduces = UniqueTest;
  }
  {
    auto Warning = diag(R.NameLoc, ("uniqueness test on '%0': " +
                                    UniqueTestWarning).str())
                   << readName(R) << Prefix << uniqueTestVersion();
    for (const FixItHint &Edit : Plan.Edits)
      Warning << Edit;
    if (Plan.hasFix())
      if (std::optional<FixItHint> Include =
              Compat.includeFor(Plan.Introduces, Whole.getBegin(), Ctx))
        Warning << *Include;
  }
  noteWhyNoFix(*this, R.NameLoc, Plan);
}

std::vector<RefcountTestCheck::StoredTest>
RefcountTestCheck::storedTests(const Stmt *Statement, const VarDecl *Var,
                               ASTContext &Ctx) {
  std::vector<StoredTest> Tests;
  InnermostFunction F = innermostFunction(Statement, Ctx);
  if (!F.Body || !asRefcountStore(Statement, Var, Ctx))
    return Tests;
  llvm::SmallVector<const DeclRefExpr *, 8> Refs;
  referencesTo(F.Body, Var, Refs);
  for (const DeclRefExpr *Ref : Refs) {
    const BinaryOperator *Cmp = comparisonOf(Ref, Ctx);
    if (!Cmp)
      continue;
    std::optional<NumberComparison> N = comparedWithNumber(
        Cmp, Cmp->getLHS()->IgnoreParenImpCasts() == Ref, Ctx);
    std::optional<StoredCountUse> Use =
        N ? storedCountAt(Ref, Ctx) : std::nullopt;
    if (!Use || Use->Store.Statement != Statement)
      continue;
    StoredTest T;
    T.Use = std::move(*Use);
    T.Ref = Ref;
    T.Cmp = Cmp;
    T.N = *N;
    if (N->Question != CountQuestion::Other) {
      // The variable must be read by this test alone, for the read to move.
      const BinaryOperator *Assign = T.Use.Store.Assignment;
      const auto *Other = llvm::find_if(Refs, [&](const DeclRefExpr *O) {
        return O != Ref && !(Assign && O == Assign->getLHS()->IgnoreParens());
      });
      if (Other != Refs.end())
        T.Plan = FixPlan::none("'" + Var->getName().str() +
                               "' is also used at line " +
                               lineOf((*Other)->getLocation(), Ctx));
      else
        planStoredFix(T, Ctx);
    }
    Tests.push_back(std::move(T));
  }
  return Tests;
}

void RefcountTestCheck::planStoredFix(StoredTest &T, ASTContext &Ctx) {
  const RefcountStore &S = T.Use.Store;
  const std::string Name = "'" + S.Var->getName().str() + "'";
  QualType Type = S.Var->getType();
  if (Ctx.getTypeSize(Type) < Ctx.getTypeSize(Ctx.getSignedSizeType())) {
    T.Plan = FixPlan::none("the count is stored as '" + Type.getAsString() +
                           "', narrower than 'Py_ssize_t', so the test does "
                           "not see the whole count");
    return;
  }
  // The store goes, and with an assignment the variable's declaration too:
  // a statement of its own in a block, declaring nothing else.
  const DeclStmt *Decl = declarationStatement(S.Var, Ctx);
  if (!Decl) {
    T.Plan =
        FixPlan::none(Name + " is not declared by a statement of a block");
    return;
  }
  // The declaration goes too: its initial value must be a plain number.
  if (S.Assignment && S.Var->getInit() &&
      !integerConstantOf(S.Var->getInit(), Ctx)) {
    T.Plan = FixPlan::none("the declaration of " + Name +
                           " has an initializer that is not a number");
    return;
  }
  if (!Decl->isSingleDecl()) {
    T.Plan =
        FixPlan::none(Name + " is declared together with other variables");
    return;
  }
  if (std::optional<std::string> Why = whyReadCannotMove(T.Use, T.Cmp, Ctx)) {
    T.Plan = FixPlan::none(*Why);
    return;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Whole = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(T.Cmp->getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Object = refcountObjectText(S.Read, Ctx);
  std::optional<FixItHint> RemoveStore = removeStatementLine(S.Statement, Ctx);
  std::optional<FixItHint> RemoveDecl =
      S.Assignment ? removeStatementLine(Decl, Ctx) : RemoveStore;
  if (Whole.isInvalid() || Object.empty() || !RemoveStore || !RemoveDecl) {
    T.Plan = FixPlan::none("the read or the test is spelled inside a macro; "
                           "replace them by hand");
    return;
  }
  if (std::optional<std::string> Why =
          Compat.whyUnavailable(uniquenessTest(), Whole.getBegin(), Ctx)) {
    T.Plan = FixPlan::none(*Why);
    return;
  }
  T.FixLoc = Whole.getBegin();
  T.Plan.Edits.push_back(FixItHint::CreateReplacement(
      Whole, uniqueTestCall(T.N.Question) + "(" +
                 asPyObjectArgument(Object, S.Read.Object) + ")"));
  T.Plan.Edits.push_back(*RemoveStore);
  if (S.Assignment)
    T.Plan.Edits.push_back(*RemoveDecl);
  T.Plan.Introduces = uniquenessTest();
}

bool RefcountTestCheck::storeIsRemoved(const Stmt *Statement,
                                       const VarDecl *Var, ASTContext &Ctx) {
  auto [It, New] = RemovedStores.try_emplace(Statement, false);
  if (New)
    for (const StoredTest &T : storedTests(Statement, Var, Ctx))
      It->second |= T.Plan.hasFix();
  return It->second;
}

void RefcountTestCheck::checkStore(const Stmt *Statement, const VarDecl *Var,
                                   ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  bool Removed = false;
  for (const StoredTest &T : storedTests(Statement, Var, Ctx)) {
    Removed |= T.Plan.hasFix();
    SourceLocation Loc = SM.getSpellingLoc(T.Ref->getLocation());
    const RefcountRead &R = T.Use.Store.Read;
    auto NoteStore = [&] {
      diag(R.NameLoc, "'%0' is set here from '%1'", DiagnosticIDs::Note)
          << Var->getName() << readName(R);
    };
    if (T.N.Question == CountQuestion::Other) {
      diag(Loc, OtherNumberWarning) << std::to_string(T.N.Number);
      NoteStore();
      noteWhyNoFix(*this, Loc, otherNumberPlan());
      continue;
    }
    {
      auto Warning = diag(Loc, ("uniqueness test on '%0', a reference count "
                                "read earlier: " +
                                UniqueTestWarning)
                                   .str())
                     << Var->getName() << uniqueTestCall(T.N.Question)
                     << uniqueTestVersion();
      for (const FixItHint &Edit : T.Plan.Edits)
        Warning << Edit;
      if (T.Plan.hasFix())
        if (std::optional<FixItHint> Include =
                Compat.includeFor(T.Plan.Introduces, T.FixLoc, Ctx))
          Warning << *Include;
    }
    NoteStore();
    noteWhyNoFix(*this, Loc, T.Plan);
  }
  RemovedStores[Statement] = Removed;
}

void RefcountTestCheck::checkSetRefcount(const CallExpr *Call,
                                         ASTContext &Ctx) {
  std::optional<RefcountWriteBack> W = asSetRefcountWriteBack(Call, Ctx);
  if (!W)
    return;
  diag(W->NameLoc,
       "reference count set from arithmetic on a count: on the free-threaded "
       "build the count is split into ob_ref_local and ob_ref_shared, and "
       "Py_SET_REFCNT() overwrites both, losing the changes other threads "
       "make between the read and the write; use %select{Py_INCREF()|"
       "Py_DECREF()|Py_INCREF() and Py_DECREF()}0")
      << static_cast<int>(W->Change);
  noteWhyNoFix(*this, W->NameLoc,
               FixPlan::none(repairAdvice(W->Change).str()));
}

void RefcountTestCheck::checkField(const Expr *Access, ASTContext &Ctx) {
  std::optional<RefcountRead> R = asRefcountRead(Access, Ctx);
  if (!R || R->Kind != RefcountRead::Field)
    return;
  const Stmt *Parent = syntacticParentOf(Access, Ctx).get<Stmt>();
  // A uniqueness test on the field is reported (and fixed) as a whole.
  if (const auto *Cmp = dyn_cast_or_null<BinaryOperator>(Parent)) {
    std::optional<CountComparison> C = asCountComparison(Cmp, Ctx);
    if (C && C->N.Question != CountQuestion::Other)
      return;
  }
  FieldUse Use = fieldUse(Access, Parent);
  if (Use != FieldUse::Read) {
    reportFieldWrite(R->NameLoc, Use == FieldUse::Write ? Parent : nullptr,
                     Ctx);
    return;
  }
  // Reported with the write-back it computes, or removed by a stored
  // test's fix.
  if (isWriteBackOperand(Access, Ctx))
    return;
  if (auto [Store, Var] = storeOfValue(Access, Ctx);
      Store && storeIsRemoved(Store, Var, Ctx))
    return;
  std::string Object = refcountObjectText(*R, Ctx);
  FixPlan Plan;
  if (Object.empty())
    Plan = FixPlan::none("the access is spelled inside a macro; replace it "
                         "by hand");
  else
    Plan.Edits.push_back(FixItHint::CreateReplacement(
        R->FileRange,
        (refcountMacro(RefcountRole::Read) + "(" + Object + ")").str()));
  {
    auto Warning = diag(R->NameLoc,
                        "direct read of 'ob_refcnt': the free-threaded build "
                        "has no such field (the count is split into "
                        "ob_ref_local and ob_ref_shared); use 'Py_REFCNT()'");
    for (const FixItHint &Edit : Plan.Edits)
      Warning << Edit;
  }
  noteWhyNoFix(*this, R->NameLoc, Plan);
}

void RefcountTestCheck::reportFieldWrite(SourceLocation Loc,
                                         const Stmt *Writer, ASTContext &Ctx) {
  diag(Loc, "direct %select{write to|address of}0 'ob_refcnt': the "
            "free-threaded build has no such field (the count is split into "
            "ob_ref_local and ob_ref_shared)")
      << (Writer ? 0 : 1);
  const auto *WriterExpr = dyn_cast_or_null<Expr>(Writer);
  std::optional<CountChange> Change =
      WriterExpr ? fieldWriteChange(WriterExpr, Ctx) : std::nullopt;
  noteWhyNoFix(*this, Loc,
               FixPlan::none(Change ? repairAdvice(*Change).str()
                                    : "use Py_SET_REFCNT(), Py_INCREF() or "
                                      "Py_DECREF() instead of changing the "
                                      "field"));
}

} // namespace clang::tidy::freethreading
