//===--- RefcountTestCheck.cpp - freethreading-refcount-test --------------===//

#include "checks/RefcountTestCheck.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "lib/UserCodeScope.h"
#include "lib/Parents.h"
#include "lib/RefcountRead.h"
#include "llvm/Support/Regex.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

const ast_matchers::internal::VariadicDynCastAllOfMatcher<Stmt, RecoveryExpr>
    recoveryExpr;

constexpr llvm::StringLiteral UniqueTest =
    "PyUnstable_Object_IsUniquelyReferenced";

/// What a comparison of a reference count with a number asks.
enum class CountQuestion {
  Unique,    ///< == 1, <= 1, < 2
  NotUnique, ///< != 1, > 1, >= 2
  Other,     ///< any other number or operator
};

/// A comparison "read OP number", with the number moved to the right.
struct CountComparison {
  RefcountRead Read;
  BinaryOperatorKind Op;
  int64_t Number;
  CountQuestion Question;
};

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

std::optional<int64_t> integerConstant(const Expr *E, const ASTContext &Ctx) {
  if (E->isValueDependent() || E->containsErrors())
    return std::nullopt;
  std::optional<llvm::APSInt> V = E->getIntegerConstantExpr(Ctx);
  if (!V || V->getSignificantBits() > 64)
    return std::nullopt;
  return V->getExtValue();
}

/// A comparison that can be a CountComparison (see mayBeRefcountRead).
AST_MATCHER(BinaryOperator, mayCompareCount) {
  return Node.isComparisonOp() &&
         (mayBeRefcountRead(Node.getLHS()) || mayBeRefcountRead(Node.getRHS()));
}

/// \p Cmp as "reference count OP number", or std::nullopt.
std::optional<CountComparison> asCountComparison(const BinaryOperator *Cmp,
                                                 ASTContext &Ctx) {
  if (!Cmp->isComparisonOp())
    return std::nullopt;
  for (bool ReadOnLeft : {true, false}) {
    const Expr *ReadSide = ReadOnLeft ? Cmp->getLHS() : Cmp->getRHS();
    const Expr *NumberSide = ReadOnLeft ? Cmp->getRHS() : Cmp->getLHS();
    std::optional<RefcountRead> Read = asRefcountRead(ReadSide, Ctx);
    if (!Read)
      continue;
    std::optional<int64_t> N = integerConstant(NumberSide, Ctx);
    if (!N)
      return std::nullopt;
    BinaryOperatorKind Op =
        ReadOnLeft ? Cmp->getOpcode() : mirror(Cmp->getOpcode());
    return CountComparison{*Read, Op, *N, classify(Op, *N)};
  }
  return std::nullopt;
}

/// The nearest parent of \p E that is not a parenthesis or implicit cast.
const Stmt *syntacticParent(const Expr *E, ASTContext &Ctx) {
  const Stmt *Child = E;
  while (true) {
    DynTypedNodeList Parents = parentsOf(*Child, Ctx);
    if (Parents.empty())
      return nullptr;
    const auto *P = Parents[0].get<Stmt>();
    if (!P || !isa<ParenExpr, ImplicitCastExpr>(P))
      return P;
    Child = P;
  }
}

/// How an ob_refcnt access uses the field.
enum class FieldUse { Read, Write, Address };

FieldUse fieldUse(const Expr *Access, ASTContext &Ctx) {
  const Stmt *P = syntacticParent(Access, Ctx);
  if (const auto *BO = dyn_cast_or_null<BinaryOperator>(P)) {
    if (BO->isAssignmentOp() &&
        BO->getLHS()->IgnoreParenImpCasts() == Access->IgnoreParenImpCasts())
      return FieldUse::Write;
  } else if (const auto *UO = dyn_cast_or_null<UnaryOperator>(P)) {
    if (UO->isIncrementDecrementOp())
      return FieldUse::Write;
    if (UO->getOpcode() == UO_AddrOf)
      return FieldUse::Address;
  }
  return FieldUse::Read;
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
  return Chain.match(Object) ? "(PyObject *)" + Object
                             : "(PyObject *)(" + Object + ")";
}

StringRef readName(const RefcountRead &R) {
  return R.Kind == RefcountRead::Macro ? "Py_REFCNT()" : "ob_refcnt";
}

} // namespace

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
}

void RefcountTestCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  // Template instantiations repeat the template's own findings. C has no
  // templates, and the matcher walks the node's ancestors through
  // ASTContext's parent map of the whole translation unit, so it is asked in
  // C++ only.
  if (getLangOpts().CPlusPlus) {
    auto InUserCode = unless(isInTemplateInstantiation());
    Finder->addMatcher(
        binaryOperator(mayCompareCount(), InUserCode).bind("cmp"), this);
    Finder->addMatcher(
        memberExpr(member(hasName("ob_refcnt")), InUserCode).bind("field"),
        this);
    Finder->addMatcher(recoveryExpr(InUserCode).bind("field"), this);
    return;
  }
  Finder->addMatcher(binaryOperator(mayCompareCount()).bind("cmp"), this);
  Finder->addMatcher(memberExpr(member(hasName("ob_refcnt"))).bind("field"),
                     this);
  Finder->addMatcher(recoveryExpr().bind("field"), this);
}

void RefcountTestCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *Cmp = Result.Nodes.getNodeAs<BinaryOperator>("cmp"))
    checkComparison(Cmp, *Result.Context);
  else if (const auto *Access = Result.Nodes.getNodeAs<Expr>("field"))
    checkField(Access, *Result.Context);
}

void RefcountTestCheck::checkComparison(const BinaryOperator *Cmp,
                                        ASTContext &Ctx) {
  std::optional<CountComparison> C = asCountComparison(Cmp, Ctx);
  if (!C)
    return;
  const RefcountRead &R = C->Read;
  if (C->Question == CountQuestion::Other) {
    diag(R.NameLoc, "reference count compared with %0: on the free-threaded "
                    "build the count is shared with other threads and "
                    "changes under this one, so the result cannot be relied on")
        << std::to_string(C->Number);
    diag(R.NameLoc,
         "no automatic fix: only a test for exactly one reference has a "
         "thread-safe replacement (%0); make the code correct whatever the "
         "count is, or hold a lock that every user of the object takes",
         DiagnosticIDs::Note)
        << UniqueTest;
    return;
  }

  const bool Negated = C->Question == CountQuestion::NotUnique;
  const std::string Prefix = (Negated ? "!" : "") + UniqueTest.str();
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Whole = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Cmp->getSourceRange()), SM,
      Ctx.getLangOpts());
  std::string Object = refcountObjectText(R, Ctx);
  std::optional<std::string> Unavailable;
  if (Whole.isValid() && !Object.empty())
    Unavailable = Compat.whyUnavailable(UniqueTest, Whole.getBegin(), Ctx);
  const bool Fixable = Whole.isValid() && !Object.empty() && !Unavailable;
  {
    auto Warning = diag(R.NameLoc,
                        "uniqueness test on '%0': on the free-threaded build a "
                        "reference count of 1 does not prove that no other "
                        "thread can reach the object; use '%1()' (3.14+)")
                   << readName(R) << Prefix;
    if (Fixable) {
      Warning << FixItHint::CreateReplacement(
          Whole, Prefix + "(" + asPyObjectArgument(Object, R.Object) + ")");
      if (std::optional<FixItHint> Include =
              Compat.includeFor(UniqueTest, Whole.getBegin(), Ctx))
        Warning << *Include;
    }
  }
  if (Unavailable)
    diag(R.NameLoc, "no automatic fix: %0", DiagnosticIDs::Note)
        << *Unavailable;
  else if (!Fixable)
    diag(R.NameLoc,
         "no automatic fix: the test is spelled inside a macro; replace it "
         "by hand",
         DiagnosticIDs::Note);
}

void RefcountTestCheck::checkField(const Expr *Access, ASTContext &Ctx) {
  std::optional<RefcountRead> R = asRefcountRead(Access, Ctx);
  if (!R || R->Kind != RefcountRead::Field)
    return;
  // A uniqueness test on the field is reported (and fixed) as a whole.
  if (const auto *Cmp =
          dyn_cast_or_null<BinaryOperator>(syntacticParent(Access, Ctx))) {
    std::optional<CountComparison> C = asCountComparison(Cmp, Ctx);
    if (C && C->Question != CountQuestion::Other)
      return;
  }

  FieldUse Use = fieldUse(Access, Ctx);
  if (Use != FieldUse::Read) {
    diag(R->NameLoc,
         "direct %select{write to|address of}0 'ob_refcnt': the free-threaded "
         "build has no such field (the count is split into ob_ref_local and "
         "ob_ref_shared)")
        << (Use == FieldUse::Write ? 0 : 1);
    diag(R->NameLoc,
         "no automatic fix: use Py_SET_REFCNT(), Py_INCREF() or Py_DECREF() "
         "instead of changing the field",
         DiagnosticIDs::Note);
    return;
  }
  std::string Object = refcountObjectText(*R, Ctx);
  {
    auto Warning = diag(R->NameLoc,
                        "direct read of 'ob_refcnt': the free-threaded build "
                        "has no such field (the count is split into "
                        "ob_ref_local and ob_ref_shared); use 'Py_REFCNT()'");
    if (!Object.empty())
      Warning << FixItHint::CreateReplacement(R->FileRange,
                                              "Py_REFCNT(" + Object + ")");
  }
  if (Object.empty())
    diag(R->NameLoc,
         "no automatic fix: the access is spelled inside a macro; replace it "
         "by hand",
         DiagnosticIDs::Note);
}

} // namespace clang::tidy::freethreading
