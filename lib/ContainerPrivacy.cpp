//===--- ContainerPrivacy.cpp - can another thread reach this container? --===//

#include "lib/ContainerPrivacy.h"
#include "lib/Parents.h"
#include "lib/CPythonAPI.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::freethreading {

namespace {

const Stmt *parentOf(const Stmt *S, ASTContext &Ctx) {
  auto Parents = parentsOf(*S, Ctx);
  return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
}

/// How one reference to the variable uses it.
enum class RefUse {
  Operation,    ///< Argument of a container operation, or a NULL test.
  FreshWrite,   ///< Assigned the result of a container constructor.
  NullWrite,    ///< Assigned NULL.
  ForeignWrite, ///< Assigned any other value.
  Escape,       ///< Stored, returned, passed on, captured, address taken.
};

struct Ref {
  const Expr *E;       ///< The reference, or the initializer of the VarDecl.
  SourceLocation Loc;  ///< File location, for ordering.
  RefUse Use;
  llvm::StringRef Constructor; ///< For FreshWrite.
};

/// The name of the function \p E calls when it is a direct call.
llvm::StringRef calleeName(const Expr *E) {
  if (const auto *Call = dyn_cast_or_null<CallExpr>(ignoreCasts(E)))
    if (const FunctionDecl *FD = Call->getDirectCallee())
      if (FD->getIdentifier())
        return FD->getName();
  return {};
}

RefUse classifyValue(const Expr *Value, ASTContext &Ctx,
                     llvm::StringRef &Constructor) {
  const Expr *V = ignoreCasts(Value);
  if (V->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return RefUse::NullWrite;
  llvm::StringRef Callee = calleeName(V);
  if (!Callee.empty() && isContainerConstructor(Callee)) {
    Constructor = Callee;
    return RefUse::FreshWrite;
  }
  return RefUse::ForeignWrite;
}

bool isIdentChar(char C) { return llvm::isAlnum(C) || C == '_'; }

/// True when the user wrote `NAME(<Ref>,` or `NAME(<Ref>)` with NAME an
/// operation whose container is its first argument. Works for the macro
/// spellings of old headers, where no call remains in the AST.
bool spelledAsFirstOperationArgument(const DeclRefExpr *R, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getFileLoc(R->getLocation());
  if (Loc.isInvalid())
    return false;
  bool Invalid = false;
  llvm::StringRef Buffer = SM.getBufferData(SM.getFileID(Loc), &Invalid);
  if (Invalid)
    return false;
  unsigned Offset = SM.getFileOffset(Loc);
  llvm::StringRef Name = R->getDecl()->getName();
  if (Buffer.substr(Offset, Name.size()) != Name)
    return false;
  // After the reference: ',' or ')'.
  size_t After = Offset + Name.size();
  while (After < Buffer.size() && llvm::isSpace(Buffer[After]))
    ++After;
  if (After >= Buffer.size() || (Buffer[After] != ',' && Buffer[After] != ')'))
    return false;
  // Before it: NAME '('.
  size_t Before = Offset;
  while (Before > 0 && llvm::isSpace(Buffer[Before - 1]))
    --Before;
  if (Before == 0 || Buffer[Before - 1] != '(')
    return false;
  --Before;
  while (Before > 0 && llvm::isSpace(Buffer[Before - 1]))
    --Before;
  size_t NameEnd = Before;
  while (Before > 0 && isIdentChar(Buffer[Before - 1]))
    --Before;
  return containerOperationArg(Buffer.slice(Before, NameEnd)) == 0;
}

RefUse classifyReference(const DeclRefExpr *R, ASTContext &Ctx,
                         llvm::StringRef &Constructor) {
  // Climb through parentheses and casts to the expression that uses it.
  const Stmt *Top = R;
  const Stmt *User = parentOf(R, Ctx);
  bool ToBool = false;
  while (User && (isa<ParenExpr>(User) || isa<CastExpr>(User))) {
    if (const auto *IC = dyn_cast<ImplicitCastExpr>(User))
      if (IC->getCastKind() == CK_PointerToBoolean)
        ToBool = true;
    Top = User;
    User = parentOf(User, Ctx);
  }
  if (!User)
    return RefUse::Escape;

  if (const auto *BO = dyn_cast<BinaryOperator>(User)) {
    if (BO->getOpcode() == BO_Assign && BO->getLHS() == Top)
      return classifyValue(BO->getRHS(), Ctx, Constructor);
    if (BO->isAssignmentOp() && BO->getLHS() == Top)
      return RefUse::ForeignWrite;
    if (BO->isEqualityOp()) {
      const Expr *Other = BO->getLHS() == Top ? BO->getRHS() : BO->getLHS();
      if (ignoreCasts(Other)->isNullPointerConstant(
              Ctx, Expr::NPC_ValueDependentIsNotNull))
        return RefUse::Operation;
    }
    // A truth test. C converts no pointer to bool (no PointerToBoolean
    // cast), so an operand of && or || is a test by itself.
    if (BO->isLogicalOp())
      return RefUse::Operation;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(User)) {
    if (UO->getOpcode() == UO_LNot)
      return RefUse::Operation;
    return RefUse::Escape; // &x, x++, *x = ...
  }
  if (ToBool || cast<Expr>(Top)->getType()->isPointerType()) {
    // The condition of a statement or of ?: (not one of its values).
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(User))
      Cond = If->getCond();
    else if (const auto *W = dyn_cast<WhileStmt>(User))
      Cond = W->getCond();
    else if (const auto *D = dyn_cast<DoStmt>(User))
      Cond = D->getCond();
    else if (const auto *F = dyn_cast<ForStmt>(User))
      Cond = F->getCond();
    else if (const auto *CO = dyn_cast<ConditionalOperator>(User))
      Cond = CO->getCond();
    if (Cond && Cond == Top)
      return RefUse::Operation;
  }

  if (const auto *Call = dyn_cast<CallExpr>(User)) {
    if (const FunctionDecl *FD = Call->getDirectCallee()) {
      int Arg = FD->getIdentifier() ? containerOperationArg(FD->getName()) : -1;
      if (Arg >= 0 && static_cast<unsigned>(Arg) < Call->getNumArgs() &&
          Call->getArg(Arg) == Top)
        return RefUse::Operation;
    }
  }
  if (spelledAsFirstOperationArgument(R, Ctx))
    return RefUse::Operation;
  return RefUse::Escape;
}

/// Every reference to \p V inside \p Body, with lambdas and blocks noted.
class RefCollector : public RecursiveASTVisitor<RefCollector> {
public:
  RefCollector(const VarDecl *V) : V(V) {}
  bool shouldVisitLambdaBody() const { return true; }
  bool TraverseLambdaExpr(LambdaExpr *L) {
    ++Captured;
    bool R = RecursiveASTVisitor::TraverseLambdaExpr(L);
    --Captured;
    return R;
  }
  bool TraverseBlockExpr(BlockExpr *B) {
    ++Captured;
    bool R = RecursiveASTVisitor::TraverseBlockExpr(B);
    --Captured;
    return R;
  }
  bool VisitDeclRefExpr(DeclRefExpr *R) {
    if (R->getDecl() == V)
      Found.push_back({R, Captured > 0});
    return true;
  }
  struct Found_ {
    const DeclRefExpr *R;
    bool InClosure;
  };
  llvm::SmallVector<Found_, 8> Found;

private:
  const VarDecl *V;
  unsigned Captured = 0;
};

/// Functions installed as METH_KEYWORDS methods, tp_init or tp_new.
class KeywordFunctionScanner
    : public RecursiveASTVisitor<KeywordFunctionScanner> {
public:
  KeywordFunctionScanner(ASTContext &Ctx,
                         llvm::DenseSet<const FunctionDecl *> &Out)
      : Ctx(Ctx), Out(Out) {}

  bool VisitInitListExpr(InitListExpr *ILE) {
    // The visitor walks the syntactic forms; fields are matched to
    // initializers in the semantic form.
    if (InitListExpr *Semantic = ILE->getSemanticForm())
      ILE = Semantic;
    const auto *RT = ILE->getType()->getAs<RecordType>();
    if (!RT)
      return true;
    const RecordDecl *RD = RT->getDecl();
    llvm::SmallVector<std::pair<const FieldDecl *, const Expr *>, 8> Inits;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      Inits.push_back({F, ILE->getInit(I++)});
    }
    llvm::StringRef Record = RD->getName();
    if (Record.empty()) // typedef struct { ... } PyType_Slot;
      if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        Record = TD->getName();
    const KeywordArgumentsAPI &API = keywordArgumentsAPI();
    for (auto [F, Init] : Inits) {
      if (llvm::is_contained(API.TypeFields, F->getName()))
        add(Init);
    }
    if (Record == API.MethodRecord && Inits.size() >= 3 &&
        textOf(Inits[2].second).contains(API.MethodFlag) &&
        !textOf(Inits[2].second).contains(API.MethodNotFlag))
      add(Inits[1].second);
    if (Record == API.SlotRecord && Inits.size() >= 2) {
      llvm::StringRef Slot = textOf(Inits[0].second);
      if (llvm::is_contained(API.Slots, Slot))
        add(Inits[1].second);
    }
    return true;
  }

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    if (const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParens()))
      if (const auto *F = dyn_cast<FieldDecl>(ME->getMemberDecl()))
        if (llvm::is_contained(keywordArgumentsAPI().TypeFields, F->getName()))
          add(BO->getRHS());
    return true;
  }

