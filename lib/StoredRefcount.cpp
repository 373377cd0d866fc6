//===--- StoredRefcount.cpp -----------------------------------------------===//

#include "lib/StoredRefcount.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "lib/Parents.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::freethreading {

namespace {

/// True when \p S may change \p Var: it refers to Var other than to read its
/// value (an assignment, ++ or --, its address or a reference taken).
bool mayWrite(const Stmt *S, const VarDecl *Var) {
  if (!S)
    return false;
  if (const auto *Cast = dyn_cast<ImplicitCastExpr>(S)) {
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Cast->getSubExpr()->IgnoreParens());
    if (Cast->getCastKind() == CK_LValueToRValue && Ref &&
        Ref->getDecl() == Var)
      return false;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    return Ref->getDecl() == Var;
  return llvm::any_of(S->children(),
                      [Var](const Stmt *C) { return mayWrite(C, Var); });
}

/// True when \p S holds a label, or a case of a switch outside \p S: a jump
/// can enter \p S without passing what comes before it.
bool holdsJumpTarget(const Stmt *S, bool CasesCount = true) {
  if (!S)
    return false;
  if (isa<LabelStmt>(S) || (CasesCount && isa<SwitchCase>(S)))
    return true;
  // A switch's cases are entered from the switch only.
  bool Inner = CasesCount && !isa<SwitchStmt>(S);
  return llvm::any_of(S->children(), [Inner](const Stmt *C) {
    return holdsJumpTarget(C, Inner);
  });
}

/// True when \p S changes nothing, or cannot reach \p Var's use directly.
bool isClearOf(const Stmt *S, const VarDecl *Var) {
  return !mayWrite(S, Var) && !holdsJumpTarget(S);
}

bool declares(const Stmt *S, const VarDecl *Var) {
  const auto *DS = dyn_cast<DeclStmt>(S);
  return DS && llvm::is_contained(DS->decls(), Var);
}

/// True when the parts of \p Parent that run before its child \p Child (a
/// statement, or a declaration of a DeclStmt) leave \p Var alone.
bool earlierPartsClear(const Stmt *Parent, const DynTypedNode &Child,
                       const VarDecl *Var) {
  if (const auto *DS = dyn_cast<DeclStmt>(Parent)) {
    for (const Decl *D : DS->decls()) {
      if (D == Child.get<Decl>())
        return true;
      const auto *VD = dyn_cast<VarDecl>(D);
      if (VD && !isClearOf(VD->getInit(), Var))
        return false;
    }
    return false;
  }
  const Stmt *ChildStmt = Child.get<Stmt>();
  for (const Stmt *C : Parent->children()) {
    if (C == ChildStmt)
      return true;
    if (!isClearOf(C, Var))
      return false;
  }
  return false; // the child is not one of the statement's own: unsure
}

/// In the block \p Block, from its statement \p Child backwards: the store
/// of \p Var, or, in \p Blocked, whether something else stops the search.
std::optional<RefcountStore> storeBefore(const CompoundStmt *Block,
                                         const Stmt *Child,
                                         const VarDecl *Var, ASTContext &Ctx,
                                         bool &Blocked,
                                         llvm::SmallVectorImpl<const Stmt *>
                                             &Between) {
  const auto *Pos = llvm::find(Block->body(), Child);
  Blocked = Pos == Block->body_end();
  for (const auto *I = Pos; !Blocked && I != Block->body_begin();) {
    --I;
    if (std::optional<RefcountStore> Store = asRefcountStore(*I, Var, Ctx)) {
      Between.assign(I + 1, Pos);
      return Store;
    }
    Blocked = declares(*I, Var) || !isClearOf(*I, Var);
  }
  return std::nullopt;
}

/// True for a statement that may run its body more than once: a loop other
/// than `do { ... } while (0)`, which statement macros are made of.
bool isLoop(const Stmt *S, const ASTContext &Ctx) {
  if (const auto *Do = dyn_cast<DoStmt>(S)) {
    std::optional<int64_t> Cond = integerConstantOf(Do->getCond(), Ctx);
    return !Cond || *Cond != 0;
  }
  return isa<WhileStmt, ForStmt, CXXForRangeStmt>(S);
}

/// True when the parts of the expression \p Parent that may run before its
/// child \p Child have no side effects.
bool sideEffectFreeBefore(const Expr *Parent, const Stmt *Child,
                          const ASTContext &Ctx) {
  // &&, || and , run their right side after the left; ?: its branches
  // after the condition.
  if (const auto *BO = dyn_cast<BinaryOperator>(Parent))
    if (BO->getLHS() == Child && (BO->isLogicalOp() || BO->isCommaOp()))
      return true;
  if (const auto *CO = dyn_cast<ConditionalOperator>(Parent))
    if (CO->getCond() == Child)
      return true;
  return llvm::all_of(Parent->children(), [&](const Stmt *C) {
    const auto *E = dyn_cast_or_null<Expr>(C);
    return C == Child || (E && !E->HasSideEffects(Ctx));
  });
}

/// True when running \p S cannot change anything: no statement other than
/// a declaration, an expression or ';', and no side effects.
bool isInert(const Stmt *S, const ASTContext &Ctx) {
  if (isa<NullStmt>(S))
    return true;
  if (const auto *E = dyn_cast<Expr>(S))
    return !E->HasSideEffects(Ctx);
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return false;
  return llvm::all_of(DS->decls(), [&](const Decl *D) {
    const auto *VD = dyn_cast<VarDecl>(D);
    if (!VD)
      return true;
    const Expr *Init = VD->getInit();
    return !VD->getType()->isVariablyModifiedType() &&
           (!Init || !Init->HasSideEffects(Ctx));
  });
}

/// The names the expression \p E refers to.
void referencedNames(const Stmt *E, llvm::StringSet<> &Names) {
  if (!E)
    return;
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    if (Ref->getDecl()->getIdentifier())
      Names.insert(Ref->getDecl()->getName());
  for (const Stmt *C : E->children())
    referencedNames(C, Names);
}

/// A name declared by \p S that is among \p Names, or "".
llvm::StringRef hiddenName(const Stmt *S, const llvm::StringSet<> &Names) {
  const auto *DS = dyn_cast<DeclStmt>(S);
  if (!DS)
    return "";
  for (const Decl *D : DS->decls())
    if (const auto *ND = dyn_cast<NamedDecl>(D))
      if (ND->getIdentifier() && Names.contains(ND->getName()))
        return ND->getName();
  return "";
}

std::string lineOf(const Stmt *S, const ASTContext &Ctx) {
  return std::to_string(
      Ctx.getSourceManager().getExpansionLineNumber(S->getBeginLoc()));
}

/// Why the test cannot take the read's place inside \p U.UseStatement, from
/// the test at Path[\p From] up, or nullopt when it can.
std::optional<std::string> whyNotInUseStatement(const StoredCountUse &U,
                                                size_t From,
                                                ASTContext &Ctx) {
  const std::string Nested =
      "the test is inside a nested statement, not directly in a statement "
      "of the read's block";
  const std::string Before = "code that runs before the test in its "
                             "statement may change the count or the object";
  DynTypedNode Child = U.Path[From];
  for (size_t I = From + 1; I < U.Path.size(); Child = U.Path[I++]) {
    if (U.Path[I].get<VarDecl>())
      continue; // the initializer of a declaration: the DeclStmt decides
    const Stmt *S = U.Path[I].get<Stmt>();
    if (!S)
      return Nested;
    if (const auto *E = dyn_cast<Expr>(S)) {
      if (!sideEffectFreeBefore(E, Child.get<Stmt>(), Ctx))
        return Before;
      continue;
    }
    if (S != U.UseStatement)
      return Nested;
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      if (If->getCond() != Child.get<Stmt>() || If->getInit() ||
          If->getConditionVariable())
        return Nested;
    } else if (const auto *DS = dyn_cast<DeclStmt>(S)) {
      for (const Decl *D : DS->decls()) {
        if (D == Child.get<Decl>())
          break;
        const auto *VD = dyn_cast<VarDecl>(D);
        if (VD && VD->getInit() && VD->getInit()->HasSideEffects(Ctx))
          return Before;
      }
    } else if (!isa<ReturnStmt>(S)) {
      return Nested;
    }
  }
  return std::nullopt;
}

} // namespace

