//===--- ModuleDefinition.cpp - whether and where a module declares GIL --===//

#include "lib/ModuleDefinition.h"
#include "lib/PythonHeaders.h"
#include "llvm/ADT/DenseSet.h"
#include "lib/CPythonAPI.h"
#include "lib/ConditionalStructure.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "lib/FunctionReferences.h"
#include "lib/Parents.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

bool isRecordNamed(QualType T, StringRef Name) {
  const auto *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  return RD && RD->getName() == Name;
}

bool refersTo(const Expr *E, const VarDecl *V) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl() == V;
  if (const auto *Assign = dyn_cast<BinaryOperator>(E))
    return Assign->getOpcode() == BO_Assign && refersTo(Assign->getLHS(), V);
  return false;
}

/// \p Cond is true whenever \p V is NULL ('!m', 'm == NULL', 'NULL == m',
/// or one of these in an '||').
bool testsForNull(const Expr *Cond, const VarDecl *V, ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (B->getOpcode() == BO_LOr)
      return testsForNull(B->getLHS(), V, Ctx) ||
             testsForNull(B->getRHS(), V, Ctx);
    if (B->getOpcode() == BO_EQ)
      return (refersTo(B->getLHS(), V) && IsNull(B->getRHS())) ||
             (refersTo(B->getRHS(), V) && IsNull(B->getLHS()));
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Cond))
    return U->getOpcode() == UO_LNot && refersTo(U->getSubExpr(), V);
  return false;
}

bool alwaysLeaves(const Stmt *S) {
  if (isa_and_nonnull<ReturnStmt, GotoStmt>(S))
    return true;
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && alwaysLeaves(CS->body_back());
  return false;
}

/// An 'if' that leaves the function (return/goto) when \p V is NULL.
bool isNullCheckOf(const Stmt *S, const VarDecl *V, ASTContext &Ctx) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  return If && !If->getInit() && !If->getConditionVariable() &&
         testsForNull(If->getCond(), V, Ctx) && alwaysLeaves(If->getThen());
}

bool containsLabel(const Stmt *S) {
  if (!S)
    return false;
  if (isa<LabelStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (containsLabel(Child))
      return true;
  return false;
}

const Stmt *parentStmt(const Stmt *S, ASTContext &Ctx) {
  auto Parents = parentsOf(*S, Ctx);
  return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
}

/// The variable the value of \p E is stored into by 'V = E' or 'T *V = E'
/// (through parentheses and implicit casts), or null.
const VarDecl *storedInto(const Expr *E, ASTContext &Ctx) {
  const Expr *Outer = E;
  const Stmt *P = parentStmt(Outer, Ctx);
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
    Outer = cast<Expr>(P);
    P = parentStmt(P, Ctx);
  }
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
      Assign && Assign->getOpcode() == BO_Assign &&
      Assign->getRHS()->IgnoreParenImpCasts() == E) {
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }
  auto Parents = parentsOf(*Outer, Ctx);
  if (!Parents.empty())
    if (const auto *VD = Parents[0].get<VarDecl>();
        VD && VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == E)
      return VD;
  return nullptr;
}

} // namespace

bool isModuleDefinition(const VarDecl *VD) {
  return isRecordNamed(VD->getType(), moduleGilAPI().DefinitionRecord);
}

bool isSlotArray(const VarDecl *VD, const ASTContext &Ctx) {
  const ArrayType *AT = Ctx.getAsArrayType(VD->getType());
  return AT && isRecordNamed(AT->getElementType(), moduleGilAPI().SlotRecord);
}

const VarDecl *slotArrayOf(const VarDecl *Def, const ASTContext &Ctx) {
  const auto *ILE = dyn_cast_or_null<InitListExpr>(Def->getInit());
  const RecordDecl *RD = Def->getType()->getAsRecordDecl();
  if (!ILE || !RD)
    return nullptr;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getName() != moduleGilAPI().SlotsField)
      continue;
    if (F->getFieldIndex() >= ILE->getNumInits())
      return nullptr;
    const Expr *E = ILE->getInit(F->getFieldIndex())->IgnoreParenCasts();
    if (const auto *Addr = dyn_cast<UnaryOperator>(E)) // &slots[0]
      if (Addr->getOpcode() == UO_AddrOf)
        if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(
                Addr->getSubExpr()->IgnoreParens()))
          E = Sub->getBase()->IgnoreParenCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!VD || !isSlotArray(VD, Ctx))
      return nullptr;
    const VarDecl *WithInit = nullptr;
    VD->getAnyInitializer(WithInit);
    return WithInit;
  }
  return nullptr;
}

