//===--- BorrowedReferenceCheck.cpp - freethreading-borrowed-reference ----===//
//
// Collects the uses of the borrowed-reference APIs (calls, and macro-only
// spellings through the parentheses their macros write), skips the safe
// cases, and reports each with the fix lib/BorrowedReferenceFix plans.
//===----------------------------------------------------------------------===//

#include "checks/BorrowedReferenceCheck.h"
#include "lib/BorrowedReferenceFix.h"
#include "lib/MacroHub.h"
#include "lib/OptionValues.h"
#include "lib/PythonHeaders.h"
#include "lib/RefcountRead.h"
#include "lib/SourceText.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroInfo.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// The borrowed APIs this check reports (PyDict_Next has its own check).
bool isReportedAPI(llvm::StringRef Name) {
  const BorrowedAPI *API = findBorrowedAPI(Name);
  return API && API->Protocol != ResultProtocol::CriticalSectionRequired;
}

/// Where to report the API's name: walking out of macro expansions, the
/// first location spelled in a user file: in a user macro's body, the macro
/// location (clang shows it at the macro's use with the "expanded from
/// macro" trail); in a macro argument, its spelling; else the file location.
SourceLocation visibleLoc(SourceLocation Raw, const SourceManager &SM) {
  SourceLocation L = Raw;
  while (L.isMacroID()) {
    SourceLocation Spelling = SM.getSpellingLoc(L);
    if (isUserFile(SM.getFileID(Spelling), SM))
      return SM.isMacroArgExpansion(L) ? Spelling : L;
    L = SM.getImmediateMacroCallerLoc(L);
  }
  return L;
}

/// The first expression inside \p E that the macro took as an argument.
const Expr *firstMacroArgument(const Expr *E, const SourceManager &SM) {
  if (E->getBeginLoc().isMacroID() && SM.isMacroArgExpansion(E->getBeginLoc()))
    return E;
  for (const Stmt *Child : E->children())
    if (const auto *CE = dyn_cast_or_null<Expr>(Child))
      if (const Expr *Found = firstMacroArgument(CE, SM))
        return Found;
  return nullptr;
}

} // namespace

//===--- The check --------------------------------------------------------===//

/// One reported use: the fixer's view of it, and where the user sees it.
struct BorrowedReferenceCheck::Use : BorrowedUse {
  SourceLocation Raw;       ///< The name token, possibly in a macro.
  SourceLocation ReportLoc; ///< Where the user sees it.
  const Expr *Container = nullptr;
};

BorrowedReferenceCheck::BorrowedReferenceCheck(StringRef Name,
                                               ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      StrictMode(parseBool(Options.get("StrictMode", "false")).value_or(false)),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      Collector(isReportedAPI),
      Compat(Options.getLocalOrGlobal("CompatHeader", ""), IncludeStyle) {
  if (!parseBool(Options.get("StrictMode", "false")).has_value())
    configurationDiag("invalid value '%0' for %1.StrictMode; expected 'true' "
                      "or 'false'; using 'false'")
        << Options.get("StrictMode", "false") << Name;
}

void BorrowedReferenceCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "StrictMode", StrictMode ? "true" : "false");
  Options.store(Opts, "CompatHeader", Compat.header());
  Options.store(Opts, "IncludeStyle", IncludeStyle);
}

void BorrowedReferenceCheck::registerPPCallbacks(const SourceManager &SM,
                                                 Preprocessor *PP,
                                                 Preprocessor *) {
  Collector.registerPreprocessor(PP);
  Tracker.registerPreprocessor(PP);
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
  // The raw location of every expansion of a reported API macro, keyed by
  // the file location the collector uses.
  MacroHub::listen(
      *PP, isReportedAPI,
      [this, &SM](const Token &, const MacroDefinition &MD, SourceRange Range,
                  const MacroArgs *) {
        if (MD.getMacroInfo())
          MacroRawLocs.try_emplace(SM.getFileLoc(Range.getBegin()),
                                   Range.getBegin());
      });
  Privacy.reset();
}

void BorrowedReferenceCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  recordAPIUses(*Finder, Hub, Collector, MacroParens);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void BorrowedReferenceCheck::check(const MatchFinder::MatchResult &Result) {
  // The unit (calls and macro parentheses are recorded by the hub's
  // listeners of registerMatchers).
  Ctx = Result.Context;
}

bool BorrowedReferenceCheck::exempt(const Use &U, ASTContext &Ctx) {
  if (StrictMode || !U.Container)
    return false;
  if (Tracker.guarding(U.Container, Ctx))
    return true;
  if (!isPrivateContainerLookup(U.API->Name))
    return false; // Modules, cells and weakrefs: privacy is about containers.
  const Stmt *At = U.E ? static_cast<const Stmt *>(U.E) : U.Container;
  return Privacy.privacyAt(U.Container, At, Ctx).isPrivate();
}

