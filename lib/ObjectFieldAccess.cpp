//===--- ObjectFieldAccess.cpp - what a function does with objects' fields ===//

#include "lib/ObjectFieldAccess.h"
#include "lib/CPythonAPI.h"
#include "lib/HeldLocks.h"
#include "lib/ObjectRecords.h"
#include "lib/PythonHeaders.h"
#include "lib/Parents.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::freethreading {

namespace {

/// A lock handle typedef (PyThread_type_lock: a plain pointer), by any
/// typedef name on the way to the canonical type.
bool isLockHandle(QualType T) {
  const ExtensionTypeAPI &API = extensionTypeAPI();
  while (const auto *TT = T->getAs<TypedefType>()) {
    if (llvm::is_contained(API.LockHandleTypes, TT->getDecl()->getName()))
      return true;
    T = TT->getDecl()->getUnderlyingType();
  }
  return false;
}

bool isAtomicCallee(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier())
    return false;
  llvm::StringRef Name = FD->getName();
  return llvm::any_of(extensionTypeAPI().AtomicPrefixes,
                      [&](llvm::StringRef P) { return Name.starts_with(P); });
}

/// The member access whose field an lvalue \p E designates or whose memory
/// it reaches through pointers that are not objects (`self->buf[i]`,
/// `self->state.count`, `*self->out`), or nullptr.
const MemberExpr *lvalueRoot(const Expr *E,
                             const llvm::SetVector<const RecordDecl *> &Records,
                             bool *ThroughPointer = nullptr) {
  auto Deref = [&] {
    if (ThroughPointer)
      *ThroughPointer = true;
  };
  while (E) {
    E = E->IgnoreParens();
    if (const auto *ME = dyn_cast<MemberExpr>(E)) {
      const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
      if (F && Records.count(F->getParent()))
        return ME;
      if (ME->isArrow() && isObjectPointer(ME->getBase()->getType()))
        return nullptr; // another object's field
      if (ME->isArrow())
        Deref();
      E = ME->getBase();
      continue;
    }
    if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E)) {
      if (isObjectPointer(AS->getBase()->getType()))
        return nullptr;
      if (AS->getBase()->getType()->isPointerType())
        Deref();
      E = AS->getBase();
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() != UO_Deref ||
          isObjectPointer(UO->getSubExpr()->getType()))
        return nullptr;
      Deref();
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(E)) {
      E = IC->getSubExpr();
      continue;
    }
    return nullptr;
  }
  return nullptr;
}

/// With LocksOnly, it records only what FunctionLocks needs: the calls and
/// the scoped lock guards.
class AccessCollector : public RecursiveASTVisitor<AccessCollector> {
public:
  AccessCollector(const FunctionDecl *FD,
                  const llvm::SetVector<const RecordDecl *> &Records,
                  bool LocksOnly = false)
      : FD(FD), Records(Records), LocksOnly(LocksOnly) {}