std::string moduleName(const VarDecl *Def) {
  if (const auto *ILE = dyn_cast_or_null<InitListExpr>(Def->getInit()))
    if (ILE->getNumInits() > 1)
      if (const auto *S = dyn_cast<StringLiteral>(
              ILE->getInit(1)->IgnoreParenImpCasts()))
        return ("'" + S->getString() + "'").str();
  return ("defined by '" + Def->getName() + "'").str();
}

ModuleDefinitions::ModuleDefinitions(ASTContext &Ctx,
                                     const ConditionalBranches &Branches)
    : Ctx(Ctx), Branches(Branches) {}

ModuleDefinitions::~ModuleDefinitions() = default;

ConditionalStructure &ModuleDefinitions::structureOf(FileID File) {
  auto &Slot = Structures[File];
  if (!Slot)
    Slot = std::make_unique<ConditionalStructure>(
        File, Ctx.getSourceManager(), Ctx.getLangOpts());
  return *Slot;
}

bool ModuleDefinitions::lacksGilSlot(const VarDecl *Slots) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *ILE = dyn_cast<InitListExpr>(Slots->getInit());
  if (!ILE)
    return false;
  SourceLocation LBrace = ILE->getLBraceLoc(), RBrace = ILE->getRBraceLoc();
  if (LBrace.isInvalid() || RBrace.isInvalid() || LBrace.isMacroID() ||
      RBrace.isMacroID())
    return false; // Written by a macro: its text is not in the file.
  auto [File, Begin] = SM.getDecomposedLoc(LBrace);
  ConditionalStructure &S = structureOf(File);
  // Compiled on one build only: the other build cannot see it, and the
  // findings must be the same on both. Never on a free-threaded build: the
  // GIL declaration would have no effect.
  if (S.factsAt(SM.getFileOffset(SM.getExpansionLoc(Slots->getLocation())))
          .buildDependent())
    return false;
  return S.occurrences(moduleGilAPI().GilSlot, Begin,
                       SM.getFileOffset(RBrace))
      .empty();
}

SlotEntryPlace ModuleDefinitions::slotEntryPlace(const VarDecl *Slots,
                                                 const VarDecl *Def) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *ILE = cast<InitListExpr>(Slots->getInit());
  auto [File, Begin] = SM.getDecomposedLoc(ILE->getLBraceLoc());
  ConditionalStructure &S = structureOf(File);
  bool SameFile = SM.getFileID(SM.getExpansionLoc(Def->getLocation())) == File;
  SlotEntryPlace P;
  P.Report = SameFile ? SM.getExpansionLoc(Slots->getLocation())
                      : SM.getExpansionLoc(Def->getLocation());
  auto Declined = [&](StringRef Why) {
    P.Why = Why;
    return P;
  };
  if (!SameFile)
    return Declined("the slot array is defined in another file");
  if (const TypeSourceInfo *TSI = Slots->getTypeSourceInfo())
    if (auto AT = TSI->getTypeLoc().getAs<ArrayTypeLoc>();
        AT && AT.getSizeExpr())
      return Declined("the array has an explicit size");
  const auto *Term =
      ILE->getNumInits() == 0
          ? nullptr
          : dyn_cast<InitListExpr>(ILE->getInit(ILE->getNumInits() - 1));
  Expr::EvalResult Slot;
  if (!Term || Term->getNumInits() == 0 ||
      !Term->getInit(0)->EvaluateAsInt(Slot, Ctx) || Slot.Val.getInt() != 0)
    return Declined("the array does not end with a '{0, NULL}' terminator");
  SourceLocation TermLoc = Term->getLBraceLoc();
  if (TermLoc.isInvalid() || TermLoc.isMacroID() ||
      SM.getFileID(TermLoc) != File)
    return Declined("the terminator is written by a macro");
  unsigned TermOffset = SM.getFileOffset(TermLoc);
  if (S.branchAt(TermOffset) != S.branchAt(Begin))
    return Declined("the terminator is inside a conditional block");
  P.OwnLines = S.firstOnLine(TermOffset);
  P.At = P.OwnLines ? SM.getComposedLoc(File, S.lineStart(TermOffset))
                    : TermLoc;
  P.Indent = S.indentation(TermOffset);
  return P;
}

