//===--- RefcountWrite.cpp ------------------------------------------------===//

#include "lib/RefcountWrite.h"
#include "lib/CPythonAPI.h"
#include "lib/Parents.h"
#include "lib/PythonHeaders.h"
#include "lib/RefcountRead.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::freethreading {

namespace {

/// One operand of a sum: the expression and whether it is subtracted.
struct Term {
  const Expr *E;
  bool Subtracted;
};

bool isAdditive(const Expr *E) {
  const auto *BO = dyn_cast<BinaryOperator>(E);
  return BO && (BO->getOpcode() == BO_Add || BO->getOpcode() == BO_Sub);
}

void collectTerms(const Expr *E, bool Subtracted,
                  llvm::SmallVectorImpl<Term> &Out) {
  E = E->IgnoreParenImpCasts();
  if (isAdditive(E)) {
    const auto *BO = cast<BinaryOperator>(E);
    collectTerms(BO->getLHS(), Subtracted, Out);
    collectTerms(BO->getRHS(),
                 BO->getOpcode() == BO_Sub ? !Subtracted : Subtracted, Out);
    return;
  }
  Out.push_back({E, Subtracted});
}

/// The change a known delta makes: its sign.
CountChange changeOf(int64_t Delta) {
  if (Delta > 0)
    return CountChange::Increment;
  if (Delta < 0)
    return CountChange::Decrement;
  return CountChange::Unknown;
}

/// The assignment operator \p Writer applied to an ob_refcnt field, or
/// nullptr when \p Writer is not one.
const BinaryOperator *fieldAssignment(const Expr *Writer, ASTContext &Ctx) {
  const auto *BO = dyn_cast<BinaryOperator>(Writer);
  if (!BO || !BO->isAssignmentOp())
    return nullptr;
  std::optional<RefcountRead> Target = asRefcountRead(BO->getLHS(), Ctx);
  return Target && Target->Kind == RefcountRead::Field ? BO : nullptr;
}

} // namespace

std::optional<CountChange> countArithmetic(const Expr *Value,
                                           ASTContext &Ctx) {
  llvm::SmallVector<Term, 4> Terms;
  collectTerms(Value, false, Terms);
  if (Terms.size() < 2)
    return std::nullopt;
  unsigned Reads = 0, Added = 0, Subtracted = 0;
  bool ReadSubtracted = false;
  int64_t Constant = 0;
  for (const Term &T : Terms) {
    if (mayBeRefcountRead(T.E) && asRefcountRead(T.E, Ctx)) {
      ++Reads;
      ReadSubtracted |= T.Subtracted;
    } else if (std::optional<int64_t> N = integerConstantOf(T.E, Ctx)) {
      // Counts are far from 2^63: the sum of a few literals cannot overflow.
      Constant += T.Subtracted ? -*N : *N;
    } else {
      ++(T.Subtracted ? Subtracted : Added);
    }
  }
  if (Reads == 0)
    return std::nullopt;
  if (Reads > 1 || ReadSubtracted)
    return CountChange::Unknown;
  if (Added == 0 && Subtracted == 0)
    return changeOf(Constant);
  if (Subtracted == 0 && Constant >= 0)
    return CountChange::Increment;
  if (Added == 0 && Constant <= 0)
    return CountChange::Decrement;
  return CountChange::Unknown;
}

std::optional<RefcountWriteBack> asSetRefcountWriteBack(const CallExpr *Call,
                                                        ASTContext &Ctx) {
  using refcount_detail::userMacroInvocation;
  if (!refcountCallee(Call, RefcountRole::Write) || Call->getNumArgs() != 2)
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Begin = Call->getBeginLoc();
  RefcountWriteBack W;
  if (Begin.isMacroID()) {
    CharSourceRange Invocation = userMacroInvocation(
        Begin, refcountMacro(RefcountRole::Write), SM, Ctx.getLangOpts());
    if (Invocation.isInvalid())
      return std::nullopt;
    W.NameLoc = SM.getSpellingLoc(Invocation.getBegin());
  } else if (spelledByUser(Begin, SM)) {
    W.NameLoc = Begin; // the function called by name, without the macro
  } else {
    return std::nullopt;
  }
  std::optional<CountChange> Change = countArithmetic(Call->getArg(1), Ctx);
  if (!Change)
    return std::nullopt;
  W.Change = *Change;
  return W;
}

std::optional<CountChange> fieldWriteChange(const Expr *Writer,
                                            ASTContext &Ctx) {
  if (const auto *UO = dyn_cast<UnaryOperator>(Writer)) {
    if (!UO->isIncrementDecrementOp())
      return std::nullopt;
    return UO->isIncrementOp() ? CountChange::Increment
                               : CountChange::Decrement;
  }
  const BinaryOperator *BO = fieldAssignment(Writer, Ctx);
  if (!BO)
    return std::nullopt;
  switch (BO->getOpcode()) {
  case BO_Assign:
    return countArithmetic(BO->getRHS(), Ctx);
  case BO_AddAssign:
  case BO_SubAssign: {
    bool Adds = BO->getOpcode() == BO_AddAssign;
    if (std::optional<int64_t> N = integerConstantOf(BO->getRHS(), Ctx))
      return changeOf(Adds ? *N : -*N);
    return Adds ? CountChange::Increment : CountChange::Decrement;
  }
  default:
    return std::nullopt;
  }
}

bool isWriteBackOperand(const Expr *Read, ASTContext &Ctx) {
  // Up through the sum the read is a term of, to what consumes the sum.
  const Expr *Top = Read;
  DynTypedNode P = syntacticParentOf(Top, Ctx);
  while (const auto *E = P.get<Expr>()) {
    if (!isAdditive(E))
      break;
    Top = E;
    P = syntacticParentOf(Top, Ctx);
  }
  if (Top == Read)
    return false; // no arithmetic around the read
  if (const auto *Call = P.get<CallExpr>())
    return Call->getNumArgs() == 2 &&
           Call->getArg(1)->IgnoreParenImpCasts() == Top &&
           asSetRefcountWriteBack(Call, Ctx).has_value();
  if (const auto *BO = P.get<BinaryOperator>())
    return BO->getRHS()->IgnoreParenImpCasts() == Top &&
           fieldAssignment(BO, Ctx) && fieldWriteChange(BO, Ctx).has_value();
  return false;
}

} // namespace clang::tidy::freethreading
