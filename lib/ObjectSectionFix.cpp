//===--- ObjectSectionFix.cpp - a function's body in a critical section ---===//

#include "lib/ObjectSectionFix.h"
#include "lib/CPythonAPI.h"
#include "lib/FreshName.h"
#include "lib/RegionExits.h"
#include "lib/ResultVariable.h"
#include "lib/StatementText.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::freethreading {

namespace {

/// Names tried, in order, for the variable that carries the result.
constexpr llvm::StringRef ResultNames[] = {"result", "cs_result", "locked_result"};
/// Suffixes tried, in order, for the renamed original of a wrapper.
constexpr llvm::StringRef ImplSuffixes[] = {"_impl", "_locked_impl", "_unlocked"};

/// What the fix writes around the body.
struct SectionText {
  std::string Begin; ///< "Py_BEGIN_CRITICAL_SECTION(self);"
  std::string End;   ///< "Py_END_CRITICAL_SECTION();"
};

SectionText sectionText(llvm::ArrayRef<const ParmVarDecl *> Objects) {
  const CriticalSectionAPI &API = criticalSectionMacro(Objects.size());
  std::string Args;
  for (const ParmVarDecl *P : Objects)
    Args += (Args.empty() ? "" : ", ") + P->getNameAsString();
  return {(API.Name + "(" + Args + ");").str(), (API.Closer + ";").str()};
}

/// The indentation of the body's statements: its first statement's, or four
/// blanks when it shares the line of the '{'.
std::string bodyIndentation(const CompoundStmt *Body, const SourceManager &SM) {
  if (!Body->body_empty()) {
    SourceLocation First = SM.getExpansionLoc(Body->body_front()->getBeginLoc());
    if (startsLine(First, SM))
      return lineIndentation(First, SM).str();
  }
  return "    ";
}

/// The result variable's name: free in \p Body.
llvm::StringRef resultName(const Stmt *Body, ASTContext &Ctx) {
  FreshNames Names(Body, Ctx);
  for (llvm::StringRef Candidate : ResultNames)
    if (Names.isFree(Candidate))
      return Candidate;
  return {};
}

/// True when \p S names a variable of the function (a local or a parameter):
/// a return without one can run after the section ends (Py_RETURN_NONE,
/// `return NULL;`).
bool namesFunctionVariable(const Stmt *S) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
      if (VD->hasLocalStorage() || VD->isStaticLocal())
        return true;
  for (const Stmt *Child : S->children())
    if (Child && namesFunctionVariable(Child))
      return true;
  return false;
}

/// True when a line of \p Text is a preprocessor directive.
bool hasDirective(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  Text.split(Lines, '\n');
  return llvm::any_of(Lines, [](llvm::StringRef L) {
    return L.ltrim().starts_with("#");
  });
}

/// True when a line of \p Body's text is a preprocessor directive: code one
/// build does not compile may hold other exits (an `#ifdef` return).
bool hasDirective(const CompoundStmt *Body, ASTContext &Ctx) {
  bool Invalid = false;
  llvm::StringRef Text = Lexer::getSourceText(
      CharSourceRange::getTokenRange(Body->getSourceRange()),
      Ctx.getSourceManager(), Ctx.getLangOpts(), &Invalid);
  return Invalid || hasDirective(Text);
}

/// What in \p Body would change meaning in a renamed copy: a use of the
/// function's own name (the call would reach the wrapper, declared only
/// after it) or of `__func__`-style names; nullptr when none.
const Stmt *nameDependentUse(const Stmt *S, const FunctionDecl *FD) {
  if (const auto *Ref = dyn_cast<DeclRefExpr>(S))
    if (const auto *Callee = dyn_cast<FunctionDecl>(Ref->getDecl()))
      if (Callee->getCanonicalDecl() == FD->getCanonicalDecl())
        return S;
  if (isa<PredefinedExpr>(S))
    return S;
  for (const Stmt *Child : S->children())
    if (Child)
      if (const Stmt *Found = nameDependentUse(Child, FD))
        return Found;
  return nullptr;
}

