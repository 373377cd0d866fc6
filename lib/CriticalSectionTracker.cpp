//===--- CriticalSectionTracker.cpp ---------------------------------------===//

#include "lib/CriticalSectionTracker.h"
#include "lib/MacroHub.h"
#include "lib/CPythonAPI.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "lib/FunctionReferences.h"
#include "lib/NameSearch.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::freethreading {

namespace {

/// Splits C source text into tokens: identifiers, numbers, '->', '::' and
/// single punctuation characters; whitespace and comments are dropped.
llvm::SmallVector<llvm::StringRef, 8> splitTokens(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 8> Tokens;
  size_t I = 0;
  while (I < Text.size()) {
    char C = Text[I];
    if (llvm::isSpace(C)) {
      ++I;
    } else if (Text.substr(I).starts_with("/*")) {
      size_t E = Text.find("*/", I + 2);
      I = E == llvm::StringRef::npos ? Text.size() : E + 2;
    } else if (Text.substr(I).starts_with("//")) {
      size_t E = Text.find('\n', I);
      I = E == llvm::StringRef::npos ? Text.size() : E + 1;
    } else if (llvm::isAlnum(C) || C == '_') {
      size_t E = I;
      while (E < Text.size() && (llvm::isAlnum(Text[E]) || Text[E] == '_'))
        ++E;
      Tokens.push_back(Text.slice(I, E));
      I = E;
    } else if (Text.substr(I).starts_with("->") ||
               Text.substr(I).starts_with("::")) {
      Tokens.push_back(Text.substr(I, 2));
      I += 2;
    } else {
      Tokens.push_back(Text.substr(I, 1));
      ++I;
    }
  }
  return Tokens;
}

/// Index of the ')' matching the '(' at \p Open, or 0 if unbalanced.
size_t matchingParen(llvm::ArrayRef<llvm::StringRef> Toks, size_t Open) {
  int Depth = 0;
  for (size_t I = Open; I < Toks.size(); ++I) {
    if (Toks[I] == "(")
      ++Depth;
    else if (Toks[I] == ")" && --Depth == 0)
      return I;
  }
  return 0;
}

bool isRole(const FunctionDecl *FD, SectionRole Role) {
  if (!FD || !FD->getIdentifier())
    return false;
  const CriticalSectionAPI *API = findCriticalSectionFunction(FD->getName());
  return API && API->Role == Role;
}

/// The variable of a '&cs' argument, if that is what \p E is.
const VarDecl *addressedVar(const Expr *E) {
  const auto *UO = dyn_cast<UnaryOperator>(E->IgnoreParenImpCasts());
  if (!UO || UO->getOpcode() != UO_AddrOf)
    return nullptr;
  const auto *DRE = dyn_cast<DeclRefExpr>(UO->getSubExpr()->IgnoreParens());
  return DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
}

/// Finds the blocks opened by section macros and direct Begin/End pairs.
class SectionCollector : public RecursiveASTVisitor<SectionCollector> {
public:
  struct DirectCall {
    const CallExpr *Call;
    const VarDecl *Var;
  };

  SectionCollector(ASTContext &Ctx,
                   const llvm::DenseSet<SourceLocation> &Openers)
      : SM(Ctx.getSourceManager()), Openers(Openers) {}

  bool VisitCompoundStmt(CompoundStmt *CS) {
    SourceLocation L = CS->getLBracLoc();
    if (L.isMacroID() && Openers.count(SM.getExpansionLoc(L)))
      Blocks.push_back(CS);
    return true;
  }

  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *FD = CE->getDirectCallee();
    bool IsBegin = isRole(FD, SectionRole::Begin);
    if (!IsBegin && !isRole(FD, SectionRole::End))
      return true;
    // Calls written by a section macro are already covered by its block.
    if (CE->getBeginLoc().isMacroID() &&
        (Openers.count(SM.getExpansionLoc(CE->getBeginLoc())) ||
         isInsideEndMacro(CE)))
      return true;
    if (CE->getNumArgs() == 0)
      return true;
    if (const VarDecl *VD = addressedVar(CE->getArg(0)))
      (IsBegin ? Begins : Ends).push_back({CE, VD});
    return true;
  }