const CompoundStmt *
ModuleDefinitions::undeclaredBody(const FunctionDecl *FD) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Body->getLBracLoc().isMacroID() ||
      Body->getRBracLoc().isMacroID() ||
      SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  FileID File = SM.getFileID(Body->getLBracLoc());
  ConditionalStructure &S = structureOf(File);
  if (S.factsAt(SM.getFileOffset(SM.getExpansionLoc(FD->getLocation())))
          .buildDependent())
    return nullptr;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen = {FD->getCanonicalDecl()};
  if (unitSpellsSetter() && declaresIn(Body, /*Depth=*/3, Seen))
    return nullptr;
  return Body;
}

bool ModuleDefinitions::unitSpellsSetter() {
  if (SpellsSetter)
    return *SpellsSetter;
  // One search of each user file's text (a code base that declares nowhere
  // made every module's check lex most of its file to follow the calls of
  // its init function: 25M instructions on regex's _regex.c).
  const SourceManager &SM = Ctx.getSourceManager();
  SpellsSetter = false;
  for (FileID File : Branches.nonSystemFiles()) {
    // The text: a search costs less than finding the file's includers.
    std::optional<llvm::StringRef> Text = SM.getBufferDataOrNone(File);
    if (Text && Text->contains(moduleGilAPI().GilSetter) &&
        isUserFile(File, SM)) {
      SpellsSetter = true;
      break;
    }
  }
  return *SpellsSetter;
}

bool ModuleDefinitions::declaresIn(
    const CompoundStmt *Body, unsigned Depth,
    llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto [File, Begin] = SM.getDecomposedLoc(Body->getLBracLoc());
  unsigned End = SM.getFileOffset(Body->getRBracLoc());
  ConditionalStructure &S = structureOf(File);
  if (!S.occurrences(moduleGilAPI().GilSetter, Begin, End).empty())
    return true;
  if (Depth == 0)
    return false;
  // The calls are read from the text, so that a call compiled on one build
  // only (`#ifdef Py_GIL_DISABLED configure(m); #endif`) counts on both.
  // The names are collected first: following a callee defined earlier in
  // the file lexes more of it, which moves the tokens T points into.
  SmallVector<StringRef, 8> Called;
  {
    ArrayRef<RawToken> T = S.tokensFrom(Begin);
    for (size_t I = S.tokenAt(Begin); I + 1 < T.size() && T[I].Offset <= End;
         ++I)
      if (!T[I].InDirective && T[I].Kind == tok::raw_identifier &&
          T[I + 1].Kind == tok::l_paren &&
          !llvm::is_contained(Called, T[I].Text))
        Called.push_back(T[I].Text); // the file's text: stable
  }
  for (StringRef Name : Called) {
    for (const NamedDecl *ND : fileScopeDeclarations(Ctx, Name)) {
      const auto *Callee = dyn_cast<FunctionDecl>(ND);
      const FunctionDecl *Def = nullptr;
      if (!Callee || !Callee->hasBody(Def) ||
          !Seen.insert(Def->getCanonicalDecl()).second ||
          SM.isInSystemHeader(Def->getLocation()))
        continue;
      const auto *CalleeBody = dyn_cast_or_null<CompoundStmt>(Def->getBody());
      if (CalleeBody && !CalleeBody->getLBracLoc().isMacroID() &&
          !CalleeBody->getRBracLoc().isMacroID() &&
          declaresIn(CalleeBody, Depth - 1, Seen))
        return true;
    }
  }
  return false;
}

bool ModuleDefinitions::onBothBuilds(SourceLocation Loc, FileID File) {
  const SourceManager &SM = Ctx.getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  return SM.getFileID(Loc) == File &&
         !structureOf(File).factsAt(SM.getFileOffset(Loc)).buildDependent();
}

SmallVector<const CallExpr *, 1>
ModuleDefinitions::creationsIn(const CompoundStmt *Body) {
  FileID File = Ctx.getSourceManager().getFileID(Body->getLBracLoc());
  SmallVector<const CallExpr *, 1> Creates;
  auto Creation = callExpr(
      callee(functionDecl(hasName(moduleGilAPI().CreateFunction))));
  for (const BoundNodes &N :
       match(findAll(Creation.bind("create")), *Body, Ctx)) {
    const auto *Call = N.getNodeAs<CallExpr>("create");
    if (onBothBuilds(Call->getBeginLoc(), File))
      Creates.push_back(Call);
  }
  return Creates;
}