FixPlan inPlace(const FunctionDecl *FD, const CompoundStmt *Body,
                const ReturnStmt *Last, const SectionText &Text,
                ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::string Ind = bodyIndentation(Body, SM);
  QualType RetType = FD->getReturnType();
  FixPlan Plan;
  if (RetType->isVoidType() || (Last && !namesFunctionVariable(Last))) {
    Plan.Edits.push_back(FixItHint::CreateInsertion(
        Body->getLBracLoc().getLocWithOffset(1), "\n" + Ind + Text.Begin));
    SourceLocation EndAt = Last ? SM.getExpansionLoc(Last->getBeginLoc())
                                : Body->getRBracLoc();
    if (!startsLine(EndAt, SM))
      return FixPlan::none("the end of the body is not on a line of its own");
    SourceLocation LineStart = EndAt.getLocWithOffset(
        -int(lineIndentation(EndAt, SM).size()));
    Plan.Edits.push_back(FixItHint::CreateInsertion(
        LineStart, Ind + Text.End + "\n"));
    return Plan;
  }
  std::optional<ResultVariableType> Result = resultVariableType(RetType, Ctx);
  if (!Result)
    return FixPlan::none("the function's result type cannot be held in a "
                         "plain local variable");
  llvm::StringRef Name = resultName(Body, Ctx);
  // The return keyword is the user's; its value may end in a macro use
  // (Py_NewRef(x)).
  CharSourceRange Written = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(Last->getSourceRange()), SM,
      Ctx.getLangOpts());
  SourceLocation AfterReturn =
      Written.isValid() ? afterSemicolon(Written.getEnd(), Ctx)
                        : SourceLocation();
  if (Name.empty() || AfterReturn.isInvalid() ||
      Last->getBeginLoc().isMacroID())
    return FixPlan::none("the final return is written by a macro");
  Plan.Edits = {
      FixItHint::CreateInsertion(Body->getLBracLoc().getLocWithOffset(1),
                                 "\n" + Ind + Result->declaration(Name) +
                                     "\n" + Ind + Text.Begin),
      FixItHint::CreateReplacement(
          CharSourceRange::getTokenRange(Last->getBeginLoc(),
                                         Last->getBeginLoc()),
          (Name + " =").str()),
      FixItHint::CreateInsertion(AfterReturn, "\n" + Ind + Text.End + "\n" +
                                                   Ind + "return " +
                                                   Name.str() + ";"),
  };
  return Plan;
}

/// A name for the renamed original, declared nowhere in the unit.
std::string implName(const FunctionDecl *FD, IntroducedNames &Introduced,
                     ASTContext &Ctx) {
  for (llvm::StringRef Suffix : ImplSuffixes) {
    std::string Candidate = FD->getName().str() + Suffix.str();
    if (Ctx.Idents.find(Candidate) == Ctx.Idents.end() &&
        !Introduced.count(Candidate))
      return Candidate;
  }
  return {};
}

