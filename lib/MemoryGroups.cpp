//===--- MemoryGroups.cpp - which storages and calls hold the same memory -===//
//
// 1. Collect every use of a pointer-typed storage (a variable, or a field of
//    a struct type, whatever the base expression) and every call of a memory
//    function; 2. group storages and calls holding the same memory (plain
//    assignments and initialisations, a reallocation's argument with its
//    result, and the arguments and results of the unit's own functions that
//    only this file can call); 3. for each group with an object-domain
//    allocation, decide whether the memory is a Python object and classify
//    every use.
//===----------------------------------------------------------------------===//

#include "lib/MemoryGroups.h"
#include "lib/ObjectRecords.h"
#include "lib/EnclosingFunction.h"
#include "lib/FieldReach.h"
#include "lib/FunctionReferences.h"
#include "lib/Parents.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/EquivalenceClasses.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang::tidy::freethreading {

bool allocates(MemoryRole R) {
  return R == MemoryRole::ObjectAllocator ||
         R == MemoryRole::ObjectReallocator ||
         R == MemoryRole::BufferAllocator ||
         R == MemoryRole::BufferReallocator;
}

bool isObjectDomain(MemoryRole R) {
  return R == MemoryRole::ObjectAllocator ||
         R == MemoryRole::ObjectReallocator || R == MemoryRole::ObjectRelease;
}

const MemoryAPI *memoryAPIOf(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD))
    return nullptr;
  return findMemoryAPI(FD->getName());
}

bool mayAllocateObjects(const ASTContext &Ctx) {
  llvm::SmallVector<llvm::StringRef, 8> Allocators;
  for (const MemoryAPI &API : memoryAPIs())
    if (API.Role == MemoryRole::ObjectAllocator ||
        API.Role == MemoryRole::ObjectReallocator)
      Allocators.push_back(API.Name);
  return mayReferToAnyFunction(Ctx, Allocators);
}

namespace {

bool releasesFirstArgument(MemoryRole R) {
  return R == MemoryRole::ObjectReallocator ||
         R == MemoryRole::ObjectRelease ||
         R == MemoryRole::BufferReallocator ||
         R == MemoryRole::BufferRelease;
}

/// The named free function a call calls directly, or nullptr.
const FunctionDecl *directFreeFunction(const CallExpr *C) {
  const FunctionDecl *FD = C->getDirectCallee();
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD))
    return nullptr;
  return FD;
}

bool callsByteAccessFunction(const CallExpr *C) {
  const FunctionDecl *FD = directFreeFunction(C);
  if (!FD)
    return false;
  llvm::StringRef Name = FD->getName();
  Name.consume_front("__builtin_"); // __builtin_memcpy is memcpy
  return isByteAccessFunction(Name);
}

void escape(MemoryGroup &G, SourceLocation Loc, std::string Reason) {
  G.Blockers.push_back(FixPlan::none(std::move(Reason), Loc));
}

/// A tp_alloc-style allocator: PyObject *f(PyTypeObject *, Py_ssize_t).
bool isTypeAllocator(const FunctionDecl *FD) {
  if (!FD || FD->getNumParams() != 2 || !isObjectPointer(FD->getReturnType()))
    return false;
  const auto *PT = FD->getParamDecl(0)->getType()->getAs<PointerType>();
  const RecordDecl *RD = PT ? PT->getPointeeType()->getAsRecordDecl() : nullptr;
  return RD && RD->getName() == typeObjectRecordName() &&
         FD->getParamDecl(1)->getType()->isIntegerType();
}

bool isTrackedType(QualType T) {
  return !T.isNull() && T.getNonReferenceType()->isPointerType();
}

/// The storage \p E names: a variable or a field (any base), or nullptr.
const ValueDecl *storageOf(const Expr *E) {
  E = E->IgnoreParens();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
      return isTrackedType(V->getType()) ? V->getCanonicalDecl() : nullptr;
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      return isTrackedType(F->getType()) ? F : nullptr;
  return nullptr;
}

/// The expression whose value \p E is: without parentheses, casts and the
/// left operands of commas.
const Expr *stripValue(const Expr *E) {
  const Expr *Prev = nullptr;
  while (E && E != Prev) {
    Prev = E;
    E = E->IgnoreParenCasts()->IgnoreImplicit();
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->getOpcode() == BO_Comma)
      E = BO->getRHS();
  }
  return E;
}

/// The functions of the unit whose every call is visible in it, so that
/// memory passed to a parameter or returned is followed through the call:
/// internal linkage, defined in the main file, named only as the callee of
/// direct calls, with a prototype and a fixed number of parameters, not a
/// template, not a coroutine, not a method.
class FollowedFunctions {
public:
  /// Whether \p FD (any declaration of it) is followed.
  bool follows(const FunctionDecl *FD) const {
    return FD && Followed.contains(FD->getCanonicalDecl());
  }

