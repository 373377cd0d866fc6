//===--- GlobalStateCheck.cpp - freethreading-global-state ----------------===//

#include "checks/GlobalStateCheck.h"
#include "lib/UserCodeScope.h"
#include "lib/Parents.h"
#include "lib/EnclosingFunction.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "lib/CPythonAPI.h"
#include "lib/HeldLocks.h"
#include "lib/AtomicCounterFix.h"
#include "lib/PublishOnceFix.h"
#include "lib/StaticVarUses.h"
#include "lib/OptionValues.h"
#include "lib/ObjectLocals.h"
#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// The variable that a write to \p E writes: the root of a chain of member
/// accesses, subscripts and dereferences ('cache', 'state.count',
/// 'table[i]', 'st->hits', '*slot'). nullptr when the chain passes through
/// a call or an explicit cast.
const DeclRefExpr *writtenRoot(const Expr *E) {
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      return DRE;
    if (const auto *ME = dyn_cast<MemberExpr>(E))
      E = ME->getBase();
    else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      E = AS->getBase();
    else if (const auto *UO = dyn_cast<UnaryOperator>(E);
             UO && UO->getOpcode() == UO_Deref)
      E = UO->getSubExpr();
    else
      return nullptr;
  }
  return nullptr;
}

/// A variable every thread shares and can change: static storage, not
/// thread-local, not const, not atomic, not a lock, declared in user code.
bool isSharedMutable(const VarDecl *VD, const ASTContext &Ctx) {
  if (!VD || !VD->hasGlobalStorage() || VD->getTLSKind() != VarDecl::TLS_None)
    return false;
  QualType T = VD->getType();
  QualType Element = Ctx.getBaseElementType(T);
  if (T.isConstQualified() || Element.isConstQualified())
    return false;
  if (Element->isAtomicType() || isStdAtomic(Element) || isLockType(Element))
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  return !SM.isInSystemHeader(SM.getExpansionLoc(VD->getLocation()));
}

/// True when \p Write (an assignment to \p Var) sits in an 'if' whose
/// condition reads \p Var: 'if (cache == NULL) cache = make();'.
bool isLazyFill(const Stmt *Write, const VarDecl *Var, ASTContext &Ctx) {
  DynTypedNodeList Parents = parentsOf(*Write, Ctx);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (P.get<Decl>())
      return false;
    if (const auto *If = P.get<IfStmt>()) {
      auto Reads = match(
          findAll(declRefExpr(to(varDecl(equalsNode(Var)))).bind("r")),
          *If->getCond(), Ctx);
      if (!Reads.empty())
        return true;
    }
    Parents = parentsOf(P, Ctx);
  }
  return false;
}

bool isScalarObject(QualType T) {
  return T->isScalarType();
}

/// True when writing \p Target writes (a part of) a shared mutable
/// variable: the first test of reportWrite().
bool writesSharedState(const Expr *Target, const ASTContext &Ctx) {
  const DeclRefExpr *Root = writtenRoot(Target);
  return Root && isSharedMutable(dyn_cast<VarDecl>(Root->getDecl()), Ctx);
}

/// The candidate writes, tested before the check is called: every other
/// assignment, increment, address and call of the unit costs no callback.
bool assignsSharedState(const BinaryOperator &Node, ASTContext &Ctx) {
  return Node.isAssignmentOp() && writesSharedState(Node.getLHS(), Ctx);
}

bool countsSharedState(const UnaryOperator &Node, ASTContext &Ctx) {
  return Node.isIncrementDecrementOp() &&
         writesSharedState(Node.getSubExpr(), Ctx);
}

/// The address of a shared scalar (see checkAddressOf).
bool takesSharedScalarAddress(const UnaryOperator &Node, ASTContext &Ctx) {
  return Node.getOpcode() == UO_AddrOf &&
         isScalarObject(Node.getSubExpr()->getType()) &&
         writesSharedState(Node.getSubExpr(), Ctx);
}

/// C++: a call that can write its object or an argument (a non-const
/// member function, a non-const lvalue reference parameter).
bool mayWriteThroughCall(const CallExpr &Node, ASTContext &) {
  if (isa<CXXMemberCallExpr, CXXOperatorCallExpr>(Node))
    return true;
  const FunctionDecl *Callee = Node.getDirectCallee();
  if (!Callee)
    return false;
  for (unsigned I = 0, N = std::min(Node.getNumArgs(), Callee->getNumParams());
       I < N; ++I) {
    QualType T = Callee->getParamDecl(I)->getType();
    if (T->isLValueReferenceType() &&
        !T.getNonReferenceType().isConstQualified())
      return true;
  }
  return false;
}

} // namespace