  bool VisitMemberExpr(MemberExpr *ME) {
    if (LocksOnly)
      return true;
    const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl());
    if (F && ME->isArrow() && Records.count(F->getParent()))
      Members.push_back(ME);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (!LocksOnly && BO->isAssignmentOp()) {
      markWritten(BO->getLHS());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens()))
        Reassigned.insert(Ref->getDecl());
    }
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (LocksOnly)
      return true;
    if (UO->getOpcode() == UO_AddrOf) {
      // The address of a field (Py_CLEAR(self->x), &self->count) can write
      // it; the address of what a pointer field points to (&self->items[i])
      // leaves the field as it is.
      bool ThroughPointer = false;
      if (const MemberExpr *ME =
              lvalueRoot(UO->getSubExpr(), Records, &ThroughPointer))
        if (!ThroughPointer)
          Written.insert(ME);
    }
    if (UO->isIncrementDecrementOp() || UO->getOpcode() == UO_AddrOf) {
      if (UO->isIncrementDecrementOp())
        markWritten(UO->getSubExpr());
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens()))
        Reassigned.insert(Ref->getDecl());
    }
    return true;
  }
  bool VisitCXXMemberCallExpr(CXXMemberCallExpr *MC) {
    const CXXMethodDecl *MD = MC->getMethodDecl();
    if (!LocksOnly && MD && !MD->isConst() && MC->getImplicitObjectArgument())
      markWritten(MC->getImplicitObjectArgument());
    return true;
  }
  bool VisitCXXOperatorCallExpr(CXXOperatorCallExpr *OC) {
    const auto *MD = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
    if (!LocksOnly && MD && !MD->isConst() && OC->getNumArgs() > 0)
      markWritten(OC->getArg(0));
    return true;
  }
  bool VisitDeclStmt(DeclStmt *DS) {
    if (held_locks_detail::isScopedGuard(DS) && TakesLock.isInvalid())
      TakesLock = DS->getBeginLoc();
    return true;
  }
  bool VisitAtomicExpr(AtomicExpr *AE) {
    if (!LocksOnly)
      markAtomic(AE);
    return true;
  }
  bool VisitCallExpr(CallExpr *C) {
    if (!LocksOnly && isAtomicCallee(C->getDirectCallee()))
      markAtomic(C);
    Calls.push_back(C);
    return true;
  }
  bool VisitVarDecl(VarDecl *VD) {
    if (!LocksOnly && VD->isLocalVarDecl() && VD->getType()->isPointerType() &&
        VD->getInit())
      if (const auto *Ref = dyn_cast<DeclRefExpr>(ignoreCasts(VD->getInit())))
        if (const auto *P = dyn_cast<ParmVarDecl>(Ref->getDecl()))
          if (P->getDeclContext() == FD)
            AliasOf[VD] = P->getFunctionScopeIndex();
    return true;
  }

  /// In C, with LocksOnly: what the traversal above records (the calls, in
  /// the same order, and the guards), from Stmt::children(), at a fraction
  /// of its cost. The traversal's own differences are kept: an initializer
  /// list is seen in its written form, a block's body through the block,
  /// a pseudo-object expression's written and semantic forms. Left out: an
  /// expression inside a type that is neither a variable's nor sizeof's
  /// (typeof(f()), a cast to a variable-length array type), which no lock
  /// call is written in.
  void walkCallsAndGuards(Stmt *Body) {
    llvm::SmallVector<Stmt *, 64> Work{Body};
    while (!Work.empty()) {
      Stmt *S = Work.pop_back_val();
      if (auto *ILE = dyn_cast_or_null<InitListExpr>(S);
          ILE && ILE->isSemanticForm())
        S = ILE->getSyntacticForm();
      if (!S)
        continue;
      if (auto *Call = dyn_cast<CallExpr>(S))
        VisitCallExpr(Call);
      else if (auto *DS = dyn_cast<DeclStmt>(S))
        VisitDeclStmt(DS);
      size_t First = Work.size();
      if (auto *Block = dyn_cast<BlockExpr>(S)) {
        Work.push_back(Block->getBody());
      } else if (auto *POE = dyn_cast<PseudoObjectExpr>(S)) {
        Work.push_back(POE->getSyntacticForm());
        for (Expr *Sub : POE->semantics()) {
          if (auto *OVE = dyn_cast<OpaqueValueExpr>(Sub))
            Sub = OVE->getSourceExpr();
          Work.push_back(Sub);
        }
      } else {
        for (Stmt *Child : S->children())
          Work.push_back(Child);
      }
      // Children pushed in order and reversed: the first is walked next.
      std::reverse(Work.begin() + First, Work.end());
    }
  }

  /// The parameter an expression names (directly or through an alias).
  int objectOf(const Expr *E) const {
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(ignoreCasts(E));
    if (!Ref)
      return -1;
    const ValueDecl *D = Ref->getDecl();
    if (const auto *P = dyn_cast<ParmVarDecl>(D))
      return P->getDeclContext() == FD && !Reassigned.count(P)
                 ? int(P->getFunctionScopeIndex())
                 : -1;
    auto It = AliasOf.find(D);
    if (It == AliasOf.end() || Reassigned.count(D) ||
        Reassigned.count(FD->getParamDecl(It->second)))
      return -1;
    return int(It->second);
  }
  /// The names that designate parameter \p Index's object.
  llvm::SmallVector<std::string, 2> namesOf(unsigned Index) const {
    llvm::SmallVector<std::string, 2> Names;
    Names.push_back(FD->getParamDecl(Index)->getNameAsString());
    for (auto [D, I] : AliasOf)
      if (I == Index && !Reassigned.count(D))
        Names.push_back(D->getNameAsString());
    return Names;
  }

  std::vector<const MemberExpr *> Members;
  std::vector<const CallExpr *> Calls;
  SourceLocation TakesLock; ///< A C++ scoped lock guard.
  llvm::DenseSet<const MemberExpr *> Written, AtomicMembers;

private:
  void markWritten(const Expr *E) {
    if (const MemberExpr *ME = lvalueRoot(E, Records))
      Written.insert(ME);
  }
  void markAtomic(const Stmt *S) {
    for (const Stmt *Child : S->children()) {
      if (!Child)
        continue;
      if (const auto *ME = dyn_cast<MemberExpr>(Child))
        AtomicMembers.insert(ME);
      markAtomic(Child);
    }
  }

  const FunctionDecl *FD;
  const llvm::SetVector<const RecordDecl *> &Records;
  const bool LocksOnly;
  llvm::DenseMap<const ValueDecl *, unsigned> AliasOf;
  llvm::DenseSet<const ValueDecl *> Reassigned;
};

