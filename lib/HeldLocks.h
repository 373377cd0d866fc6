//===--- HeldLocks.h - is a lock held at this statement? ------------------===//
//
// Answers "does a lock taken by an explicit call (PyMutex_Lock(&m),
// PyThread_acquire_lock(l, 1)...) cover this statement?". The supported shape
// is the one the CPython documentation shows: the lock call and its unlock
// call are in statements of the same compound statement (directly, or
// inside one, as a lock macro's do-while writes them), and the statement in
// question (or the block containing it) sits between them. In C++ also
// m.lock()/m.unlock() on a lock type, and a std::lock_guard, unique_lock or
// scoped_lock declared earlier in an enclosing block. Locks are matched
// by the text of their first argument (normalized as critical-section objects
// are). Which functions lock and unlock is in lib/CPythonAPI.def.
//
// Header-only: lib/ sources are listed one by one in CMakeLists.txt.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_HELDLOCKS_H
#define FT_TIDY_LIB_HELDLOCKS_H

#include "lib/Parents.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/Stmt.h"
#include "lib/CPythonAPI.h"
#include "lib/CriticalSectionTracker.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::freethreading {

namespace held_locks_detail {

/// C++ scoped guards (std::lock_guard, std::unique_lock, std::scoped_lock):
/// a declaration of one holds its mutexes to the end of the block.
inline bool isScopedGuard(const Stmt *S) {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return false;
  for (const Decl *D : DS->decls()) {
    const auto *VD = dyn_cast<VarDecl>(D);
    const auto *RD =
        VD ? VD->getType().getCanonicalType()->getAsCXXRecordDecl() : nullptr;
    if (RD && RD->isInStdNamespace() &&
        (RD->getName() == "lock_guard" || RD->getName() == "unique_lock" ||
         RD->getName() == "scoped_lock"))
      return true;
  }
  return false;
}

/// For a statement that is a lock or unlock call: its role and the lock.
inline SectionRole lockCall(const Stmt *S, const ASTContext &Ctx,
                            std::string &Lock) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return SectionRole::None;
  E = E->IgnoreImplicit()->IgnoreParens();
  // C++: m.lock() / m.unlock() on a lock type.
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    const Expr *Obj = MC->getImplicitObjectArgument();
    const CXXRecordDecl *RD = MD ? MD->getParent() : nullptr;
    if (!MD || !MD->getIdentifier() || !Obj || !RD ||
        !isSynchronizationType(RD->getQualifiedNameAsString()))
      return SectionRole::None;
    SectionRole Role = MD->getName() == "lock"     ? SectionRole::Begin
                       : MD->getName() == "unlock" ? SectionRole::End
                                                   : SectionRole::None;
    if (Role != SectionRole::None)
      Lock = CriticalSectionTracker::normalizeObject(Obj, Ctx);
    return Role;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
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

/// Applies to \p Held, in source order, the lock and unlock calls in \p S
/// (a statement before the one asked about): a lock macro's
/// `do { ... } while (0)`, a try-then-block `if (!trylock) { lock }`. An
/// unlock inside a branch or loop (an error exit's `{ unlock; return; }`)
/// does not end the lock for the code after it. Lambdas and blocks run
/// elsewhere and are skipped.
inline void applyLockCalls(const Stmt *S, const ASTContext &Ctx,
                           llvm::StringSet<> &Held, bool InBranch = false) {
  if (!S || isa<LambdaExpr, BlockExpr>(S))
    return;
  std::string Lock;
  SectionRole Role = lockCall(S, Ctx, Lock);
  if (Role == SectionRole::Begin) {
    Held.insert(Lock);
    return;
  }
  if (Role == SectionRole::End) {
    if (!InBranch)
      Held.erase(Lock);
    return;
  }
  // A do-while(0) and plain braces run once; the bodies of other
  // statements (if, loops, switch) may not run.
  const auto *Do = dyn_cast<DoStmt>(S);
  bool Once = isa<CompoundStmt>(S) || isa<Expr>(S) ||
              (Do && !Do->getCond()->isValueDependent() &&
               Do->getCond()->isIntegerConstantExpr(Ctx) &&
               !Do->getCond()->EvaluateKnownConstInt(Ctx).getBoolValue());
  for (const Stmt *Child : S->children())
    applyLockCalls(Child, Ctx, Held, InBranch || !Once);
}

} // namespace held_locks_detail

/// True for a lock or once-flag type (PyMutex, std::mutex...), by any
/// typedef name on the way to the canonical type or by the record's name.
inline bool isLockType(QualType T) {
  for (QualType Cur = T;;) {
    if (const auto *TT = Cur->getAs<TypedefType>()) {
      if (isSynchronizationType(TT->getDecl()->getName()))
        return true;
      Cur = TT->getDecl()->getUnderlyingType();
      continue;
    }
    break;
  }
  if (const auto *RD = T.getCanonicalType()->getAsRecordDecl())
    return isSynchronizationType(RD->getQualifiedNameAsString()) ||
           isSynchronizationType(RD->getName());
  return false;
}

/// True for std::atomic<T>, std::atomic_flag and their typedefs.
inline bool isStdAtomic(QualType T) {
  const auto *RD = T.getCanonicalType()->getAsCXXRecordDecl();
  return RD && RD->isInStdNamespace() &&
         (RD->getName() == "atomic" || RD->getName() == "atomic_flag");
}

/// True when \p S runs between a lock call and the matching unlock call of
/// an enclosing compound statement of the same function.
inline bool heldLockAt(const Stmt *S, ASTContext &Ctx) {
  using namespace held_locks_detail;
  DynTypedNode Child = DynTypedNode::create(*S);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Child, Ctx);
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
        if (isScopedGuard(Sibling))
          return true;
        applyLockCalls(Sibling, Ctx, Held);
      }
      if (!Held.empty())
        return true;
    }
    Child = P;
  }
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_HELDLOCKS_H
