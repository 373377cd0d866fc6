//===--- LoopExitFlag.cpp -------------------------------------------------===//

#include "lib/LoopExitFlag.h"
#include "lib/CPythonAPI.h"
#include "lib/EnclosingFunction.h"
#include "lib/Parents.h"
#include "lib/ResultVariable.h"
#include "lib/SourceText.h"
#include "lib/StatementText.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"

namespace clang::tidy::freethreading {

namespace {

/// True when \p E computes the same value wherever it is evaluated: a
/// constant, the address of a global (Py_None), an owning wrapper of such
/// (Py_NewRef(Py_None), as Py_RETURN_NONE expands before 3.12).
bool readsNoState(const Expr *E, ASTContext &Ctx) {
  E = E->IgnoreParenCasts();
  if (E->isValueDependent())
    return false;
  if (E->isEvaluatable(Ctx) ||
      E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull))
    return true;
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf) {
      const auto *DRE =
          dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParenCasts());
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      return VD && VD->hasGlobalStorage();
    }
    if (UO->getOpcode() == UO_Minus || UO->getOpcode() == UO_Not ||
        UO->getOpcode() == UO_LNot || UO->getOpcode() == UO_Plus)
      return readsNoState(UO->getSubExpr(), Ctx);
    return false;
  }
  if (const auto *CE = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *FD = CE->getDirectCallee();
    if (!FD || !FD->getIdentifier() || !isOwningWrapper(FD->getName()))
      return false;
    for (const Expr *Arg : CE->arguments())
      if (!readsNoState(Arg, Ctx))
        return false;
    return true;
  }
  return false;
}

/// True when \p E names nothing declared inside a function (a local const,
/// a local enumerator or type), takes no sizeof, and is not spelled with
/// __LINE__ or __COUNTER__: text that means the same after the section.
bool meansTheSameAfter(const Expr *E, ASTContext &Ctx) {
  struct Names : RecursiveASTVisitor<Names> {
    bool Local = false;
    static bool atFileScope(const Decl *D) {
      return D->getDeclContext()->getRedeclContext()->isFileContext();
    }
    bool VisitDeclRefExpr(DeclRefExpr *DRE) {
      Local |= !atFileScope(DRE->getDecl());
      return !Local;
    }
    bool VisitUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) {
      Local = true;
      return false;
    }
    bool VisitExplicitCastExpr(ExplicitCastExpr *C) {
      QualType T = C->getTypeAsWritten();
      if (const auto *TD = T->getAs<TypedefType>())
        Local |= !atFileScope(TD->getDecl());
      if (const TagDecl *Tag = T->getAsTagDecl())
        Local |= !atFileScope(Tag);
      return !Local;
    }
  } N;
  N.TraverseStmt(const_cast<Expr *>(E));
  llvm::StringRef Text = textOf(fileRange(E->getSourceRange(), Ctx), Ctx);
  return !N.Local && !Text.contains("__LINE__") &&
         !Text.contains("__COUNTER__");
}

/// Gotos and switches of a function body, for the C++ scope rule.
class JumpCollector : public RecursiveASTVisitor<JumpCollector> {
public:
  bool VisitGotoStmt(GotoStmt *G) {
    Gotos.push_back(G);
    return true;
  }
  bool VisitIndirectGotoStmt(IndirectGotoStmt *G) {
    Computed = G;
    return true;
  }
  bool VisitSwitchStmt(SwitchStmt *S) {
    Switches.push_back(S);
    return true;
  }
  std::vector<const GotoStmt *> Gotos;
  std::vector<const SwitchStmt *> Switches;
  const Stmt *Computed = nullptr;
};