GlobalStateCheck::GlobalStateCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      C11Atomics(parseBool(Options.get("C11Atomics", "true")).value_or(true)) {
  if (!parseBool(Options.get("C11Atomics", "true")).has_value())
    configurationDiag("invalid value '%0' for %1.C11Atomics; expected 'true' "
                      "or 'false'; using 'true'")
        << Options.get("C11Atomics", "true") << Name;
}

void GlobalStateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "C11Atomics", C11Atomics ? "true" : "false");
}

void GlobalStateCheck::registerPPCallbacks(const SourceManager &,
                                           Preprocessor *PP, Preprocessor *) {
  Tracker.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
}

void GlobalStateCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  listenFor<BinaryOperator>(*Finder, *this, Hub, "assign", assignsSharedState);
  listenFor<UnaryOperator>(*Finder, *this, Hub, "incdec", countsSharedState);
  listenFor<CallExpr>(*Finder, *this, Hub, "call", mayWriteThroughCall);
  listenFor<UnaryOperator>(*Finder, *this, Hub, "addr",
                           takesSharedScalarAddress);
  // The unit: its context, and onEndOfTranslationUnit (called for the
  // finder's callbacks only) that reports the findings.
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void GlobalStateCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  this->Ctx = &Ctx;
  if (const auto *BO = Result.Nodes.getNodeAs<BinaryOperator>("assign")) {
    WriteKind Kind =
        BO->isCompoundAssignmentOp() ? WriteKind::Counter : WriteKind::Assign;
    reportWrite(BO, BO->getLHS(), Kind, Ctx);
    return;
  }
  if (const auto *UO = Result.Nodes.getNodeAs<UnaryOperator>("incdec")) {
    reportWrite(UO, UO->getSubExpr(), WriteKind::Counter, Ctx);
    return;
  }
  if (const auto *AddrOf = Result.Nodes.getNodeAs<UnaryOperator>("addr")) {
    checkAddressOf(AddrOf, Ctx);
    return;
  }
  const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
  if (!Call)
    return;
  // C++: a non-const member function (or member operator) called on it.
  const Expr *Object = nullptr;
  const CXXMethodDecl *Method = nullptr;
  if (const auto *MC = dyn_cast<CXXMemberCallExpr>(Call)) {
    Object = MC->getImplicitObjectArgument();
    Method = MC->getMethodDecl();
  } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(Call)) {
    Method = dyn_cast_or_null<CXXMethodDecl>(OC->getDirectCallee());
    if (Method && OC->getNumArgs() > 0)
      Object = OC->getArg(0);
  }
  if (Object && Method && !Method->isConst() && !Method->isStatic()) {
    reportWrite(Call, Object, WriteKind::Mutate, Ctx);
    return;
  }
  // C++: passed to a non-const lvalue reference parameter.
  const FunctionDecl *Callee = Call->getDirectCallee();
  for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
    const ParmVarDecl *Param =
        Callee && I < Callee->getNumParams() ? Callee->getParamDecl(I) : nullptr;
    if (Param && Param->getType()->isLValueReferenceType() &&
        !Param->getType().getNonReferenceType().isConstQualified())
      reportWrite(Call, Call->getArg(I), WriteKind::ByAddress, Ctx);
  }
}