bool mayHoldStoredCount(const VarDecl *Var) {
  QualType T = Var->getType();
  return Var->hasLocalStorage() && !T.isVolatileQualified() &&
         T->isIntegerType() && !T->isBooleanType();
}

std::optional<RefcountStore> asRefcountStore(const Stmt *S, const VarDecl *Var,
                                             ASTContext &Ctx) {
  if (!mayHoldStoredCount(Var))
    return std::nullopt;
  RefcountStore Store;
  const Expr *Value = nullptr;
  if (declares(S, Var)) {
    Value = Var->getInit();
  } else if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    const auto *Target = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParens());
    if (BO->getOpcode() != BO_Assign || !Target || Target->getDecl() != Var)
      return std::nullopt;
    Store.Assignment = BO;
    Value = BO->getRHS();
  }
  if (!Value || !mayBeRefcountRead(Value))
    return std::nullopt;
  std::optional<RefcountRead> Read = asRefcountRead(Value, Ctx);
  if (!Read)
    return std::nullopt;
  Store.Var = Var;
  Store.Statement = S;
  Store.Read = *Read;
  return Store;
}

std::optional<StoredCountUse> storedCountAt(const DeclRefExpr *Use,
                                            ASTContext &Ctx) {
  const auto *Var = dyn_cast<VarDecl>(Use->getDecl());
  if (!Var || !mayHoldStoredCount(Var))
    return std::nullopt;
  StoredCountUse Out;
  // A case above the use, until its switch is passed too: the switch may
  // jump there from before the store.
  bool PendingCase = false;
  DynTypedNode Child = DynTypedNode::create(*Use);
  while (true) {
    DynTypedNodeList Parents = parentsOf(Child, Ctx);
    if (Parents.size() != 1)
      return std::nullopt;
    DynTypedNode Node = Parents[0];
    Out.Path.push_back(Node);
    if (Node.get<VarDecl>() && Node.get<VarDecl>() != Var) {
      Child = Node; // an initializer; its DeclStmt comes next
      continue;
    }
    const Stmt *S = Node.get<Stmt>();
    if (!S || isa<LambdaExpr, BlockExpr, LabelStmt>(S))
      return std::nullopt;
    PendingCase = (PendingCase || isa<SwitchCase>(S)) && !isa<SwitchStmt>(S);
    if (isLoop(S, Ctx)) {
      if (!isClearOf(S, Var))
        return std::nullopt;
      Out.InLoop = true;
    }
    if (const auto *Block = dyn_cast<CompoundStmt>(S)) {
      bool Blocked = false;
      std::optional<RefcountStore> Store =
          storeBefore(Block, Child.get<Stmt>(), Var, Ctx, Blocked, Out.Between);
      if (Store && !PendingCase) {
        Out.Path.pop_back(); // the block itself is not on the way
        Out.Store = *Store;
        Out.UseStatement = Child.get<Stmt>();
        return Out;
      }
      if (Store || Blocked)
        return std::nullopt;
    } else if (!earlierPartsClear(S, Child, Var)) {
      return std::nullopt;
    }
    Child = Node;
  }
}