/// In C++, a jump into the scope of declarations written just before \p Loop
/// would skip their initialization (ill-formed): a goto from outside that
/// scope (from the loop's start to the end of its block) to a label inside
/// it, a computed goto, or a switch around the loop (a later case label).
/// The first such statement.
const Stmt *jumpOverDeclarations(const Stmt *Loop,
                                 llvm::ArrayRef<RegionExit> Exits,
                                 ASTContext &Ctx) {
  const Stmt *Body = innermostFunction(Loop, Ctx).Body;
  if (!Body)
    return nullptr;
  JumpCollector Jumps;
  Jumps.TraverseStmt(const_cast<Stmt *>(Body));
  if (Jumps.Computed)
    return Jumps.Computed;
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Start = SM.getExpansionLoc(Loop->getBeginLoc());
  SourceRegion Region = SourceRegion::of(Loop, SM);
  // The new declarations are in scope from the loop's start to the end of
  // the block around the loop.
  const Stmt *Block = firstParentStmt(Loop, Ctx);
  SourceRegion Scope = Block ? SourceRegion::of(Block, SM) : Region;
  Scope.Begin = Start;
  for (const SwitchStmt *Sw : Jumps.Switches)
    if (SourceRegion::of(Sw, SM).contains(Start, SM) &&
        !Region.contains(SM.getExpansionLoc(Sw->getBeginLoc()), SM))
      return Sw;
  for (const GotoStmt *G : Jumps.Gotos) {
    if (llvm::any_of(Exits, [&](const RegionExit &X) { return X.S == G; }))
      continue; // Rewritten: it jumps from after the section.
    const LabelStmt *L = G->getLabel()->getStmt();
    if (!L)
      return G;
    if (Scope.contains(L->getBeginLoc(), SM) &&
        !Scope.contains(G->getBeginLoc(), SM))
      return G;
  }
  return nullptr;
}

/// What one exit becomes.
struct ExitText {
  const Stmt *S = nullptr; ///< The exit.
  CharSourceRange Range;   ///< The statement with its ';'.
  std::string Assignment;  ///< "result = <value>;" or empty.
  std::string AfterEnd;    ///< The statement run after the END.
};

} // namespace