SmallVector<const Expr *, 2>
ModuleDefinitions::returnedValues(const FunctionDecl *FD,
                                   const CompoundStmt *Body) {
  FileID File = Ctx.getSourceManager().getFileID(Body->getLBracLoc());
  // FD's own returns: not those of a lambda or block inside it.
  struct ReturnFinder : RecursiveASTVisitor<ReturnFinder> {
    SmallVector<const ReturnStmt *, 4> Found;
    bool VisitReturnStmt(ReturnStmt *R) {
      Found.push_back(R);
      return true;
    }
  } Finder;
  Finder.TraverseStmt(const_cast<CompoundStmt *>(Body));
  SmallVector<const Expr *, 2> Values;
  for (const ReturnStmt *Ret : Finder.Found)
    if (Ret->getRetValue() && innermostFunction(Ret, Ctx).D == FD &&
        onBothBuilds(Ret->getBeginLoc(), File))
      Values.push_back(Ret->getRetValue()->IgnoreParenImpCasts());
  return Values;
}

SmallVector<const FunctionDecl *, 1>
ModuleDefinitions::helpersReturnedBy(const FunctionDecl *FD,
                                      const CompoundStmt *Body) {
  const SourceManager &SM = Ctx.getSourceManager();
  FileID File = SM.getFileID(Body->getLBracLoc());
  // The calls whose result FD returns: 'return helper();', or 'm = helper();'
  // / 'PyObject *m = helper();' with 'return m;'.
  SmallVector<const CallExpr *, 2> Calls;
  llvm::SmallPtrSet<const VarDecl *, 2> ReturnedVars;
  for (const Expr *Value : returnedValues(FD, Body)) {
    if (const auto *Call = dyn_cast<CallExpr>(Value))
      Calls.push_back(Call);
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
        ReturnedVars.insert(VD);
  }
  if (!ReturnedVars.empty())
    for (const BoundNodes &N :
         match(findAll(callExpr().bind("call")), *Body, Ctx)) {
      const auto *Call = N.getNodeAs<CallExpr>("call");
      if (ReturnedVars.contains(storedInto(Call, Ctx)) &&
          onBothBuilds(Call->getBeginLoc(), File))
        Calls.push_back(Call);
    }
  SmallVector<const FunctionDecl *, 1> Helpers;
  for (const CallExpr *Call : Calls) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    // A function defined in this translation unit, not a template: a
    // function defined in another translation unit cannot be read. Lambdas
    // and operators are not followed: the messages name the helper.
    if (!Callee || !Callee->hasBody(Def) || !Def->getIdentifier() ||
        Def->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
        llvm::is_contained(Helpers, Def))
      continue;
    Helpers.push_back(Def);
  }
  return Helpers;
}

SmallVector<const FunctionDecl *, 1>
ModuleDefinitions::undeclaredCreators(const FunctionDecl *Init) {
  // Follow the module from PyInit_<name> through the static helpers whose
  // result it returns, to the function that creates it. A function on the
  // way that calls the GIL setter declares for the module.
  SmallVector<const FunctionDecl *, 1> Creators;
  SmallVector<const FunctionDecl *, 2> Work = {Init};
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  while (!Work.empty()) {
    const FunctionDecl *FD = Work.pop_back_val();
    if (!Seen.insert(FD->getCanonicalDecl()).second)
      continue;
    const CompoundStmt *Body = undeclaredBody(FD);
    if (!Body)
      continue;
    SmallVector<const CallExpr *, 1> Creates = creationsIn(Body);
    if (Creates.empty()) {
      for (const FunctionDecl *Helper : helpersReturnedBy(FD, Body))
        Work.push_back(Helper);
      continue;
    }
    // A helper counts when it returns the module it creates.
    if (FD != Init) {
      const VarDecl *Module = storedInto(Creates.front(), Ctx);
      auto IsModule = [&](const Expr *E) {
        if (E == Creates.front())
          return true;
        const auto *Ref = dyn_cast<DeclRefExpr>(E);
        return Module && Ref && Ref->getDecl() == Module;
      };
      bool Returned = llvm::any_of(returnedValues(FD, Body), IsModule);
      if (!Returned)
        continue;
    }
    Creators.push_back(FD);
  }
  return Creators;
}