private:
  void add(const Expr *E) {
    if (!E)
      return;
    if (const auto *DRE = dyn_cast<DeclRefExpr>(ignoreCasts(E)))
      if (const auto *FD = dyn_cast<FunctionDecl>(DRE->getDecl()))
        Out.insert(FD->getCanonicalDecl());
  }
  llvm::StringRef textOf(const Expr *E) {
    if (!E)
      return {};
    const SourceManager &SM = Ctx.getSourceManager();
    CharSourceRange Range = CharSourceRange::getTokenRange(
        SM.getFileLoc(E->getBeginLoc()), SM.getFileLoc(E->getEndLoc()));
    return Lexer::getSourceText(Range, SM, Ctx.getLangOpts()).trim();
  }

  ASTContext &Ctx;
  llvm::DenseSet<const FunctionDecl *> &Out;
};

bool contains(SourceRange Range, SourceLocation Loc, const SourceManager &SM) {
  SourceLocation B = SM.getFileLoc(Range.getBegin());
  SourceLocation E = SM.getFileLoc(Range.getEnd());
  return !SM.isBeforeInTranslationUnit(Loc, B) &&
         !SM.isBeforeInTranslationUnit(E, Loc);
}

} // namespace

void ContainerPrivacyAnalyzer::reset() {
  KeywordFunctions.clear();
  Scanned = false;
}