  /// For a note: \p Lead and why \p FD, defined in the main file, is not
  /// followed (`<Lead>, which other files can call`); "" when it is, when it
  /// is not defined in this file, or for no function.
  std::string because(const FunctionDecl *FD, llvm::StringRef Lead = "") const {
    auto It = FD ? Reasons.find(FD->getCanonicalDecl()) : Reasons.end();
    return It == Reasons.end() ? std::string()
                               : Lead.str() + ", " + It->second;
  }

  /// Decides for every function named in the unit; \p OtherwiseNamed are
  /// those named other than as the callee of a direct call (a cleanup
  /// attribute included), \p NamedInTemplates those named in a template;
  /// \p HasAliases: the unit declares an alias, whose target is a symbol
  /// name (mangled, or an asm label) that may be any function's.
  void decide(llvm::ArrayRef<const FunctionDecl *> Named,
              const llvm::DenseSet<const FunctionDecl *> &OtherwiseNamed,
              const llvm::DenseSet<const FunctionDecl *> &NamedInTemplates,
              bool HasAliases, const SourceManager &SM) {
    for (const FunctionDecl *FD : Named) {
      const FunctionDecl *Def = FD->getDefinition();
      if (!Def || !SM.isInMainFile(SM.getExpansionLoc(Def->getLocation())))
        continue;
      const char *Why = nullptr;
      if (FD->isExternallyVisible())
        Why = "which other files can call";
      else if (HasAliases)
        Why = "in a file that declares aliases (another name may export any "
              "function)";
      else if (NamedInTemplates.contains(FD))
        Why = "which is called in a template, whose instantiations ft-tidy "
              "does not follow";
      else if (OtherwiseNamed.contains(FD))
        Why = "whose name is also used other than in a direct call";
      else if (Def->getReturnType()->isReferenceType())
        Why = "which returns a reference (a storage ft-tidy does not follow)";
      else if (Def->isVariadic() || !Def->hasPrototype())
        Why = "which takes a variable or undeclared number of arguments";
      else if (Def->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
               Def->isDependentContext())
        Why = "which is a template";
      else if (Def->hasAttr<UsedAttr>() ||
               isa_and_nonnull<CoroutineBodyStmt>(Def->getBody()))
        Why = "which may be called where ft-tidy does not see it";
      if (Why)
        Reasons[FD] = Why;
      else
        Followed.insert(FD);
    }
  }

private:
  llvm::DenseSet<const FunctionDecl *> Followed;
  llvm::DenseMap<const FunctionDecl *, std::string> Reasons;
};

/// A free function with internal linkage: perhaps followed (decided once the
/// whole unit has been seen).
const FunctionDecl *localFunction(const FunctionDecl *FD) {
  if (!FD || !FD->getIdentifier() || isa<CXXMethodDecl>(FD) ||
      FD->isExternallyVisible())
    return nullptr;
  return FD->getCanonicalDecl();
}

/// A use of a storage, or of the result of an allocation call.
struct Use {
  const Expr *E;
  const void *Node;
};

class MemoryUseCollector : public RecursiveASTVisitor<MemoryUseCollector> {
  using Base = RecursiveASTVisitor<MemoryUseCollector>;

public:
  explicit MemoryUseCollector(ASTContext &Ctx)
      : Reach(Ctx.getSourceManager()), Ctx(Ctx) {}

  std::vector<Use> Uses;
  std::vector<MemoryCall> Calls;
  llvm::EquivalenceClasses<const void *> Groups;
  llvm::DenseMap<const void *, std::vector<FixPlan>> Blockers;
  std::vector<const ValueDecl *> Storages; ///< Each storage once.
  FollowedFunctions Followed;
  llvm::SetVector<const FunctionDecl *> NamedFunctions; ///< Canonical.
  FieldReach Reach; ///< Fields reached other than by member access.

  /// After the walk: which functions are followed, and the memory flowing
  /// through their parameters and results.
  void followCalls() {
    std::vector<const FunctionDecl *> Named(NamedFunctions.begin(),
                                            NamedFunctions.end());
    for (const FunctionDecl *FD : Named)
      if (FD->getIdentifier() && DependentNames.contains(FD->getName()))
        NamedInTemplates.insert(FD);
    Followed.decide(Named, OtherwiseNamed, NamedInTemplates, HasAliases,
                    Ctx.getSourceManager());
    // The result of a followed function is a node of its own.
    for (const FunctionDecl *FD : Named)
      if (Followed.follows(FD) && isTrackedType(FD->getReturnType()))
        Groups.insert(FD);
    for (const CallExpr *C : LocalCalls) {
      const FunctionDecl *FD = C->getDirectCallee();
      if (!Followed.follows(FD))
        continue;
      const FunctionDecl *Def = FD->getDefinition();
      for (unsigned I = 0; I < C->getNumArgs() && I < Def->getNumParams();
           ++I) {
        const ParmVarDecl *P = Def->getParamDecl(I);
        if (!isTrackedType(P->getType()))
          continue;
        noteStorage(P);
        flowsInto(P, C->getArg(I), "'" + P->getNameAsString() + "'");
      }
      if (isTrackedType(FD->getReturnType()))
        Uses.push_back({C, FD->getCanonicalDecl()});
    }
    for (const ResultFlow &F : ResultFlows) {
      const FunctionDecl *FD = F.Call->getDirectCallee();
      if (Followed.follows(FD))
        Groups.unionSets(F.Target, FD->getCanonicalDecl());
      else
        Blockers[F.Target].push_back(notFollowed(F.What, F.Call));
    }
    for (const ReturnStmt *R : Returns) {
      const FunctionDecl *FD = innermostFunction(R, Ctx).function();
      if (!Followed.follows(FD))
        continue;
      flowsInto(FD->getCanonicalDecl(), R->getRetValue(),
                "the result of '" + FD->getNameAsString() + "'");
    }
  }