void BorrowedReferenceCheck::report(const Use &U, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Compat.inCompatHeader(U.ReportLoc, SM))
    return;
  if (Branches->neverFreeThreaded(U.ReportLoc))
    return; // compiled only where there is a GIL: it cannot race
  llvm::StringRef Line = lineText(SM.getSpellingLoc(U.ReportLoc), SM);
  if (!StrictMode && Line.contains("noqa: borrowed-ref OK"))
    return;
  bool KnownDebt = Line.contains("noqa: borrowed-ref - manual fix needed");
  if (!KnownDebt && exempt(U, Ctx))
    return;

  FixPlan P;
  if (!KnownDebt) {
    // A second API is used when it is declared already, or when the
    // replacement comes from the compat header too: an include for it alone
    // could clash with the project's own definition of the replacement, and
    // would bring nothing on a build (the limited API) that lacks only it.
    auto Available = [&](llvm::StringRef Name) {
      return !Compat.whyUnavailable(Name, U.NameLoc, Ctx) &&
             (Compat.declaredBefore(Name, U.NameLoc, Ctx) ||
              !Compat.declaredBefore(U.API->Replacement, U.NameLoc, Ctx));
    };
    P = planBorrowedReferenceFix(U, Ctx, Available);
    // A fix needs the replacement: from the headers, a local shim, or the
    // compat header the option names.
    if (P.hasFix() && !P.Introduces.empty())
      if (std::optional<std::string> Why =
              Compat.whyUnavailable(P.Introduces, U.NameLoc, Ctx))
        P.decline(*Why);
  }
  {
    auto D = diag(U.ReportLoc, "'%0' returns a borrowed reference that "
                               "another thread can invalidate; use '%1' (%2)")
             << U.API->Name << U.API->Replacement
             << formatPythonVersion(U.API->AddedIn);
    for (const FixItHint &Fix : P.Edits)
      D << Fix;
    for (llvm::StringRef API : {P.Introduces, P.AlsoIntroduces})
      if (P.hasFix() && !API.empty())
        if (auto Inc = Compat.includeFor(API, U.NameLoc, Ctx))
          D << *Inc;
  }
  if (KnownDebt)
    diag(U.ReportLoc,
         "tracked as known debt ('noqa: borrowed-ref - manual fix needed')",
         DiagnosticIDs::Note);
  else
    noteWhyNoFix(*this, U.ReportLoc, P);
}

BorrowedReferenceCheck::MacroExpressions
BorrowedReferenceCheck::macroExpressions(ASTContext &Ctx) {
  // A macro-only spelling (PyCell_GET in old headers) expands to a
  // parenthesized expression whose user text starts at the API's name.
  // Parents are matched first, so among equal ranges the innermost (the API
  // macro's own expression, not a cast macro around it) comes last.
  const SourceManager &SM = Ctx.getSourceManager();
  llvm::DenseSet<SourceLocation> MacroNames;
  for (const auto &[NameLoc, Raw] : MacroRawLocs)
    MacroNames.insert(NameLoc);
  MacroExpressions Exprs;
  MacroParens.forEachBeginningAt(
      MacroNames, Ctx, [&](const ParenExpr *Paren, CharSourceRange R) {
        auto [It, Inserted] =
            Exprs.try_emplace(R.getBegin(), Paren, R.getEnd());
        if (!Inserted &&
            !SM.isBeforeInTranslationUnit(R.getEnd(), It->second.second))
          It->second = {Paren, R.getEnd()};
      });
  return Exprs;
}

std::optional<BorrowedReferenceCheck::Use>
BorrowedReferenceCheck::useOf(const APIUse &A, const MacroExpressions &Exprs,
                              ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  Use U;
  U.API = findBorrowedAPI(A.Name);
  U.NameLoc = A.Loc;
  if (A.Call) {
    U.E = A.Call;
    U.Raw = A.Call->getCallee()->getExprLoc();
    if (A.Call->getNumArgs() > 0)
      U.Container = A.Call->getArg(0);
  } else {
    auto It = MacroRawLocs.find(A.Loc);
    if (It == MacroRawLocs.end())
      return std::nullopt;
    U.Raw = It->second;
    auto EIt = Exprs.find(U.NameLoc);
    if (EIt != Exprs.end()) {
      U.E = EIt->second.first;
      U.Container = firstMacroArgument(U.E, SM);
    }
  }
  if (isBorrowedByName(U.API->Name))
    U.Container = nullptr; // a name, not a container
  U.ReportLoc = visibleLoc(U.Raw, SM);
  if (!isUserFile(SM.getFileID(SM.getExpansionLoc(U.ReportLoc)), SM))
    return std::nullopt;
  // Editable: the API's name token is spelled at NameLoc itself (directly,
  // or as a macro argument), not produced by a user macro's body.
  llvm::SmallString<32> Buf;
  U.Editable = U.NameLoc.isFileID() &&
               Lexer::getSpelling(U.NameLoc, Buf, SM, Ctx.getLangOpts()) ==
                   U.API->Name;
  return U;
}

void BorrowedReferenceCheck::onEndOfTranslationUnit() {
  if (!Ctx)
    return;
  MacroExpressions Exprs = macroExpressions(*Ctx);
  for (const APIUse &A : Collector.uses())
    if (std::optional<Use> U = useOf(A, Exprs, *Ctx))
      report(*U, *Ctx);
  Ctx = nullptr;
  MacroRawLocs.clear();
  MacroParens.clear();
}

} // namespace clang::tidy::freethreading