namespace {

/// The statement of a block that holds module creation \p Create ('m = ...;',
/// 'if ((m = ...) == NULL)', 'PyObject *m = ...;' or 'return ...;'), and the
/// variable it stores the module into; null when it is held otherwise.
std::pair<const Stmt *, const VarDecl *>
creationStatement(const CallExpr *Create, ASTContext &Ctx) {
  const Expr *Outer = Create;
  const Stmt *P = parentStmt(Outer, Ctx);
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
    Outer = cast<Expr>(P);
    P = parentStmt(P, Ctx);
  }
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
      Assign && Assign->getOpcode() == BO_Assign &&
      Assign->getRHS()->IgnoreParenImpCasts() == Create) {
    const VarDecl *Module = nullptr;
    if (const auto *Ref =
            dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
      Module = dyn_cast<VarDecl>(Ref->getDecl());
    const Stmt *Statement = Assign;
    // 'if ((m = PyModule_Create(&def)) == NULL)': the statement is the if.
    const Stmt *Up = parentStmt(Assign, Ctx);
    while (isa_and_nonnull<Expr>(Up)) {
      Statement = Up;
      Up = parentStmt(Up, Ctx);
    }
    if (const auto *If = dyn_cast_or_null<IfStmt>(Up);
        If && If->getCond() == Statement)
      Statement = If;
    return {Statement, Module};
  }
  if (const auto *Ret = dyn_cast_or_null<ReturnStmt>(P))
    return {Ret, nullptr};
  auto Parents = parentsOf(*Outer, Ctx);
  if (Parents.empty())
    return {nullptr, nullptr};
  const auto *VD = Parents[0].get<VarDecl>();
  if (!VD || !VD->getInit() || VD->getInit()->IgnoreParenImpCasts() != Create)
    return {nullptr, nullptr};
  auto DeclParents = parentsOf(*VD, Ctx);
  if (!DeclParents.empty())
    if (const auto *DS = DeclParents[0].get<DeclStmt>();
        DS && DS->isSingleDecl())
      return {DS, VD};
  return {nullptr, VD};
}

std::string indentUnit(StringRef Indent) {
  return Indent.contains('\t') ? "\t" : "    ";
}

} // namespace

bool ModuleDefinitions::extent(const Stmt *St, ConditionalStructure &S,
                               size_t &First, size_t &Last) {
  const SourceManager &SM = Ctx.getSourceManager();
  ArrayRef<RawToken> T = S.tokens();
  SourceLocation B = SM.getExpansionLoc(St->getBeginLoc());
  SourceLocation E = SM.getExpansionRange(St->getEndLoc()).getEnd();
  if (SM.getFileID(B) != S.file() || SM.getFileID(E) != S.file())
    return false;
  First = S.tokenAt(SM.getFileOffset(B));
  Last = S.tokenAt(SM.getFileOffset(E));
  if (Last + 1 < T.size() && T[Last + 1].Kind == tok::semi)
    ++Last;
  return First < T.size() && Last < T.size();
}

SetterPlace ModuleDefinitions::setterPlace(const FunctionDecl *Creator) {
  const SourceManager &SM = Ctx.getSourceManager();
  const CompoundStmt *Body = undeclaredBody(Creator);
  SmallVector<const CallExpr *, 1> Creates = creationsIn(Body);
  auto [File, BodyBegin] = SM.getDecomposedLoc(Body->getLBracLoc());
  ConditionalStructure &S = structureOf(File);
  (void)S.tokensFrom(BodyBegin); // Lexes the body for extent().
  SetterPlace P;
  P.Creation = Creates.front();
  if (Creates.size() > 1) {
    P.Why = "the function creates more than one module";
    return P;
  }
  auto [Statement, Module] = creationStatement(P.Creation, Ctx);
  const auto *Block =
      Statement ? dyn_cast_or_null<CompoundStmt>(parentStmt(Statement, Ctx))
                : nullptr;
  if (!Block || (!Module && !isa<ReturnStmt>(Statement))) {
    P.Why = "the module is not stored in a variable by a statement of its own";
    return P;
  }
  SetterPlace Placed =
      isa<ReturnStmt>(Statement)
          ? placeReturn(Creator, cast<ReturnStmt>(Statement), Block, S)
          : placeAfter(Statement, Module, Block, S);
  Placed.Creation = P.Creation;
  return Placed;
}