  bool TraverseDecl(Decl *D) {
    auto *FD = dyn_cast_or_null<FunctionDecl>(D);
    if (FD)
      FunctionStack.push_back(FD);
    bool Result = Base::TraverseDecl(D);
    if (FD)
      FunctionStack.pop_back();
    return Result;
  }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (const ValueDecl *S = storageOf(E))
      addUse(E, S);
    else if (isa<FieldDecl>(E->getDecl()))
      Reach.fieldNamed(E);
    else if (const auto *FD = dyn_cast<FunctionDecl>(E->getDecl()))
      nameFunction(FD, !Callees.contains(E) || atFileScopeInCxx(),
                   inTemplate());
    return true;
  }

  // A name in a template (overload sets, calls with dependent arguments):
  // its instantiations are not walked, so its function is not followed.
  // A call found by argument-dependent lookup may resolve to any function
  // of its name.
  bool VisitOverloadExpr(OverloadExpr *E) {
    if (E->getName().isIdentifier())
      DependentNames.insert(E->getName().getAsString());
    for (const NamedDecl *D : E->decls())
      if (const auto *FD = dyn_cast<FunctionDecl>(D->getUnderlyingDecl()))
        nameFunction(FD, true, true);
      else if (const auto *FTD =
                   dyn_cast<FunctionTemplateDecl>(D->getUnderlyingDecl()))
        nameFunction(FTD->getTemplatedDecl(), true, true);
    return true;
  }

  bool VisitRecordDecl(RecordDecl *RD) {
    Reach.unionDefined(RD);
    return true;
  }
  bool VisitOffsetOfExpr(OffsetOfExpr *E) {
    Reach.offsetOf(E);
    return true;
  }
  bool VisitDecompositionDecl(DecompositionDecl *D) {
    Reach.decomposed(D);
    return true;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    Reach.dependentMember(E->getMember().getAsString(), E->getMemberLoc());
    return true;
  }
  bool VisitUnresolvedMemberExpr(UnresolvedMemberExpr *E) {
    Reach.dependentMember(E->getMemberName().getAsString(),
                          E->getMemberLoc());
    return true;
  }
  // A struct's bytes taken as another struct's: a cast between pointers to
  // them (not the object protocol's casts, nor a C++ base and derived; seen
  // through intermediate casts, `(struct b *)(void *)a`), or between
  // references. An explicit cast of one to bytes (`(char *)c`, not
  // `(void *)c`) or a round trip through an integer too.
  bool VisitCastExpr(CastExpr *CE) {
    auto RecordPointee = [](QualType T) -> const RecordDecl * {
      const auto *PT = T->getAs<PointerType>();
      return PT ? PT->getPointeeType()->getAsRecordDecl() : nullptr;
    };
    switch (CE->getCastKind()) {
    case CK_IntegralToPointer:
    case CK_PointerToIntegral: {
      const RecordDecl *R = RecordPointee(
          CE->getCastKind() == CK_IntegralToPointer
              ? CE->getType()
              : CE->getSubExpr()->getType());
      if (R && !isObjectRecord(R))
        Reach.asBytes(R, CE->getBeginLoc());
      return true;
    }
    case CK_LValueBitCast:
    case CK_LValueToRValueBitCast: {
      const RecordDecl *A = CE->getSubExpr()->getType()->getAsRecordDecl();
      const RecordDecl *B =
          CE->getType().getNonReferenceType()->getAsRecordDecl();
      if (A && B && A->getCanonicalDecl() != B->getCanonicalDecl() &&
          !isObjectRecord(A) && !isObjectRecord(B))
        Reach.converted(A, B, CE->getBeginLoc());
      return true;
    }
    case CK_BitCast:
      break;
    default:
      return true;
    }
    // Seen through the casts of the same expression: `(void *)c` converted
    // to `struct raw *` takes c's struct as raw.
    pointerConversion(CE->getSubExpr()->IgnoreParenCasts()->getType(),
                      CE->getType(), CE->getBeginLoc(), /*Bytes=*/false);
    return true;
  }

  bool VisitReturnStmt(ReturnStmt *R) {
    if (R->getRetValue() && !FunctionStack.empty() &&
        localFunction(FunctionStack.back()) &&
        isTrackedType(FunctionStack.back()->getReturnType()))
      Returns.push_back(R);
    return true;
  }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    HasAliases |= FD->hasAttr<AliasAttr>();
    return true;
  }

  bool VisitMemberExpr(MemberExpr *E) {
    if (const ValueDecl *S = storageOf(E))
      addUse(E, S);
    return true;
  }

  bool VisitCallExpr(CallExpr *C) {
    // memcpy between two structs, or between a struct and plain bytes.
    if (callsByteAccessFunction(C) && C->getNumArgs() >= 2 &&
        C->getArg(1)->IgnoreParenCasts()->getType()->isPointerType())
      pointerConversion(C->getArg(1)->IgnoreParenCasts()->getType(),
                        C->getArg(0)->IgnoreParenCasts()->getType(),
                        C->getBeginLoc(), true);
    const MemoryAPI *API = memoryAPIOf(C);
    if (!API) {
      // Called before its callee's name is visited.
      if (const auto *DRE = dyn_cast<DeclRefExpr>(
              C->getCallee()->IgnoreParenImpCasts()))
        Callees.insert(DRE);
      if (localFunction(directFreeFunction(C)))
        LocalCalls.push_back(C);
      return true;
    }
    Calls.push_back(
        {C, API, FunctionStack.empty() ? nullptr : FunctionStack.back()});
    Groups.insert(C);
    if (allocates(API->Role))
      Uses.push_back({C, C});
    if ((API->Role == MemoryRole::ObjectReallocator ||
         API->Role == MemoryRole::BufferReallocator) &&
        C->getNumArgs() > 0)
      flowsInto(C, C->getArg(0),
                "the memory '" + API->Name.str() + "' resizes");
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      if (const ValueDecl *S = storageOf(BO->getLHS())) {
        noteStorage(S);
        flowsInto(S, BO->getRHS(), "'" + S->getNameAsString() + "'");
      }
    return true;
  }

  bool VisitVarDecl(VarDecl *V) {
    if (const auto *A = V->getAttr<CleanupAttr>())
      nameFunction(A->getFunctionDecl(), true, false);
    HasAliases |= V->hasAttr<AliasAttr>();
    if (isa<ParmVarDecl>(V) || !V->hasInit() || !isTrackedType(V->getType()))
      return true;
    const ValueDecl *S = V->getCanonicalDecl();
    noteStorage(S);
    flowsInto(S, V->getInit(), "'" + S->getNameAsString() + "'");
    return true;
  }

  // Writes of fields outside assignments: default member initialisers,
  // constructor initialiser lists and aggregate initialisation.
  bool VisitFieldDecl(FieldDecl *F) {
    if (F->hasInClassInitializer() && isTrackedType(F->getType()))
      if (const Expr *Init = F->getInClassInitializer()) {
        noteStorage(F);
        flowsInto(F, Init, "'" + F->getNameAsString() + "'");
      }
    return true;
  }

  bool VisitCXXConstructorDecl(CXXConstructorDecl *C) {
    for (const CXXCtorInitializer *I : C->inits()) {
      const FieldDecl *F = I->getMember();
      if (!F || !I->isWritten() || !isTrackedType(F->getType()))
        continue;
      noteStorage(F);
      flowsInto(F, I->getInit(), "'" + F->getNameAsString() + "'");
    }
    return true;
  }

  bool VisitInitListExpr(InitListExpr *ILE) {
    // The walk sees the form as written; the fields are in the semantic one.
    if (!ILE->isSemanticForm())
      ILE = ILE->getSemanticForm();
    if (!ILE)
      return true;
    const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion())
      return true;
    unsigned Index = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (F->isUnnamedBitField())
        continue;
      if (Index >= ILE->getNumInits())
        break;
      const Expr *Init = ILE->getInit(Index++);
      if (!isTrackedType(F->getType()) || isa<ImplicitValueInitExpr>(Init))
        continue;
      noteStorage(F);
      flowsInto(F, Init, "'" + F->getNameAsString() + "'");
    }
    return true;
  }