std::optional<std::string> whyReadCannotMove(const StoredCountUse &U,
                                             const Expr *Test,
                                             ASTContext &Ctx) {
  if (U.InLoop)
    return std::string("the test runs again in a loop, after a single read");
  size_t From = 0;
  while (From < U.Path.size() && U.Path[From].get<Stmt>() != Test)
    ++From;
  if (From == U.Path.size())
    return std::string("the test is not where the count is used");
  if (std::optional<std::string> Why = whyNotInUseStatement(U, From, Ctx))
    return Why;

  llvm::StringSet<> Names;
  referencedNames(U.Store.Read.Object, Names);
  if (const auto *DS = dyn_cast<DeclStmt>(U.UseStatement))
    if (llvm::StringRef Name = hiddenName(DS, Names); !Name.empty())
      return "'" + Name.str() + "' is declared again by the test's statement";
  for (const Stmt *S : U.Between) {
    if (!isInert(S, Ctx))
      return "the statement at line " + lineOf(S, Ctx) +
             ", between the read and the test, may change the count or the "
             "object";
    if (llvm::StringRef Name = hiddenName(S, Names); !Name.empty())
      return "'" + Name.str() + "' is declared again between the read and "
             "the test";
  }
  if (U.Store.Read.Object->HasSideEffects(Ctx))
    return std::string("the object expression has side effects, which would "
                       "happen at the test instead of at the read");
  return std::nullopt;
}

} // namespace clang::tidy::freethreading