  bool isInsideEndMacro(const CallExpr *CE) const {
    StringRef Name = Lexer::getImmediateMacroName(CE->getBeginLoc(), SM,
                                                  LangOptions());
    const CriticalSectionAPI *API = findCriticalSectionMacro(Name);
    return API && API->Role == SectionRole::End;
  }

  std::vector<const CompoundStmt *> Blocks;
  std::vector<DirectCall> Begins, Ends;

private:
  const SourceManager &SM;
  const llvm::DenseSet<SourceLocation> &Openers;
};

} // namespace

void CriticalSectionTracker::registerPreprocessor(Preprocessor *PP) {
  Branches = &ConditionalBranches::of(*PP);
  // Records every critical-section macro expansion with its argument text.
  MacroHub::listen(
      *PP,
      +[](llvm::StringRef Name) {
        return findCriticalSectionMacro(Name) != nullptr;
      },
      [this, PP](const Token &Name, const MacroDefinition &,
                 SourceRange Range, const MacroArgs *Args) {
        const CriticalSectionAPI *API =
            findCriticalSectionMacro(Name.getIdentifierInfo()->getName());
        llvm::SmallVector<std::string, 2> ArgTexts;
        if (Args && API->Role == SectionRole::Begin) {
          for (unsigned I = 0; I < Args->getNumMacroArguments(); ++I) {
            std::string Text;
            for (const Token *T = Args->getUnexpArgument(I);
                 T->isNot(tok::eof); ++T) {
              Text += PP->getSpelling(*T);
              Text += ' ';
            }
            ArgTexts.push_back(normalizeObjectText(Text));
          }
        }
        addMacroUse(API,
                    PP->getSourceManager().getExpansionLoc(Range.getBegin()),
                    std::move(ArgTexts));
      });
}

void CriticalSectionTracker::addMacroUse(const CriticalSectionAPI *API,
                                         SourceLocation Loc,
                                         llvm::SmallVector<std::string, 2> Args) {
  MacroUses[Loc] = MacroUse{API, std::move(Args)};
  Indexed = false;
}

std::string CriticalSectionTracker::normalizeObjectText(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 8> Toks = splitTokens(Text);
  llvm::ArrayRef<llvm::StringRef> T(Toks);
  while (!T.empty()) {
    // (expr)
    if (T.front() == "(" && matchingParen(T, 0) == T.size() - 1) {
      T = T.drop_front().drop_back();
      continue;
    }
    // (PyObject *) expr
    if (T.size() > 4 && T[0] == "(" && T[1] == objectTypeName() &&
        T[2] == "*" && T[3] == ")") {
      T = T.drop_front(4);
      continue;
    }
    // _PyObject_CAST(expr)
    if (T.size() > 3 && T[0] == objectCastMacro() && T[1] == "(" &&
        matchingParen(T, 1) == T.size() - 1) {
      T = T.drop_front(2).drop_back();
      continue;
    }
    break;
  }
  return llvm::join(T.begin(), T.end(), " ");
}

std::string CriticalSectionTracker::normalizeObject(const Expr *E,
                                                    const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = Lexer::makeFileCharRange(
      CharSourceRange::getTokenRange(E->getSourceRange()), SM,
      Ctx.getLangOpts());
  if (Range.isInvalid()) // Spelled inside a macro body: use its spelling.
    Range = CharSourceRange::getTokenRange(
        SM.getSpellingLoc(E->getBeginLoc()), SM.getSpellingLoc(E->getEndLoc()));
  return normalizeObjectText(
      Lexer::getSourceText(Range, SM, Ctx.getLangOpts()));
}