private:
  /// A pointer of type \p From converted to \p To: between two structs,
  /// the struct's bytes taken as the other's; between a struct and a type
  /// other than void (`char *`, `char **`, an integer), taken as bytes. With
  /// \p Bytes (a byte copy), a struct copied to or from `void *` too.
  void pointerConversion(QualType From, QualType To, SourceLocation Loc,
                         bool Bytes) {
    auto Pointee = [](QualType T) {
      const auto *PT = T->getAs<PointerType>();
      return PT ? PT->getPointeeType() : QualType();
    };
    const QualType PA = Pointee(From), PB = Pointee(To);
    const RecordDecl *A = PA.isNull() ? nullptr : PA->getAsRecordDecl();
    const RecordDecl *B = PB.isNull() ? nullptr : PB->getAsRecordDecl();
    if (!A && !B)
      return;
    if (!A || !B) {
      const RecordDecl *R = A ? A : B;
      const QualType Other = A ? PB : PA;
      if (isObjectRecord(R) ||
          (!Bytes && (Other.isNull() || Other->isVoidType())))
        return;
      Reach.asBytes(R, Loc);
      return;
    }
    if (A->getCanonicalDecl() == B->getCanonicalDecl() || isObjectRecord(A) ||
        isObjectRecord(B))
      return;
    Reach.converted(A, B, Loc);
  }

  void addUse(const Expr *E, const ValueDecl *S) {
    noteStorage(S);
    Uses.push_back({E, S});
  }

  void noteStorage(const ValueDecl *S) {
    if (Seen.insert(S).second) {
      Storages.push_back(S);
      Groups.insert(S);
    }
  }

  /// \p Target now holds the value of \p Value.
  void flowsInto(const void *Target, const Expr *Value, std::string What) {
    const Expr *V = stripValue(Value);
    if (const ValueDecl *S = storageOf(V)) {
      noteStorage(S);
      Groups.unionSets(Target, S);
      return;
    }
    if (const auto *C = dyn_cast<CallExpr>(V))
      if (const MemoryAPI *API = memoryAPIOf(C); API && allocates(API->Role)) {
        Groups.insert(C);
        Groups.unionSets(Target, C);
        return;
      }
    if (const auto *C = dyn_cast<CallExpr>(V))
      if (localFunction(directFreeFunction(C)) && isTrackedType(C->getType())) {
        ResultFlows.push_back({Target, C, std::move(What)});
        return;
      }
    if (Value->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
      return;
    Blockers[Target].push_back(FixPlan::none(
        What + " comes from an expression ft-tidy does not follow here",
        Value->getExprLoc()));
  }

  /// Why the result of \p Call, which reached \p What, is not followed.
  FixPlan notFollowed(const std::string &What, const CallExpr *Call) const {
    const FunctionDecl *FD = Call->getDirectCallee();
    return FixPlan::none(What + " comes from '" + FD->getNameAsString() +
                             "' here" + Followed.because(FD),
                         Call->getExprLoc());
  }

  /// \p FD is named; \p Otherwise: not as the callee of a direct call;
  /// \p InTemplate: in code whose instantiations the walk does not see.
  void nameFunction(const FunctionDecl *FD, bool Otherwise, bool InTemplate) {
    if (!FD || isa<CXXMethodDecl>(FD) || !FD->getIdentifier())
      return;
    FD = FD->getCanonicalDecl();
    NamedFunctions.insert(FD);
    if (Otherwise)
      OtherwiseNamed.insert(FD);
    if (InTemplate)
      NamedInTemplates.insert(FD);
  }

  /// True inside a function template or a member of a class template,
  /// whose instantiations are not walked.
  bool inTemplate() const {
    return !FunctionStack.empty() && FunctionStack.back()->isDependentContext();
  }

  /// True outside any function in C++ (a default member initialiser, which
  /// may be a class template's).
  bool atFileScopeInCxx() const {
    return FunctionStack.empty() && Ctx.getLangOpts().CPlusPlus;
  }

  /// The result of a call of a function that may be followed, held in
  /// \p Target.
  struct ResultFlow {
    const void *Target;
    const CallExpr *Call;
    std::string What;
  };

  ASTContext &Ctx;
  std::vector<const FunctionDecl *> FunctionStack;
  llvm::DenseSet<const ValueDecl *> Seen;
  llvm::DenseSet<const DeclRefExpr *> Callees; ///< Callees of direct calls.
  llvm::DenseSet<const FunctionDecl *> OtherwiseNamed;
  llvm::DenseSet<const FunctionDecl *> NamedInTemplates;
  llvm::StringSet<> DependentNames; ///< Names of calls in templates.
  bool HasAliases = false;
  std::vector<const CallExpr *> LocalCalls; ///< Calls of localFunction()s.
  std::vector<ResultFlow> ResultFlows;
  std::vector<const ReturnStmt *> Returns; ///< Pointer returns of those.
};