/// The definition, with a body, of the named function \p Call calls, where
/// a free-threaded build compiles the call; nullptr otherwise.
const FunctionDecl *calledDefinition(const CallExpr *Call,
                                     const ConditionalBranches &Branches) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (Branches.neverFreeThreaded(Call->getBeginLoc()) || !Callee ||
      !Callee->getIdentifier())
    return nullptr;
  const FunctionDecl *Def = Callee->getDefinition();
  return Def && Def->hasBody() ? Def : nullptr;
}

/// True when \p Loc is inside a critical section on one of \p Names.
bool inSectionOn(SourceLocation Loc, llvm::ArrayRef<std::string> Names,
                 CriticalSectionTracker &Tracker, ASTContext &Ctx) {
  for (const CriticalSection *S : Tracker.enclosing(Loc, Ctx))
    for (const std::string &G : S->Guarded)
      if (llvm::is_contained(Names, G))
        return true;
  return false;
}

} // namespace

SkippedLockCalls SkippedLockCalls::of(const ConditionalBranches &Branches,
                                      ASTContext &Ctx) {
  SkippedLockCalls Out;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const ConditionalBranches::SkippedText &Branch :
       Branches.liveUserSkippedTexts()) {
    SourceLocation At = Branch.Range.getBegin();
    llvm::StringRef Text = Branch.Text;
    auto [File, Offset] = SM.getDecomposedLoc(At);
    // The names of lib/CPythonAPI.def's lock functions followed by '('.
    for (size_t I = 0; I < Text.size();) {
      if (!isAsciiIdentifierStart(Text[I])) {
        ++I;
        continue;
      }
      size_t J = I;
      while (J < Text.size() && isAsciiIdentifierContinue(Text[J]))
        ++J;
      SectionRole Role = lockFunctionRole(Text.slice(I, J));
      if (Role != SectionRole::None &&
          Text.substr(J).ltrim().starts_with("("))
        Out.Calls.push_back(
            {File, unsigned(Offset + I), At.getLocWithOffset(I), Role});
      I = J;
    }
  }
  llvm::sort(Out.Calls, [](const Call &A, const Call &B) {
    return A.File < B.File || (A.File == B.File && A.Offset < B.Offset);
  });
  return Out;
}

bool isSynchronizationField(const FieldDecl *F) {
  QualType T = F->getType();
  if (T->isAtomicType() || isStdAtomic(T) || isLockType(T) || isLockHandle(T))
    return true;
  // The object header: the first member, itself an object.
  const RecordDecl *RD = T->getAsRecordDecl();
  return F->getFieldIndex() == 0 && RD && isObjectRecord(RD);
}

namespace {

using SkippedLocksInBody = std::vector<std::pair<SourceLocation, SectionRole>>;

/// The lock and unlock calls of \p All written inside \p FD's body, in
/// source order.
SkippedLocksInBody skippedLocksIn(const FunctionDecl *FD,
                                  const SkippedLockCalls &All,
                                  const SourceManager &SM) {
  auto [File, B] =
      SM.getDecomposedLoc(SM.getExpansionLoc(FD->getBody()->getBeginLoc()));
  unsigned E =
      SM.getDecomposedLoc(SM.getExpansionLoc(FD->getBody()->getEndLoc())).second;
  SkippedLocksInBody Out;
  auto First = llvm::lower_bound(
      All.Calls, std::make_pair(File, B),
      [](const SkippedLockCalls::Call &C, std::pair<FileID, unsigned> Key) {
        return C.File < Key.first ||
               (C.File == Key.first && C.Offset < Key.second);
      });
  for (auto It = First; It != All.Calls.end() && It->File == File &&
                        It->Offset <= E;
       ++It)
    Out.push_back({It->Loc, It->Role});
  return Out;
}

/// calledDefinition() of each call \p C has recorded, in its order.
std::vector<const FunctionDecl *>
calledDefinitions(const AccessCollector &C,
                  const ConditionalBranches &Branches) {
  std::vector<const FunctionDecl *> Defs;
  for (const CallExpr *Call : C.Calls)
    Defs.push_back(calledDefinition(Call, Branches));
  return Defs;
}

/// The locks and callees of the body \p C has walked (\p Defs: its calls'
/// calledDefinitions). Returns true when a compiled call or guard takes a
/// lock (not only a skipped branch).
bool fillLocks(FunctionLocks &Out, const AccessCollector &C,
               llvm::ArrayRef<const FunctionDecl *> Defs,
               const SkippedLocksInBody &SkippedLocks,
               const ConditionalBranches &Branches, ASTContext &Ctx) {
  // Locks: taken by compiled calls or guards, or in branches this build
  // skips (a PyMutex used only `#ifdef Py_GIL_DISABLED`).
  Out.TakesLock = C.TakesLock;
  for (const CallExpr *Call : C.Calls) {
    std::string Lock;
    if (held_locks_detail::lockCall(Call, Ctx, Lock) == SectionRole::Begin &&
        !Branches.neverFreeThreaded(Call->getBeginLoc()) &&
        Out.TakesLock.isInvalid())
      Out.TakesLock = Call->getBeginLoc();
  }
  bool CompiledLocks = Out.TakesLock.isValid();
  if (Out.TakesLock.isInvalid())
    for (auto [Loc, Role] : SkippedLocks)
      if (Role == SectionRole::Begin) {
        Out.TakesLock = Loc;
        break;
      }
  for (const FunctionDecl *Def : Defs)
    if (Def && !llvm::is_contained(Out.Callees, Def))
      Out.Callees.push_back(Def);
  return CompiledLocks;
}

} // namespace