void ContainerPrivacyAnalyzer::collectKeywordFunctions(ASTContext &Ctx) {
  if (Scanned)
    return;
  Scanned = true;
  KeywordFunctionScanner Scanner(Ctx, KeywordFunctions);
  Scanner.TraverseDecl(Ctx.getTranslationUnitDecl());
}

bool ContainerPrivacyAnalyzer::isKeywordArgumentsParam(const ParmVarDecl *P,
                                                       ASTContext &Ctx) {
  if (!P->getType()->isPointerType())
    return false;
  if (P->getIdentifier() &&
      llvm::is_contained(keywordArgumentsAPI().ParameterNames, P->getName()))
    return true;
  const auto *FD = dyn_cast<FunctionDecl>(P->getDeclContext());
  if (!FD || FD->getNumParams() != 3 || P->getFunctionScopeIndex() != 2)
    return false;
  collectKeywordFunctions(Ctx);
  return KeywordFunctions.contains(FD->getCanonicalDecl());
}

ContainerPrivacy ContainerPrivacyAnalyzer::privacyAt(const Expr *Container,
                                                     const Stmt *Use,
                                                     ASTContext &Ctx) {
  ContainerPrivacy Result;
  const auto *DRE = dyn_cast_or_null<DeclRefExpr>(ignoreCasts(Container));
  if (!DRE)
    return Result;
  const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
  if (!V || !V->hasLocalStorage())
    return Result;
  Result.Var = V;

  // The function (or lambda, or block) that owns the variable must be the
  // one the use is in: a closure reaching a variable of its parent is shared.
  const auto *Owner = dyn_cast<FunctionDecl>(V->getDeclContext());
  if (!Owner || !Owner->hasBody())
    return Result;
  const SourceManager &SM = Ctx.getSourceManager();

  const auto *Param = dyn_cast<ParmVarDecl>(V);
  bool Kwargs = Param && isKeywordArgumentsParam(Param, Ctx);
  if (Param && !Kwargs)
    return Result;

  SourceLocation UseLoc = SM.getFileLoc(Use->getBeginLoc());
  // Loops around the use: an escape anywhere in them reaches the use on the
  // next iteration.
  llvm::SmallVector<SourceRange, 4> Loops;
  for (const Stmt *S = parentOf(Use, Ctx); S; S = parentOf(S, Ctx)) {
    if (isa<ForStmt>(S) || isa<WhileStmt>(S) || isa<DoStmt>(S) ||
        isa<CXXForRangeStmt>(S))
      Loops.push_back(S->getSourceRange());
    if (S == Owner->getBody())
      break;
  }
  auto Relevant = [&](SourceLocation Loc) {
    if (SM.isBeforeInTranslationUnit(Loc, UseLoc))
      return true;
    return llvm::any_of(Loops,
                        [&](SourceRange R) { return contains(R, Loc, SM); });
  };

  llvm::SmallVector<Ref, 8> Refs;
  if (!Param && V->getInit()) {
    llvm::StringRef Ctor;
    RefUse U = classifyValue(V->getInit(), Ctx, Ctor);
    Refs.push_back({V->getInit(), SM.getFileLoc(V->getLocation()), U, Ctor});
  }
  RefCollector Collector(V);
  Collector.TraverseStmt(const_cast<Stmt *>(Owner->getBody()));
  const Expr *Self = ignoreCasts(Container);
  for (const auto &F : Collector.Found) {
    if (F.R == Self)
      continue;
    llvm::StringRef Ctor;
    RefUse U = F.InClosure ? RefUse::Escape : classifyReference(F.R, Ctx, Ctor);
    Refs.push_back({F.R, SM.getFileLoc(F.R->getBeginLoc()), U, Ctor});
  }
  llvm::sort(Refs, [&](const Ref &A, const Ref &B) {
    return SM.isBeforeInTranslationUnit(A.Loc, B.Loc);
  });

  bool Fresh = false;
  for (const Ref &R : Refs) {
    if (!Relevant(R.Loc))
      continue;
    switch (R.Use) {
    case RefUse::Operation:
    case RefUse::NullWrite:
      break;
    case RefUse::FreshWrite:
      if (Param) { // a parameter overwritten is no longer the kwargs dict
        Result.Escape = R.E;
        return Result;
      }
      if (!Fresh)
        Result.Constructor = R.Constructor;
      Fresh = true;
      break;
    case RefUse::ForeignWrite:
    case RefUse::Escape:
      Result.Escape = R.E;
      return Result;
    }
  }
  if (Kwargs)
    Result.Kind = PrivacyKind::KeywordArguments;
  else if (Fresh)
    Result.Kind = PrivacyKind::FreshLocal;
  return Result;
}

} // namespace clang::tidy::freethreading