SetterPlace ModuleDefinitions::placeReturn(const FunctionDecl *Creator,
                                           const ReturnStmt *Ret,
                                           const CompoundStmt *Block,
                                           ConditionalStructure &S) {
  // return PyModule_Create(&def);  ->  through a variable.
  const SourceManager &SM = Ctx.getSourceManager();
  ArrayRef<RawToken> T = S.tokens();
  SetterPlace P;
  P.How = SetterPlace::ReplaceReturn;
  bool LabelAfter = false, After = false;
  for (const Stmt *Sibling : Block->body()) {
    if (After)
      LabelAfter |= containsLabel(Sibling);
    After |= Sibling == Ret;
  }
  size_t First, Last;
  if (LabelAfter)
    P.Why = "a label follows the return statement, and a jump to it would "
            "cross the new variable";
  else if (Creator->getDeclaredReturnType()->getContainedDeducedType())
    P.Why = "the function's return type is deduced, and 'return NULL' would "
            "change it";
  else if (!extent(Ret, S, First, Last) || !S.firstOnLine(T[First].Offset) ||
           !S.lastOnLine(Last))
    P.Why = "the return statement shares its line with other code";
  if (!P.Why.empty())
    return P;
  FreshNames Names(Creator->getBody(), Ctx);
  for (StringRef Candidate : {"m", "module", "mod", "ft_module"})
    if (Names.isFree(Candidate)) {
      P.Module = Candidate.str();
      break;
    }
  if (P.Module.empty()) {
    P.Why = "no free name for the module variable";
    return P;
  }
  P.Created = Lexer::getSourceText(
      SM.getExpansionRange(Ret->getRetValue()->getSourceRange()), SM,
      Ctx.getLangOpts());
  unsigned At = T[First].Offset;
  P.Indent = S.indentation(At).str();
  P.IndentUnit = indentUnit(P.Indent);
  P.Replaced = CharSourceRange::getCharRange(
      SM.getComposedLoc(S.file(), At),
      SM.getComposedLoc(S.file(), T[Last].Offset + T[Last].Length));
  return P;
}

SetterPlace ModuleDefinitions::placeAfter(const Stmt *Statement,
                                          const VarDecl *Module,
                                          const CompoundStmt *Block,
                                          ConditionalStructure &S) {
  const SourceManager &SM = Ctx.getSourceManager();
  ArrayRef<RawToken> T = S.tokens();
  SetterPlace P;
  // The NULL check: the statement itself ('if ((m = ...) == NULL)') or
  // the next statement compiled wherever the creation is. Statements in
  // other conditional blocks are passed over, so both builds pick the same.
  const Stmt *Check =
      isNullCheckOf(Statement, Module, Ctx) ? Statement : nullptr;
  size_t SFirst, SLast;
  if (!extent(Statement, S, SFirst, SLast)) {
    P.Why = "the creation is written by a macro";
    return P;
  }
  int CreateBranch = S.branchAt(T[SFirst].Offset);
  if (!Check) {
    bool After = false;
    for (const Stmt *Sibling : Block->body()) {
      if (After) {
        SourceLocation L = SM.getExpansionLoc(Sibling->getBeginLoc());
        if (SM.getFileID(L) == S.file() &&
            !S.within(CreateBranch, S.branchAt(SM.getFileOffset(L))))
          continue;
        if (isNullCheckOf(Sibling, Module, Ctx))
          Check = Sibling;
        break;
      }
      After |= Sibling == Statement;
    }
  }
  const Stmt *Anchor = Check ? Check : Statement;
  size_t First, Last;
  if (!extent(Anchor, S, First, Last) ||
      !S.within(CreateBranch, S.branchAt(T[Last].Offset)))
    P.Why = "the NULL check is written by a macro or in another conditional "
            "block";
  else if (!S.lastOnLine(Last))
    P.Why = "other code follows the NULL check on its line";
  if (!P.Why.empty())
    return P;
  P.How = Check ? SetterPlace::AfterCheck : SetterPlace::AfterCreation;
  P.Indent = S.indentation(T[First].Offset).str();
  P.IndentUnit = indentUnit(P.Indent);
  P.Module = Module->getName().str();
  P.Insert = SM.getComposedLoc(S.file(), S.nextLineStart(T[Last].Offset));
  return P;
}