/// Whether the value of \p E is thrown away (an expression statement or a
/// cast to void).
bool isDiscarded(const Expr *E, ASTContext &Ctx) {
  const Stmt *Top = E;
  for (;;) {
    DynTypedNodeList Parents = parentsOf(*Top, Ctx);
    if (Parents.empty())
      return true;
    const auto *P = Parents[0].get<Stmt>();
    if (!P)
      return false;
    if (isa<ParenExpr, ExprWithCleanups>(P) ||
        (isa<CastExpr>(P) && cast<CastExpr>(P)->getType()->isVoidType())) {
      Top = P;
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P))
      return BO->getOpcode() == BO_Comma && BO->getLHS() == Top;
    return !isa<Expr>(P) && !isa<ReturnStmt>(P);
  }
}

std::string sourceText(const Expr *E, const ASTContext &Ctx) {
  CharSourceRange R = CharSourceRange::getTokenRange(E->getSourceRange());
  StringRef Text = Lexer::getSourceText(R, Ctx.getSourceManager(),
                                        Ctx.getLangOpts());
  if (Text.empty() || Text.size() > 40)
    return "it";
  return "'" + Text.str() + "'";
}

/// Classifies a use of the group's memory by \p P, the parent of \p Top,
/// where the value goes no further up.
void classifyTerminalUse(const Stmt *P, const Stmt *Top,
                         const std::string &Name, bool Derived, MemoryGroup &G,
                         const FollowedFunctions &Followed, ASTContext &Ctx) {
  auto Unfollowed = [&] {
    escape(G, Top->getBeginLoc(), Name + " is used here in a way ft-tidy "
                                      "does not follow");
  };
  if (const auto *C = dyn_cast<CallExpr>(P)) {
    if (C->getCallee() == Top)
      return;
    // A pointer computed from the memory reaches only byte access.
    if (Derived && !callsByteAccessFunction(C))
      return Unfollowed();
    // An argument of a followed function: its parameter is in the group.
    const FunctionDecl *Callee = directFreeFunction(C);
    if (Followed.follows(Callee) &&
        llvm::is_contained(llvm::ArrayRef(C->getArgs(), C->getNumArgs()),
                           Top))
      return;
    const MemoryAPI *API = memoryAPIOf(C);
    const bool IsFirst = C->getNumArgs() > 0 && C->getArg(0) == Top;
    if (API && IsFirst && releasesFirstArgument(API->Role)) {
      G.Releases.insert(C);
      if (API->Role == MemoryRole::ObjectRelease ||
          API->Role == MemoryRole::BufferRelease)
        G.HasFree = true;
      return;
    }
    if (API && IsFirst && API->Role == MemoryRole::ObjectInit) {
      G.IsObject = true;
      return;
    }
    if (callsByteAccessFunction(C)) {
      // memcpy, strcpy and the like return their first argument.
      if (C->getType()->isPointerType() && !isObjectPointer(C->getType()) &&
          !isDiscarded(C, Ctx))
        escape(G, C->getBeginLoc(),
               "the result of '" + directFreeFunction(C)->getName().str() +
                   "' points to " + Name + " and is used here");
      return;
    }
    const FunctionDecl *FD = C->getDirectCallee();
    escape(G, Top->getBeginLoc(),
           Name + " is passed to " +
               (FD ? "'" + FD->getNameAsString() + "'"
                   : std::string("a function through a pointer")) +
               " here" + Followed.because(Callee));
    return;
  }
  if (const auto *CO = dyn_cast<AbstractConditionalOperator>(P)) {
    if (CO->getCond()->IgnoreParens() != Top)
      escape(G, Top->getBeginLoc(), Name + " is selected by a conditional "
                                        "expression here");
    return;
  }
  if (const auto *ILE = dyn_cast<InitListExpr>(P)) {
    // Aggregate initialisation of a struct: followed field by field.
    const RecordDecl *RD = ILE->getType()->getAsRecordDecl();
    if (!RD || RD->isUnion() || Derived)
      escape(G, Top->getBeginLoc(), Name + " is stored in an initializer "
                                        "list here");
    return;
  }
  if (isa<LambdaExpr>(P)) {
    escape(G, Top->getBeginLoc(), Name + " is copied into a lambda here");
    return;
  }
  if (isa<ReturnStmt>(P)) {
    // The result of a followed function: its calls are in the group.
    const FunctionDecl *FD = innermostFunction(P, Ctx).function();
    if (Followed.follows(FD) && !Derived)
      return;
    escape(G, P->getBeginLoc(),
           Name + " is returned here" +
               (FD ? Followed.because(FD, " from '" + FD->getNameAsString() +
                                              "'")
                   : std::string()));
    return;
  }
  if (isa<Expr, AsmStmt>(P))
    return Unfollowed();
  // The value of a statement expression (`({ ...; p; })`).
  if (const auto *CS = dyn_cast<CompoundStmt>(P))
    if (!CS->body_empty() && CS->body_back() == Top) {
      DynTypedNodeList Above = parentsOf(*CS, Ctx);
      if (!Above.empty() && Above[0].get<StmtExpr>())
        return Unfollowed();
    }
  return; // A condition or an expression statement.
}

