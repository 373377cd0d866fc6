//===--- AtomicCounterFix.cpp ---------------------------------------------===//

#include "lib/AtomicCounterFix.h"
#include "lib/StaticVarUses.h"
#include "llvm/ADT/DenseMap.h"

namespace clang::tidy::freethreading {

FixPlan atomicCounterFix(const VarDecl *Var, bool C11Atomics,
                         const ConditionalBranches &Branches, ASTContext &Ctx) {
  if (std::string Why = c11AtomicsObstacle(C11Atomics, Ctx.getLangOpts());
      !Why.empty())
    return FixPlan::none(std::move(Why));
  if (!isPlainInteger(Var->getType()))
    return FixPlan::none("only an integer is made atomic");
  if (std::string Why = soleDeclarationObstacle(Var, Ctx); !Why.empty())
    return FixPlan::none(std::move(Why));

  const SourceManager &SM = Ctx.getSourceManager();
  // Per function: whether every use so far updates.
  llvm::DenseMap<const FunctionDecl *, bool> OnlyUpdates;
  for (const StaticVarUse &U : usesOf(Var, Ctx)) {
    SourceLocation Loc = SM.getFileLoc(U.Ref->getLocation());
    if (!U.Function || U.Kind == UseKind::Other)
      return FixPlan::none("it is used here other than by reading, assigning "
                           "or updating it, and an _Atomic type would change "
                           "this use",
                           Loc);
    bool Updates = U.Kind == UseKind::Update;
    auto [It, First] = OnlyUpdates.try_emplace(U.Function, Updates);
    if (First)
      continue;
    // Updates alone add up the same in any order; a read or an
    // assignment next to another use does not.
    It->second = It->second && Updates;
    if (!It->second)
      return FixPlan::none(
          ("'" + U.Function->getName() +
           "' uses it twice (also here), not only to update it: each use "
           "would be atomic, but not the two together, as they were under "
           "the GIL; make the function's uses one operation, or take a "
           "PyMutex (3.13+) around them")
              .str(),
          Loc);
  }
  if (FixPlan Skipped = skippedCodeObstacle(Var, Branches, Ctx);
      !Skipped.Reason.empty())
    return Skipped;
  FixPlan Plan;
  Plan.Edits.push_back(
      FixItHint::CreateInsertion(Var->getTypeSpecStartLoc(), "_Atomic "));
  return Plan;
}

} // namespace clang::tidy::freethreading