std::optional<LoopExitRewrite>
planLoopExitFlag(const Stmt *Loop, llvm::ArrayRef<RegionExit> Exits,
                 ASTContext &Ctx, FreshNames &Names, llvm::StringRef Indent,
                 llvm::ArrayRef<std::string> Releases, std::string &Why,
                 SourceLocation &At) {
  const SourceManager &SM = Ctx.getSourceManager();
  const LangOptions &LO = Ctx.getLangOpts();
  const Stmt *Body = loopBody(Loop);
  if (!Body)
    return std::nullopt;
  SourceRegion BodyRegion = SourceRegion::of(Body, SM);
  const FunctionDecl *FD = innermostFunction(Loop, Ctx).function();
  if (FD && (FD->getTemplateInstantiationPattern() ||
             FD->isDependentContext())) {
    At = Loop->getBeginLoc();
    Why = "the loop is in a template, whose instantiations may need "
          "different rewrites";
    return std::nullopt;
  }

  std::vector<ExitText> Texts;
  bool NeedsResult = false;
  std::optional<ResultVariableType> ResultType;
  for (const RegionExit &X : Exits) {
    At = X.S->getBeginLoc();
    std::string Exit = ("the '" + X.spelling() + "' at line " +
                        llvm::Twine(SM.getExpansionLineNumber(At)))
                           .str();
    if (X.Kind == RegionExit::Throw || X.Kind == RegionExit::LongJmp ||
        isa<IndirectGotoStmt>(X.S)) {
      Why = Exit + " cannot be moved after the section (only a 'return' or a "
                   "'goto' to a label can)";
      return std::nullopt;
    }
    if (X.Kind != RegionExit::Return && X.Kind != RegionExit::Goto) {
      Why = Exit + " is not a 'return' or a 'goto'";
      return std::nullopt;
    }
    if (!BodyRegion.contains(X.S->getBeginLoc(), SM) ||
        jumpTarget(X.S, RegionExit::Break, Ctx) != Loop) {
      Why = Exit + " is inside a loop or switch nested in this one, which a "
                   "'break' there would leave instead";
      return std::nullopt;
    }
    CharSourceRange Written = Lexer::makeFileCharRange(
        CharSourceRange::getTokenRange(X.S->getSourceRange()), SM, LO);
    SourceLocation Past =
        Written.isValid() ? afterSemicolon(Written.getEnd(), Ctx)
                          : SourceLocation();
    if (Past.isInvalid()) {
      Why = Exit + " is written inside a macro";
      return std::nullopt;
    }
    ExitText T;
    T.S = X.S;
    T.Range = CharSourceRange::getCharRange(Written.getBegin(), Past);
    const auto *Ret = dyn_cast<ReturnStmt>(X.S);
    const Expr *Value = Ret ? Ret->getRetValue() : nullptr;
    if (!Value ||
        (readsNoState(Value, Ctx) && meansTheSameAfter(Value, Ctx))) {
      T.AfterEnd = textOf(T.Range, Ctx).str();
    } else {
      // The value is computed where the 'return' was, into a variable.
      CharSourceRange ValueText = fileRange(Value->getSourceRange(), Ctx);
      if (X.S->getBeginLoc().isMacroID() || ValueText.isInvalid()) {
        Why = Exit + " is written inside a macro and returns a computed value";
        return std::nullopt;
      }
      if (!ResultType) {
        ResultType =
            FD ? resultVariableType(FD->getReturnType(), Ctx) : std::nullopt;
        if (!ResultType) {
          Why = Exit + " returns a value whose type a plain local variable "
                       "cannot hold";
          return std::nullopt;
        }
      }
      NeedsResult = true;
      std::string Text = textOf(ValueText, Ctx).str();
      if (const auto *BO = dyn_cast<BinaryOperator>(Value->IgnoreImplicit());
          BO && BO->isCommaOp())
        Text = "(" + Text + ")"; // '=' binds tighter than ','.
      T.Assignment = "= " + Text + ";";
    }
    Texts.push_back(std::move(T));
  }
  for (const ExitText &T : Texts) {
    At = T.S->getBeginLoc();
    std::string Exit =
        ("the exit at line " + llvm::Twine(SM.getExpansionLineNumber(At)))
            .str();
    if (firstParent(DynTypedNode::create(*T.S), Ctx).get<AttributedStmt>()) {
      Why = Exit + " carries an attribute";
      return std::nullopt;
    }
    for (const ExitText &Other : Texts)
      if (&Other != &T &&
          SourceRegion{Other.Range.getBegin(), Other.Range.getEnd()}.contains(
              T.Range.getBegin(), SM)) {
        Why = Exit + " is inside another exit's value";
        return std::nullopt;
      }
  }
  if (LO.CPlusPlus)
    if (const Stmt *J = jumpOverDeclarations(Loop, Exits, Ctx)) {
      At = J->getBeginLoc();
      Why = ((isa<SwitchStmt>(J) ? "in C++ a case label of the switch at line "
                                 : "in C++ the jump at line ") +
             llvm::Twine(SM.getExpansionLineNumber(At)) +
             " would skip the initialization of the flag declared before the "
             "section")
                .str();
      return std::nullopt;
    }

  LoopExitRewrite Out;
  std::string Flag = Names.fresh("loop_exit");
  std::string Result = NeedsResult ? Names.fresh("loop_result") : "";
  llvm::StringMap<unsigned> Codes;
  std::vector<std::string> InOrder;
  for (ExitText &T : Texts) {
    if (!T.Assignment.empty()) {
      T.Assignment = Result + " " + T.Assignment;
      T.AfterEnd = "return " + Result + ";";
    }
    auto [It, New] = Codes.try_emplace(T.AfterEnd, Codes.size() + 1);
    if (New)
      InOrder.push_back(T.AfterEnd);
    std::vector<std::string> Parts;
    if (!T.Assignment.empty())
      Parts.push_back(T.Assignment);
    Parts.insert(Parts.end(), Releases.begin(), Releases.end());
    Parts.push_back(Flag + " = " + std::to_string(It->second) + ";");
    Parts.push_back("break;");
    bool InBlock =
        firstParent(DynTypedNode::create(*T.S), Ctx).get<CompoundStmt>();
    std::string Sep = " ";
    if (InBlock && startsLine(T.Range.getBegin(), SM))
      Sep = ("\n" + lineIndentation(T.Range.getBegin(), SM)).str();
    std::string Text = llvm::join(Parts, Sep);
    if (!InBlock)
      Text = "{ " + llvm::join(Parts, " ") + " }";
    Out.Edits.push_back(FixItHint::CreateReplacement(T.Range, Text));
  }
  if (NeedsResult)
    Out.Before += ResultType->declaration(Result) + "\n" + Indent.str();
  Out.Before += "int " + Flag + " = 0;\n" + Indent.str();
  for (const std::string &Stmt : InOrder) {
    std::string Test = InOrder.size() == 1
                           ? Flag
                           : Flag + " == " + std::to_string(Codes[Stmt]);
    Out.After += "\n" + Indent.str() + "if (" + Test + ") { " + Stmt + " }";
  }
  return Out;
}

} // namespace clang::tidy::freethreading