/// Classifies one use of the group's memory: a release, a harmless access of
/// the bytes, a sign that the memory is a Python object, or an escape.
void classifyUse(const Use &U, MemoryGroup &G,
                 const FollowedFunctions &Followed, ASTContext &Ctx) {
  const std::string Name = sourceText(U.E, Ctx);
  const Stmt *Top = U.E;
  // Top is a pointer computed from the memory (`p + n`): reading or
  // writing through it is harmless; where a pointer to the memory itself
  // would be followed, it is not.
  bool Derived = false;
  for (;;) {
    DynTypedNodeList Parents = parentsOf(*Top, Ctx);
    if (Parents.empty())
      return;
    const DynTypedNode &PN = Parents[0];
    if (const auto *D = PN.get<Decl>()) {
      // The initialiser of a variable: followed when the variable is (a
      // parameter's default argument is not).
      const auto *V = dyn_cast<VarDecl>(D);
      if (!V || !isTrackedType(V->getType()) || isa<ParmVarDecl>(V) || Derived)
        escape(G, Top->getBeginLoc(), Name + " is stored into '" +
                                       cast<NamedDecl>(D)->getNameAsString() +
                                       "' here");
      return;
    }
    if (const auto *I = PN.get<CXXCtorInitializer>()) {
      // A member initialiser: followed when the member is.
      if (!I->getMember() || !isTrackedType(I->getMember()->getType()) ||
          Derived)
        escape(G, Top->getBeginLoc(), Name + " is used here in a way ft-tidy "
                                          "does not follow");
      return;
    }
    const auto *P = PN.get<Stmt>();
    if (!P) {
      escape(G, Top->getBeginLoc(),
             Name + " is used here in a way ft-tidy does not follow");
      return;
    }
    if (isa<ParenExpr, ExprWithCleanups, MaterializeTemporaryExpr,
            CXXBindTemporaryExpr, ConstantExpr, DesignatedInitExpr>(P)) {
      Top = P;
      continue;
    }
    if (const auto *CE = dyn_cast<CastExpr>(P)) {
      QualType T = CE->getType();
      if (isObjectPointer(T)) {
        G.IsObject = true;
        return;
      }
      if (CE->getCastKind() == CK_PointerToBoolean || T->isVoidType())
        return;
      if (T->isPointerType() || T->isReferenceType() || CE->isGLValue()) {
        Top = P;
        continue;
      }
      escape(G, CE->getBeginLoc(), Name + " is converted to '" +
                                    T.getAsString() + "' here");
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(P)) {
      const bool IsLHS = BO->getLHS()->IgnoreParens() == Top;
      if (BO->getOpcode() == BO_Assign) {
        // A write of the storage, or a value stored into a followed storage.
        if (!IsLHS && (!storageOf(BO->getLHS()) || Derived))
          escape(G, BO->getOperatorLoc(),
                 Name + " is stored into " + sourceText(BO->getLHS(), Ctx) +
                     " here");
        return;
      }
      if (BO->isAdditiveOp() && BO->getType()->isPointerType()) {
        Top = P; // Points into the memory: followed to what uses it.
        Derived = true;
        continue;
      }
      if (BO->isCompoundAssignmentOp() || BO->isComparisonOp() ||
          BO->isLogicalOp() || BO->isAdditiveOp())
        return;
      if (BO->getOpcode() == BO_Comma) {
        if (IsLHS)
          return;
        Top = P;
        continue;
      }
      escape(G, BO->getOperatorLoc(), Name + " is used here in a way ft-tidy "
                                          "does not follow");
      return;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(P)) {
      if (UO->getOpcode() == UO_AddrOf)
        escape(G, UO->getBeginLoc(),
               "the address of " + Name + " is taken here");
      return; // *p, !p, ++p, --p.
    }
    if (isa<ArraySubscriptExpr, MemberExpr, UnaryExprOrTypeTraitExpr>(P))
      return; // Reads or writes the bytes.
    classifyTerminalUse(P, Top, Name, Derived, G, Followed, Ctx);
    return;
  }
}