void GlobalStateCheck::checkAddressOf(const UnaryOperator *AddrOf,
                                      ASTContext &Ctx) {
  // The address of a scalar lets whoever holds it write the variable: a
  // callee with a pointer-to-non-const parameter, a variadic out-parameter
  // (PyArg_ParseTuple(args, "O", &cache)), a local pointer (the real
  // Py_CLEAR and Py_SETREF write through one). Only a callee that promises
  // not to write (a pointer-to-const parameter) is exempt. Records and
  // arrays are not counted: the C API reads type objects and module
  // definitions through their address.
  // (The matcher took only the address of a shared scalar: what
  // reportWrite() would reject anyway is rejected before the walk up the
  // parents, the first of which in a function maps its parents.)
  const Expr *Outer = AddrOf;
  const Stmt *P = nullptr;
  while (true) {
    DynTypedNodeList Parents = parentsOf(*Outer, Ctx);
    P = Parents.empty() ? nullptr : Parents[0].get<Stmt>();
    if (!P || !isa<ParenExpr, ImplicitCastExpr>(P))
      break;
    Outer = cast<Expr>(P);
  }
  if (const auto *Call = dyn_cast_or_null<CallExpr>(P)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    for (unsigned I = 0, N = Call->getNumArgs(); I < N; ++I) {
      if (Call->getArg(I) != Outer || !Callee || I >= Callee->getNumParams())
        continue;
      QualType T = Callee->getParamDecl(I)->getType();
      if (T->isPointerType() && T->getPointeeType().isConstQualified())
        return;
    }
  }
  reportWrite(AddrOf, AddrOf->getSubExpr(), WriteKind::ByAddress, Ctx);
}

void GlobalStateCheck::reportWrite(const Expr *Write, const Expr *Target,
                                   WriteKind Kind, ASTContext &Ctx) {
  const DeclRefExpr *Root = writtenRoot(Target);
  if (!Root)
    return;
  const auto *Var = dyn_cast<VarDecl>(Root->getDecl());
  if (!isSharedMutable(Var, Ctx))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getFileLoc(Root->getLocation());
  if (SM.isInSystemHeader(Loc) || Branches->neverFreeThreaded(Loc))
    return; // not the project's, or compiled only where there is a GIL
  const FunctionDecl *Fn = outermostFunction(Write, Ctx);
  if (!Fn || Lifecycle.runsOnlyInLifecycle(Fn, Ctx))
    return;
  if (!Tracker.enclosing(Write->getBeginLoc(), Ctx).empty() ||
      heldLockAt(Write, Ctx))
    return;
  if (Kind == WriteKind::Assign && isLazyFill(Write, Var, Ctx))
    Kind = WriteKind::LazyFill;
  if (!Reported.insert(Loc).second)
    return;

  unsigned Scope = Var->isStaticLocal()          ? 1
                   : Var->isStaticDataMember()   ? 3
                   : !Var->isExternallyVisible() ? 0
                                                 : 2;
  unsigned What = Kind == WriteKind::Counter    ? 0
                  : Kind == WriteKind::LazyFill ? 1
                                                : 2;
  unsigned How = Kind == WriteKind::ByAddress ? 1
                 : Kind == WriteKind::Mutate  ? 2
                                              : 0;
  Findings.push_back({Loc, Write, Var, Fn, How, Scope, What});
}

void GlobalStateCheck::onEndOfTranslationUnit() {
  // In source order. A counter's or a lazily created constant's fix is
  // asked once, at its first write, which carries it; its other writes say
  // the fix covers them, or why there is none.
  if (!Ctx)
    return;
  const SourceManager &SM = Ctx->getSourceManager();
  llvm::stable_sort(Findings, [&](const Finding &A, const Finding &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });
  llvm::DenseMap<const VarDecl *, FixPlan> Fixes;
  // A constant published by the fix offered at another's fill: that one.
  llvm::DenseMap<const VarDecl *, const VarDecl *> PublishedWith;
  for (const Finding &F : Findings) {
    if (const VarDecl *Leader =
            PublishedWith.lookup(F.Var->getCanonicalDecl())) {
      emit(F, FixPlan(), *Ctx);
      diag(F.Loc, "the fix offered where %0 is filled publishes %1 once too",
           DiagnosticIDs::Note)
          << Leader << F.Var;
      continue;
    }
    // Shared state, unless an integer stored or a pointer made under
    // another constant's test for NULL, published with it.
    bool WithOther = F.What == 2 && F.How == 0 &&
                     isPyObjectPointer(F.Var->getType()) &&
                     filledUnderUnsetTest(F.Write, *Ctx);
    if (F.What == 2 && !isIntegerStore(F) && !WithOther) {
      emit(F, FixPlan(), *Ctx);
      continue;
    }
    auto [It, First] = Fixes.try_emplace(F.Var);
    if (First) {
      // A counter, or an integer flag or setting (an assignment): the
      // integer made _Atomic; a lazily filled cache: published once.
      llvm::SmallVector<const VarDecl *, 4> Covered;
      It->second = F.What != 1 && !WithOther
                       ? atomicCounterFix(F.Var, C11Atomics, *Branches, *Ctx)
                       : publishOnceFix(
                             F.Var, F.Write, C11Atomics, *Branches,
                             [&](const FunctionDecl *Fn) {
                               return Lifecycle.runsOnlyInLifecycle(Fn, *Ctx);
                             },
                             AtomicIncludeAdded, Covered, *Ctx);
      for (const VarDecl *V : Covered)
        PublishedWith[V] = F.Var;
      emit(F, It->second, *Ctx);
      continue;
    }
    emit(F, FixPlan(), *Ctx);
    if (It->second.hasFix() && F.What == 1 &&
        isPyObjectPointer(F.Var->getType()))
      diag(F.Loc,
           "the fix offered at the first fill of %0 publishes this fill once "
           "too",
           DiagnosticIDs::Note)
          << F.Var;
    else if (It->second.hasFix())
      diag(F.Var->getLocation(),
           "declaring %0 _Atomic, the fix offered at its first write, makes "
           "this %select{update|write}1 atomic too",
           DiagnosticIDs::Note)
          << F.Var << (F.What != 0);
    else
      noteWhyNoFix(*this, F.Loc, It->second);
  }
  Findings.clear();
  AtomicIncludeAdded = false;
}