void CriticalSectionTracker::buildIndex(ASTContext &Ctx) {
  if (Indexed)
    return;
  Indexed = true;
  Sections.clear();
  const SourceManager &SM = Ctx.getSourceManager();

  llvm::DenseSet<SourceLocation> Openers;
  for (const auto &[Loc, Use] : MacroUses)
    if (Use.API->Role == SectionRole::Begin)
      Openers.insert(Loc);

  // Without a BEGIN macro and without a possible direct Begin call there is
  // no section, and no need to walk the whole translation unit.
  llvm::SmallVector<llvm::StringRef, 8> Openings;
  for (const CriticalSectionAPI &API : criticalSectionFunctions())
    if (API.Role == SectionRole::Begin)
      Openings.push_back(API.Name);
  std::vector<CriticalSection> Skipped =
      skippedSections(SM, Ctx.getLangOpts());
  if (Openers.empty() && Skipped.empty() &&
      !mayReferToAnyFunction(Ctx, Openings)) {
    Parent.clear();
    return;
  }

  SectionCollector Collector(Ctx, Openers);
  Collector.TraverseAST(Ctx);

  for (const CompoundStmt *CS : Collector.Blocks) {
    const MacroUse &Use = MacroUses.find(SM.getExpansionLoc(CS->getLBracLoc()))
                              ->second;
    CriticalSection S;
    S.Opener = Use.API->Name;
    S.Closer = Use.API->Closer;
    S.Begin = SM.getExpansionLoc(CS->getLBracLoc());
    S.End = SM.getExpansionRange(CS->getRBracLoc()).getEnd();
    S.Guarded.assign(Use.Args.begin(), Use.Args.end());
    S.IsMutex = Use.API->IsMutex;
    S.FromMacro = true;
    S.Conditional = Branches && (Branches->factsAt(S.Begin).buildDependent() ||
                                 Branches->factsAt(S.End).buildDependent());
    Sections.push_back(std::move(S));
  }
  for (CriticalSection &S : Skipped)
    Sections.push_back(std::move(S));

  // A direct Begin(&cs, ...) runs to the first End(&cs) after it.
  for (const auto &B : Collector.Begins) {
    SourceLocation BeginLoc = SM.getExpansionLoc(B.Call->getBeginLoc());
    const SectionCollector::DirectCall *Best = nullptr;
    for (const auto &E : Collector.Ends) {
      if (E.Var != B.Var ||
          !SM.isBeforeInTranslationUnit(BeginLoc,
                                        SM.getExpansionLoc(E.Call->getBeginLoc())))
        continue;
      if (!Best || SM.isBeforeInTranslationUnit(
                       SM.getExpansionLoc(E.Call->getBeginLoc()),
                       SM.getExpansionLoc(Best->Call->getBeginLoc())))
        Best = &E;
    }
    if (!Best)
      continue; // Unterminated: nothing can be said about its extent.
    CriticalSection S;
    S.Opener = B.Call->getDirectCallee()->getName();
    S.Closer = findCriticalSectionFunction(S.Opener)->Closer;
    S.Begin = BeginLoc;
    S.End = SM.getExpansionRange(Best->Call->getEndLoc()).getEnd();
    for (unsigned I = 1; I < B.Call->getNumArgs(); ++I)
      S.Guarded.push_back(normalizeObject(B.Call->getArg(I), Ctx));
    Sections.push_back(std::move(S));
  }

  llvm::sort(Sections, [&](const CriticalSection &A, const CriticalSection &B) {
    return SM.isBeforeInTranslationUnit(A.Begin, B.Begin);
  });

  // One sweep in start order: the open sections form a stack.
  Parent.assign(Sections.size(), -1);
  llvm::SmallVector<int, 8> Open;
  for (int I = 0, N = Sections.size(); I < N; ++I) {
    while (!Open.empty() &&
           SM.isBeforeInTranslationUnit(Sections[Open.back()].End,
                                        Sections[I].Begin))
      Open.pop_back();
    Parent[I] = Open.empty() ? -1 : Open.back();
    Open.push_back(I);
  }
}

