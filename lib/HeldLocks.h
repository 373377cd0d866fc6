//===--- HeldLocks.h - is a lock held at this statement? ------------------===//
//
// Answers "does a lock taken by an explicit call (PyMutex_Lock(&m),
// PyThread_acquire_lock(l, 1)...) cover this statement?". The supported shape
// is the one the CPython documentation shows: the lock call and its unlock
// call are statements of the same compound statement, and the statement in
// question (or the block containing it) sits between them. Locks are matched
// by the text of their first argument (normalized as critical-section objects
// are). Which functions lock and unlock is in lib/CPythonAPI.def.
//
// Header-only: lib/ sources are listed one by one in CMakeLists.txt.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_HELDLOCKS_H
#define FT_TIDY_LIB_HELDLOCKS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "lib/CPythonAPI.h"
#include "lib/CriticalSectionTracker.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::freethreading {

namespace held_locks_detail {

/// For a statement that is a lock or unlock call: its role and the lock.
inline SectionRole lockCall(const Stmt *S, const ASTContext &Ctx,
                            std::string &Lock) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return SectionRole::None;
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreImplicit()->IgnoreParens());
  if (!Call || Call->getNumArgs() < 1)
    return SectionRole::None;
  const FunctionDecl *FD = Call->getDirectCallee();
  if (!FD || !FD->getIdentifier())
    return SectionRole::None;
  SectionRole Role = lockFunctionRole(FD->getName());
  if (Role != SectionRole::None)
    Lock = CriticalSectionTracker::normalizeObject(Call->getArg(0), Ctx);
  return Role;
}

} // namespace held_locks_detail

/// True when \p S runs between a lock call and the matching unlock call of
/// an enclosing compound statement of the same function.
inline bool heldLockAt(const Stmt *S, ASTContext &Ctx) {
  using namespace held_locks_detail;
  DynTypedNode Child = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = Ctx.getParents(Child);
    if (Parents.empty())
      return false;
    const DynTypedNode &P = Parents[0];
    if (P.get<Decl>() || P.get<LambdaExpr>() || P.get<BlockExpr>())
      return false; // the function's body: locks outside it do not count
    if (const auto *Block = P.get<CompoundStmt>()) {
      llvm::StringSet<> Held;
      for (const Stmt *Sibling : Block->body()) {
        if (Sibling == Child.get<Stmt>())
          break;
        std::string Lock;
        SectionRole Role = lockCall(Sibling, Ctx, Lock);
        if (Role == SectionRole::Begin)
          Held.insert(Lock);
        else if (Role == SectionRole::End)
          Held.erase(Lock);
      }
      if (!Held.empty())
        return true;
    }
    Child = P;
  }
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_HELDLOCKS_H