bool GlobalStateCheck::isIntegerStore(const Finding &F) {
  // `flag = value;` on the variable itself, an integer (a flag, a setting).
  const auto *BO = dyn_cast<BinaryOperator>(F.Write);
  return F.How == 0 && BO && BO->getOpcode() == BO_Assign &&
         isa<DeclRefExpr>(BO->getLHS()->IgnoreParens()) &&
         isPlainInteger(F.Var->getType());
}

void GlobalStateCheck::emit(const Finding &F, const FixPlan &Fix,
                            ASTContext &Ctx) {
  {
    auto D = diag(F.Loc, "%select{write to|write through the address of|"
                         "non-const use of}0 %select{static|static local|"
                         "global|static member}1 %2 outside module "
                         "initialization: %select{a counter|a lazily filled "
                         "cache|shared state}3 that threads race on when the "
                         "GIL is disabled")
             << F.How << F.Scope << F.Var << F.What;
    for (const FixItHint &H : Fix.Edits)
      D << H;
  }
  diag(F.Var->getLocation(), "%0 declared here", DiagnosticIDs::Note) << F.Var;
  noteLifecycleEscape(F.Fn, Ctx);
  if (F.What == 0)
    diag(F.Loc,
         "make it atomic (_Atomic, std::atomic), per thread (_Thread_local, "
         "thread_local) if each thread may count on its own, or update it "
         "under a PyMutex (3.13+)",
         DiagnosticIDs::Note);
  else if (F.What == 1)
    diag(F.Loc,
         "fill it eagerly in module initialization (PyInit_*, a Py_mod_exec "
         "function), move it into module state, or test and fill it under "
         "one PyMutex (3.13+)",
         DiagnosticIDs::Note);
  else
    diag(F.Loc,
         "initialize it eagerly in module initialization, move it into "
         "module state, make it per thread (_Thread_local, thread_local) or "
         "atomic, or write it under a PyMutex (3.13+)",
         DiagnosticIDs::Note);
  noteWhyNoFix(*this, F.Loc, Fix);
}

/// Why a function that module initialization or teardown calls is not
/// treated as part of it.
void GlobalStateCheck::noteLifecycleEscape(const FunctionDecl *Fn,
                                           ASTContext &Ctx) {
  const LifecycleReach *Reach = Lifecycle.reach(Fn, Ctx);
  if (!Reach || !Reach->Escape)
    return;
  const LifecycleEscape &E = *Reach->Escape;
  diag(Ctx.getSourceManager().getFileLoc(E.Loc),
       "%0 runs during module %select{|initialization|teardown|"
       "initialization and teardown}1, but %select{it has external linkage: "
       "other files may call it (declare it 'static' if none does)|its "
       "address is taken here: whoever holds it may call it at any time|%3 "
       "also calls it here, and %3 may run at any time}2",
       DiagnosticIDs::Note)
      << Fn << Reach->Phases << static_cast<unsigned>(E.How) << E.Caller;
}

} // namespace clang::tidy::freethreading