/// Why a storage that is part of the group cannot be followed in full.
struct StorageLimit {
  FixPlan Why;
  bool OtherFiles = false; ///< Only because other files may use it.
};

/// Why storage \p S cannot be followed in full in this unit, or nullopt.
std::optional<StorageLimit> storageLimit(const ValueDecl *S,
                                         const FollowedFunctions &Followed,
                                         const SourceManager &SM) {
  auto InMainFile = [&](const Decl *D) {
    return SM.isInMainFile(SM.getExpansionLoc(D->getLocation()));
  };
  const std::string Name = "'" + S->getNameAsString() + "'";
  auto Blocked = [&](llvm::StringRef Why, bool OtherFiles = false) {
    return StorageLimit{FixPlan::none(Name + Why.str(), S->getLocation()),
                        OtherFiles};
  };
  if (isa<ParmVarDecl>(S)) {
    // A parameter of a followed function holds what its calls pass.
    const auto *FD = dyn_cast<FunctionDecl>(S->getDeclContext());
    if (Followed.follows(FD))
      return std::nullopt;
    return Blocked(" is a parameter: its value comes from the callers" +
                   (FD ? Followed.because(FD, " of '" +
                                                  FD->getNameAsString() + "'")
                       : std::string()));
  }
  if (const auto *V = dyn_cast<VarDecl>(S)) {
    if (V->hasAttr<CleanupAttr>())
      return Blocked(" is passed to its cleanup function when it goes out of "
                     "scope");
    if (V->hasGlobalStorage() &&
        (V->isExternallyVisible() || !InMainFile(V)))
      return Blocked(" is visible to other files, which may release it",
                     true);
    return std::nullopt;
  }
  const auto *F = cast<FieldDecl>(S);
  for (const DeclContext *DC = F->getDeclContext(); DC; DC = DC->getParent()) {
    const auto *RD = dyn_cast<RecordDecl>(DC);
    if (!RD)
      break;
    if (RD->isUnion())
      return Blocked(" is a member of a union, whose other members alias it");
  }
  if (!InMainFile(F->getParent()))
    return Blocked(" is a field of a type defined in another file, whose "
                   "other users may release it",
                   true);
  return std::nullopt;
}

} // namespace