FunctionLocks collectLocksAndCallees(const FunctionDecl *FD,
                                     const ConditionalBranches &Branches,
                                     const SkippedLockCalls &AllSkippedLocks,
                                     ASTContext &Ctx) {
  FunctionLocks Out;
  if (!FD->hasBody())
    return Out;
  static const llvm::SetVector<const RecordDecl *> NoRecords;
  AccessCollector C(FD, NoRecords, /*LocksOnly=*/true);
  if (Ctx.getLangOpts().CPlusPlus)
    C.TraverseStmt(FD->getBody());
  else
    C.walkCallsAndGuards(FD->getBody());
  fillLocks(Out, C, calledDefinitions(C, Branches),
            skippedLocksIn(FD, AllSkippedLocks, Ctx.getSourceManager()),
            Branches, Ctx);
  return Out;
}

FunctionAccesses
collectFieldAccesses(const FunctionDecl *FD,
                     const llvm::SetVector<const RecordDecl *> &Records,
                     CriticalSectionTracker &Tracker,
                     const ConditionalBranches &Branches,
                     const SkippedLockCalls &AllSkippedLocks, ASTContext &Ctx) {
  FunctionAccesses Out;
  if (!FD->hasBody())
    return Out;
  AccessCollector C(FD, Records);
  C.TraverseStmt(FD->getBody());
  std::vector<llvm::SmallVector<std::string, 2>> Names;
  for (unsigned I = 0; I < FD->getNumParams(); ++I)
    Names.push_back(C.namesOf(I));

  const SourceManager &SM = Ctx.getSourceManager();
  SkippedLocksInBody SkippedLocks = skippedLocksIn(FD, AllSkippedLocks, SM);
  std::vector<const FunctionDecl *> Defs = calledDefinitions(C, Branches);
  bool CompiledLocks =
      fillLocks(Out, C, Defs, SkippedLocks, Branches, Ctx);
  auto Guarded = [&](const Stmt *S, int Object) {
    if (Object >= 0 && inSectionOn(S->getBeginLoc(), Names[Object], Tracker, Ctx))
      return true;
    if (CompiledLocks && heldLockAt(S, Ctx))
      return true;
    // Between a lock and its unlock written in skipped branches.
    SourceLocation At = SM.getExpansionLoc(S->getBeginLoc());
    int Held = 0;
    for (auto [Loc, Role] : SkippedLocks) {
      if (SM.isBeforeInTranslationUnit(At, Loc))
        break;
      Held = Role == SectionRole::Begin ? Held + 1 : std::max(0, Held - 1);
    }
    return Held > 0;
  };
  for (const MemberExpr *ME : C.Members) {
    const auto *F = cast<FieldDecl>(ME->getMemberDecl());
    if (isSynchronizationField(F) || Branches.neverFreeThreaded(ME->getBeginLoc()))
      continue;
    FieldAccess A;
    A.Member = ME;
    A.Field = F;
    A.Object = C.objectOf(ME->getBase());
    A.Write = C.Written.count(ME);
    A.Atomic = C.AtomicMembers.count(ME);
    A.Guarded = Guarded(ME, A.Object);
    Out.Accesses.push_back(A);
  }
  for (size_t K = 0; K < C.Calls.size(); ++K) {
    const CallExpr *Call = C.Calls[K];
    const FunctionDecl *Def = Defs[K];
    if (!Def)
      continue;
    ObjectCall OC;
    OC.Call = Call;
    OC.Callee = Def;
    for (unsigned I = 0; I < Call->getNumArgs() && I < Def->getNumParams(); ++I) {
      int Object = C.objectOf(Call->getArg(I));
      if (Object >= 0)
        OC.Objects.push_back({I, Object, Guarded(Call, Object)});
    }
    if (!OC.Objects.empty())
      Out.Calls.push_back(OC);
  }
  return Out;
}

} // namespace clang::tidy::freethreading