SmallVector<UnguardedDeclaration, 1>
ModuleDefinitions::unguardedSlotEntries(const VarDecl *Slots) {
  const SourceManager &SM = Ctx.getSourceManager();
  SmallVector<UnguardedDeclaration, 1> Found;
  const auto *ILE = dyn_cast<InitListExpr>(Slots->getInit());
  if (!ILE || ILE->getLBraceLoc().isInvalid() ||
      ILE->getLBraceLoc().isMacroID() || ILE->getRBraceLoc().isMacroID())
    return Found;
  auto [File, Begin] = SM.getDecomposedLoc(ILE->getLBraceLoc());
  ConditionalStructure &S = structureOf(File);
  SmallVector<size_t, 2> Entries = S.occurrences(
      moduleGilAPI().GilSlot, Begin, SM.getFileOffset(ILE->getRBraceLoc()));
  ArrayRef<RawToken> T = S.tokens();
  for (size_t I : Entries) {
    if (S.factsAt(T[I].Offset).HasModGil)
      continue;
    // The entry, '{' ['.' 'slot' '='] Py_mod_gil ... '}' [','], must be
    // alone on its lines.
    size_t Open = I >= 4 && T[I - 1].Text == "=" &&
                          T[I - 2].Text == moduleGilAPI().SlotIdField &&
                          T[I - 3].Text == "."
                      ? I - 4
                      : I - 1;
    size_t Close = T[Open].Kind == tok::l_brace ? matchingClose(T, Open)
                                                 : StringRef::npos;
    if (Close != StringRef::npos && Close + 1 < T.size() &&
        T[Close + 1].Kind == tok::comma)
      ++Close;
    UnguardedDeclaration D;
    D.Name = SM.getComposedLoc(File, T[I].Offset);
    D.Fixable = Close != StringRef::npos && T[Open].StartOfLine &&
                S.lastOnLine(Close);
    if (D.Fixable) {
      D.GuardBegin = SM.getComposedLoc(File, S.lineStart(T[Open].Offset));
      D.GuardEnd = SM.getComposedLoc(File, S.nextLineStart(T[Close].Offset));
    }
    Found.push_back(D);
  }
  return Found;
}

SmallVector<UnguardedDeclaration, 1>
ModuleDefinitions::unguardedSetterCalls() {
  const SourceManager &SM = Ctx.getSourceManager();
  SmallVector<UnguardedDeclaration, 1> Found;
  // The file is lexed only from the first place its text spells the name (a
  // large file of static tables would otherwise be held in memory as tokens
  // for nothing).
  StringRef Setter = moduleGilAPI().GilSetter;
  FileID Main = SM.getMainFileID();
  size_t FirstSpelled = SM.getBufferData(Main).find(Setter);
  if (FirstSpelled == StringRef::npos)
    return Found;
  ConditionalStructure &S = structureOf(Main);
  SmallVector<size_t, 2> Calls =
      S.occurrences(Setter, FirstSpelled, S.text().size());
  ArrayRef<RawToken> T = S.tokens();
  for (size_t I : Calls) {
    if (S.factsAt(T[I].Offset).FreeThreaded)
      continue;
    // The statement: the call, '(void)' the call, or 'if (' the call ...
    // ')' followed by a statement or a block, without 'else'; alone on its
    // lines.
    size_t First = I, Last = StringRef::npos;
    if (I >= 3 && T[I - 1].Text == ")" && T[I - 2].Text == "void" &&
        T[I - 3].Text == "(")
      First = I - 3;
    if (I >= 2 && T[I - 1].Kind == tok::l_paren && T[I - 2].Text == "if") {
      First = I - 2;
      size_t CondEnd = matchingClose(T, I - 1);
      if (CondEnd != StringRef::npos && CondEnd + 1 < T.size())
        Last = T[CondEnd + 1].Kind == tok::l_brace
                   ? matchingClose(T, CondEnd + 1)
                   : statementEnd(T, CondEnd + 1);
    } else {
      Last = statementEnd(T, I);
    }
    UnguardedDeclaration D;
    D.Name = SM.getComposedLoc(Main, T[I].Offset);
    D.Fixable = Last != StringRef::npos && T[First].StartOfLine &&
                S.lastOnLine(Last) &&
                !(Last + 1 < T.size() && T[Last + 1].Text == "else");
    if (D.Fixable) {
      D.GuardBegin = SM.getComposedLoc(Main, S.lineStart(T[First].Offset));
      D.GuardEnd = SM.getComposedLoc(Main, S.nextLineStart(T[Last].Offset));
    }
    Found.push_back(D);
  }
  return Found;
}

} // namespace clang::tidy::freethreading