MemoryGroups::MemoryGroups(ASTContext &Ctx,
                           const llvm::StringSet<> &Examined) {
  const SourceManager &SM = Ctx.getSourceManager();
  MemoryUseCollector Collector(Ctx);
  Collector.TraverseAST(Ctx);
  Collector.followCalls();
  const FollowedFunctions &Followed = Collector.Followed;
  auto &Groups = Collector.Groups;
  Calls = std::move(Collector.Calls);
  Reached = Collector.Reach.reachedKeys();

  // What stops following each storage in full; a storage other files may
  // use is named by its key (lib/SharedMemory) when it has one.
  // A field reached other than by member access is blocked, shared or not
  // (the key still joins it to the project's family, which it blocks).
  llvm::DenseMap<const ValueDecl *, std::vector<FixPlan>> Limits;
  llvm::DenseMap<const ValueDecl *, SharedStorage> SharedOnes;
  for (const ValueDecl *S : Collector.Storages) {
    if (const auto *F = dyn_cast<FieldDecl>(S))
      if (std::optional<FixPlan> Why = Collector.Reach.why(F))
        Limits[S].push_back(std::move(*Why));
    std::optional<StorageLimit> L = storageLimit(S, Followed, SM);
    if (!L)
      continue;
    std::optional<SharedStorage> Shared;
    if (L->OtherFiles)
      Shared = sharedStorage(S, SM);
    if (!Shared) {
      Limits[S].push_back(std::move(L->Why));
      continue;
    }
    Shared->Why = std::move(L->Why);
    if (Examined.contains(Shared->Key))
      ByLeader[Groups.getLeaderValue(S)];
    SharedOnes[S] = std::move(*Shared);
  }

  // Only groups holding object-domain allocations (or an examined shared
  // storage) are examined further.
  for (const MemoryCall &MC : Calls)
    if (MC.API->Role == MemoryRole::ObjectAllocator ||
        MC.API->Role == MemoryRole::ObjectReallocator)
      ByLeader[Groups.getLeaderValue(MC.Call)];
  if (ByLeader.empty())
    return;
  auto GroupOf = [&](const void *Node) -> MemoryGroup * {
    auto It = ByLeader.find(Groups.getLeaderValue(Node));
    return It == ByLeader.end() ? nullptr : &It->second;
  };

  for (const MemoryCall &MC : Calls) {
    if (!allocates(MC.API->Role))
      continue;
    if (MemoryGroup *G = GroupOf(MC.Call)) {
      G->Allocations.push_back(&MC);
      if (isTypeAllocator(MC.Function))
        G->IsObject = true;
    }
  }
  for (const ValueDecl *S : Collector.Storages) {
    MemoryGroup *G = GroupOf(S);
    if (!G)
      continue;
    G->Storages.push_back(S);
    if (isObjectPointer(S->getType()))
      G->IsObject = true;
    if (auto L = Limits.find(S); L != Limits.end())
      llvm::append_range(G->Blockers, L->second);
    if (auto Sh = SharedOnes.find(S); Sh != SharedOnes.end())
      G->Shared.push_back(std::move(Sh->second));
  }
  for (const FunctionDecl *FD : Collector.NamedFunctions)
    if (Followed.follows(FD) && isObjectPointer(FD->getReturnType()))
      if (MemoryGroup *G = GroupOf(FD))
        G->IsObject = true;
  for (auto &[Node, Blockers] : Collector.Blockers)
    if (MemoryGroup *G = GroupOf(Node))
      llvm::append_range(G->Blockers, Blockers);
  for (const Use &U : Collector.Uses)
    if (MemoryGroup *G = GroupOf(U.Node))
      if (!G->IsObject)
        classifyUse(U, *G, Followed, Ctx);
}

} // namespace clang::tidy::freethreading