std::vector<CriticalSection>
CriticalSectionTracker::skippedSections(const SourceManager &SM,
                                        const LangOptions &LangOpts) {
  std::vector<CriticalSection> Out;
  if (!Branches)
    return Out;
  struct Use {
    const CriticalSectionAPI *API;
    SourceLocation Begin, End; ///< The macro name; its closing ')'.
    llvm::SmallVector<std::string, 2> Args;
  };
  std::vector<Use> Uses;
  for (const ConditionalBranches::SkippedBranch &B : Branches->skipped()) {
    if (!B.Facts.buildDependent())
      continue;
    SourceLocation Start = SM.getExpansionLoc(B.Range.getBegin());
    SourceLocation Stop = SM.getExpansionLoc(B.Range.getEnd());
    if (SM.getFileID(Start) != SM.getFileID(Stop))
      continue;
    bool Invalid = false;
    const char *Data = SM.getCharacterData(Start, &Invalid);
    unsigned Length = SM.getFileOffset(Stop) - SM.getFileOffset(Start);
    if (Invalid)
      continue;
    llvm::StringRef Text(Data, Length);
    // Most skipped branches (a compat header's) name no section macro.
    static const NameSearch Macros(criticalSectionMacroNames());
    if (!Macros.foundIn(Text))
      continue;
    llvm::SmallVector<RawToken, 16> T = lexRaw(Text, LangOpts);
    for (size_t I = 0; I + 2 < T.size(); ++I) {
      if (T[I].InDirective || T[I].Kind != tok::raw_identifier ||
          T[I + 1].Kind != tok::l_paren)
        continue;
      const CriticalSectionAPI *API = findCriticalSectionMacro(T[I].Text);
      if (!API)
        continue;
      // The arguments, split at the top-level commas.
      Use U{API, Start.getLocWithOffset(T[I].Offset), {}, {}};
      std::string Arg;
      int Depth = 0;
      size_t J = I + 1;
      for (; J < T.size(); ++J) {
        if (T[J].Kind == tok::l_paren && Depth++ == 0)
          continue;
        if (T[J].Kind == tok::r_paren && --Depth == 0)
          break;
        if (Depth == 1 && T[J].Kind == tok::comma) {
          U.Args.push_back(normalizeObjectText(Arg));
          Arg.clear();
          continue;
        }
        Arg += T[J].Text.str() + " ";
      }
      if (J == T.size())
        break; // unbalanced: the rest of the text says nothing reliable
      if (!Arg.empty())
        U.Args.push_back(normalizeObjectText(Arg));
      U.End = Start.getLocWithOffset(T[J].Offset);
      if (API->Role != SectionRole::Begin)
        U.Args.clear();
      Uses.push_back(std::move(U));
      I = J;
    }
  }
  llvm::stable_sort(Uses, [&](const Use &A, const Use &B) {
    return SM.isBeforeInTranslationUnit(A.Begin, B.Begin);
  });
  // BEGIN and END nest like the blocks they open and close.
  llvm::SmallVector<const Use *, 4> Stack;
  for (const Use &U : Uses) {
    if (U.API->Role == SectionRole::Begin) {
      Stack.push_back(&U);
      continue;
    }
    if (Stack.empty())
      continue;
    const Use *B = Stack.pop_back_val();
    CriticalSection S;
    S.Opener = B->API->Name;
    S.Closer = B->API->Closer;
    S.Begin = B->Begin;
    S.End = U.End;
    S.Guarded.assign(B->Args.begin(), B->Args.end());
    S.IsMutex = B->API->IsMutex;
    S.FromMacro = true;
    S.Conditional = true;
    Out.push_back(std::move(S));
  }
  return Out;
}

llvm::ArrayRef<CriticalSection> CriticalSectionTracker::sections(ASTContext &Ctx) {
  buildIndex(Ctx);
  return Sections;
}

llvm::SmallVector<const CriticalSection *, 2>
CriticalSectionTracker::enclosing(SourceLocation Loc, ASTContext &Ctx) {
  buildIndex(Ctx);
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation L = SM.getExpansionLoc(Loc);
  llvm::SmallVector<const CriticalSection *, 2> Result;
  // The last section that starts at or before L; every section containing L
  // is that one or one of its ancestors (sections nest).
  auto It = llvm::partition_point(Sections, [&](const CriticalSection &S) {
    return !SM.isBeforeInTranslationUnit(L, S.Begin);
  });
  for (int I = int(It - Sections.begin()) - 1; I >= 0; I = Parent[I])
    if (Sections[I].contains(L, SM))
      Result.push_back(&Sections[I]); // innermost first
  return Result;
}

const CriticalSection *CriticalSectionTracker::guarding(const Expr *Obj,
                                                        ASTContext &Ctx) {
  std::string Want = normalizeObject(Obj, Ctx);
  for (const CriticalSection *S : enclosing(Obj->getBeginLoc(), Ctx))
    if (!S->IsMutex && llvm::is_contained(S->Guarded, Want))
      return S;
  return nullptr;
}

} // namespace clang::tidy::freethreading