FixPlan wrapper(const FunctionDecl *FD, const CompoundStmt *Body,
                const SectionText &Text, IntroducedNames &Introduced,
                ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (isa<CXXMethodDecl>(FD) || FD->isTemplated() || FD->isVariadic() ||
      !FD->hasWrittenPrototype() || FD->isMain())
    return FixPlan::none("the function has early exits and is not a plain "
                         "function the fix can rename and wrap");
  if (FD->isInlineSpecified() && FD->getStorageClass() != SC_Static)
    return FixPlan::none("the function is an inline function with external "
                         "linkage");
  // `extern "C" PyObject *f(...) {...}`: the renamed copy cannot be static
  // there, and the wrapper would be outside it. (Inside `extern "C" { }` or
  // a namespace both stay where the original is.)
  if (const auto *LS = dyn_cast<LinkageSpecDecl>(FD->getDeclContext()))
    if (!LS->hasBraces())
      return FixPlan::none("the function is declared with its own linkage "
                           "specification (extern \"C\")");
  if (const Stmt *Use = nameDependentUse(Body, FD))
    return FixPlan::none("the body names the function itself (a recursive "
                         "call, __func__), which a renamed copy would change",
                         Use->getBeginLoc());
  std::string Args;
  for (const ParmVarDecl *P : FD->parameters()) {
    if (!P->getIdentifier() || P->hasDefaultArg())
      return FixPlan::none("a parameter has no name or a default argument");
    Args += (Args.empty() ? "" : ", ") + P->getNameAsString();
  }
  SourceLocation Start = FD->getBeginLoc(), NameLoc = FD->getLocation();
  if (Start.isMacroID() || NameLoc.isMacroID() ||
      SM.getFileID(Start) != SM.getFileID(Body->getLBracLoc()))
    return FixPlan::none("the function's declaration is written by a macro");
  bool Invalid = false;
  llvm::StringRef Signature = Lexer::getSourceText(
      CharSourceRange::getCharRange(Start, Body->getLBracLoc()), SM,
      Ctx.getLangOpts(), &Invalid);
  if (Invalid || Signature.empty())
    return FixPlan::none("the function's declaration cannot be read");
  if (hasDirective(Signature))
    return FixPlan::none("the function's declaration differs between builds "
                         "(preprocessor directives in its parameter list): "
                         "the wrapper's call could not name the parameters "
                         "of both");
  std::string Impl = implName(FD, Introduced, Ctx);
  if (Impl.empty())
    return FixPlan::none("no free name for the renamed function");
  std::string Ind = bodyIndentation(Body, SM);
  std::string Call = Impl + "(" + Args + ");";
  std::string Inner;
  QualType RetType = FD->getReturnType();
  if (RetType->isVoidType()) {
    Inner = Ind + Text.Begin + "\n" + Ind + Call + "\n" + Ind + Text.End + "\n";
  } else {
    std::optional<ResultVariableType> Result = resultVariableType(RetType, Ctx);
    if (!Result)
      return FixPlan::none("the function's result type cannot be held in a "
                           "plain local variable");
    llvm::StringRef Name;
    for (llvm::StringRef Candidate : ResultNames)
      if (llvm::none_of(FD->parameters(), [&](const ParmVarDecl *P) {
            return P->getName() == Candidate;
          })) {
        Name = Candidate;
        break;
      }
    if (Name.empty())
      return FixPlan::none("no free name for the result variable");
    Inner = Ind + Result->declaration(Name) + "\n" + Ind + Text.Begin + "\n" +
            Ind + Name.str() + " = " + Call + "\n" + Ind + Text.End + "\n" +
            Ind + "return " + Name.str() + ";\n";
  }
  Introduced.insert(Impl);
  FixPlan Plan;
  if (FD->getStorageClass() != SC_Static)
    Plan.Edits.push_back(FixItHint::CreateInsertion(Start, "static "));
  Plan.Edits.push_back(FixItHint::CreateReplacement(
      CharSourceRange::getTokenRange(NameLoc, NameLoc), Impl));
  Plan.Edits.push_back(FixItHint::CreateInsertion(
      Body->getRBracLoc().getLocWithOffset(1),
      "\n\n" + Signature.str() + "{\n" + Inner + "}"));
  return Plan;
}

} // namespace

FixPlan sectionAroundBody(const FunctionDecl *FD,
                          llvm::ArrayRef<const ParmVarDecl *> Objects,
                          IntroducedNames &Introduced, ASTContext &Ctx) {
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Objects.empty() || Objects.size() > 2)
    return FixPlan::none("the function has no body to wrap");
  if (Body->getLBracLoc().isMacroID() || Body->getRBracLoc().isMacroID())
    return FixPlan::none("the function's body is written by a macro");
  for (const ParmVarDecl *P : Objects)
    if (!P->getIdentifier() || !P->getType()->isPointerType())
      return FixPlan::none("the object is not a named pointer parameter");
  SectionText Text = sectionText(Objects);

  const ReturnStmt *Last = nullptr;
  unsigned Returns = 0;
  for (const RegionExit &Exit : exitsFrom(Body, Ctx)) {
    if (Exit.Kind == RegionExit::Throw || Exit.Kind == RegionExit::LongJmp)
      return FixPlan::none(("the body can leave by '" + Exit.spelling() +
                            "', which would skip the section's end")
                               .str(),
                           Exit.S->getBeginLoc());
    if (Exit.Kind == RegionExit::Return) {
      ++Returns;
      Last = cast<ReturnStmt>(Exit.S);
    }
  }
  bool LastIsFinal = Last && !Body->body_empty() && Body->body_back() == Last &&
                     !hasDirective(Body, Ctx);
  bool Void = FD->getReturnType()->isVoidType();
  if ((Returns == 0 && Void && !hasDirective(Body, Ctx)) ||
      (Returns == 1 && LastIsFinal &&
                                 (!Void || !Last->getRetValue()))) {
    FixPlan Plan = inPlace(FD, Body, Returns ? Last : nullptr, Text, Ctx);
    if (Plan.hasFix())
      return Plan;
  }
  return wrapper(FD, Body, Text, Introduced, Ctx);
}

} // namespace clang::tidy::freethreading
