//===--- ProbeModule.cpp - test-only checks that expose lib/ to lit ------===//
//
// Built only for the test-suite, never installed or loaded by users. Each
// probe check reports what one lib/ analysis answers, so that lit tests can
// pin those answers down on both builds, both LLVM versions and both
// languages, independently of any real check.
//
//   ftprobe-api-table        every use of a CPython API the table knows,
//                            with the table's facts about it
//   ftprobe-critical-sections every critical section, and at each call
//                            ft_probe(x) the enclosing sections and whether
//                            x is guarded
//   ftprobe-compat-include   the include CompatHeaderInserter adds for each
//                            use of a borrowed API with a 3.13 replacement
//   ftprobe-container-privacy at each call ft_probe(x), whether x is private
//                            to the function there, and why
//   ftprobe-module-lifecycle  at each function definition that module
//                            initialization or teardown reaches, whether it
//                            runs only then, and if not, why
//   ftprobe-borrowed-fix     at each call of a borrowed API with a
//                            replacement, the plan of BorrowedReferenceFix:
//                            its edits (as fix-its), or why there are none
//===----------------------------------------------------------------------===//

#include "clang-tidy/ClangTidyCheck.h"
#include "clang-tidy/ClangTidyModule.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/Version.h"
#if CLANG_VERSION_MAJOR < 22
#include "clang-tidy/ClangTidyModuleRegistry.h"
#endif
#include "lib/APIUseCollector.h"
#include "lib/BorrowedReferenceFix.h"
#include "lib/CPythonAPI.h"
#include "lib/CompatHeaderInserter.h"
#include "lib/ContainerPrivacy.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/ModuleLifecycleFunctions.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {
namespace {

bool isTableName(llvm::StringRef Name) {
  return findBorrowedAPI(Name) || isSafeBorrowedAPI(Name) ||
         isContainerConstructor(Name);
}

class APITableProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                           Preprocessor *) override {
    Uses.registerPreprocessor(PP);
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(callExpr().bind("call"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    Uses.addCall(Result.Nodes.getNodeAs<CallExpr>("call"),
                 *Result.SourceManager);
  }
  void onEndOfTranslationUnit() override {
    for (const APIUse &U : Uses.uses()) {
      const char *How = U.ViaMacro ? (U.Call ? "macro+call" : "macro") : "call";
      if (const BorrowedAPI *API = findBorrowedAPI(U.Name)) {
        diag(U.Loc, "borrowed '%0' [%1] -> '%2' since %3 (%4)%5%6")
            << U.Name << How
            << (API->Replacement.empty() ? "none" : API->Replacement)
            << formatPythonVersion(API->AddedIn)
            << describeProtocol(API->Protocol)
            << (API->SwallowsErrors ? "; swallows errors" : "")
            << (API->RemovedIn
                    ? "; removed in " + formatPythonVersion(API->RemovedIn)
                    : std::string());
      } else if (isSafeBorrowedAPI(U.Name)) {
        diag(U.Loc, "safe '%0' [%1]") << U.Name << How;
      } else {
        diag(U.Loc, "constructor '%0' [%1]") << U.Name << How;
      }
    }
  }

private:
  APIUseCollector Uses{isTableName};
};

class CriticalSectionProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                           Preprocessor *) override {
    Tracker.registerPreprocessor(PP);
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        callExpr(callee(functionDecl(hasName("ft_probe")))).bind("probe"),
        this);
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    if (Result.Nodes.getNodeAs<TranslationUnitDecl>("tu")) {
      const SourceManager &SM = Ctx.getSourceManager();
      for (const CriticalSection &S : Tracker.sections(Ctx))
        diag(S.Begin, "section %0 on '%1'%2 ends at line %3")
            << S.Opener << llvm::join(S.Guarded, "', '")
            << (S.IsMutex ? " (mutex)" : "")
            << SM.getExpansionLineNumber(S.End);
      return;
    }
    const auto *Probe = Result.Nodes.getNodeAs<CallExpr>("probe");
    if (Probe->getNumArgs() != 1)
      return;
    auto Enclosing = Tracker.enclosing(Probe->getBeginLoc(), Ctx);
    const CriticalSection *Guard = Tracker.guarding(Probe->getArg(0), Ctx);
    diag(Probe->getBeginLoc(), "depth %0; '%1' %2")
        << static_cast<unsigned>(Enclosing.size())
        << CriticalSectionTracker::normalizeObject(Probe->getArg(0), Ctx)
        << (Guard ? ("guarded by " + Guard->Opener).str()
                  : std::string("not guarded"));
  }

private:
  CriticalSectionTracker Tracker;
};

class CompatIncludeProbe : public ClangTidyCheck {
public:
  CompatIncludeProbe(StringRef Name, ClangTidyContext *Context)
      : ClangTidyCheck(Name, Context),
        Inserter(Options.getLocalOrGlobal("CompatHeader", ""),
                 Options.getLocalOrGlobal("IncludeStyle",
                                          utils::IncludeSorter::IS_LLVM)),
        Uses([](llvm::StringRef N) {
          const BorrowedAPI *API = findBorrowedAPI(N);
          return API && API->AddedIn != 0;
        }) {}
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override {
    Options.store(Opts, "CompatHeader", Inserter.header());
  }
  void registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                           Preprocessor *) override {
    Inserter.registerPreprocessor(PP);
    Uses.registerPreprocessor(PP);
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(callExpr().bind("call"), this);
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    if (const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call")) {
      Uses.addCall(Call, *Result.SourceManager);
      return;
    }
    Ctx = Result.Context;
  }
  void onEndOfTranslationUnit() override {
    if (!Ctx)
      return;
    for (const APIUse &U : Uses.uses()) {
      llvm::StringRef Replacement = findBorrowedAPI(U.Name)->Replacement;
      auto D = diag(U.Loc, "'%0' would become '%1'") << U.Name << Replacement;
      if (auto Fix = Inserter.includeFor(Replacement, U.Loc, *Ctx))
        D << *Fix;
    }
  }

private:
  CompatHeaderInserter Inserter;
  APIUseCollector Uses;
  ASTContext *Ctx = nullptr;
};

class ContainerPrivacyProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerPPCallbacks(const SourceManager &, Preprocessor *,
                           Preprocessor *) override {
    Privacy.reset();
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        callExpr(callee(functionDecl(hasName("ft_probe")))).bind("probe"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const auto *Probe = Result.Nodes.getNodeAs<CallExpr>("probe");
    if (Probe->getNumArgs() != 1)
      return;
    ASTContext &Ctx = *Result.Context;
    ContainerPrivacy P = Privacy.privacyAt(Probe->getArg(0), Probe, Ctx);
    std::string What;
    switch (P.Kind) {
    case PrivacyKind::Shared:
      What = "shared";
      if (P.Escape)
        What += "; escapes at line " +
                std::to_string(Ctx.getSourceManager().getExpansionLineNumber(
                    P.Escape->getBeginLoc()));
      break;
    case PrivacyKind::FreshLocal:
      What = ("fresh from " + P.Constructor).str();
      break;
    case PrivacyKind::KeywordArguments:
      What = "keyword arguments";
      break;
    }
    diag(Probe->getBeginLoc(), "'%0' %1")
        << CriticalSectionTracker::normalizeObject(Probe->getArg(0), Ctx)
        << What;
  }

private:
  ContainerPrivacyAnalyzer Privacy;
};

class ModuleLifecycleProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        functionDecl(isDefinition(), isExpansionInMainFile()).bind("fn"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
    ASTContext &Ctx = *Result.Context;
    const LifecycleReach *R = Lifecycle.reach(FD, Ctx);
    if (!R)
      return;
    static const char *const Phases[] = {"", "initialization", "teardown",
                                         "initialization and teardown"};
    if (R->onlyInPhases()) {
      diag(FD->getLocation(), "%0 runs only during module %1")
          << FD << Phases[R->Phases];
      return;
    }
    const LifecycleEscape &E = *R->Escape;
    diag(FD->getLocation(),
         "%0 reached from module %1, may run at any time: %select{external "
         "linkage|address taken at line %3|called from %4 at line %3}2")
        << FD << Phases[R->Phases] << static_cast<unsigned>(E.How)
        << Ctx.getSourceManager().getExpansionLineNumber(E.Loc) << E.Caller;
  }

private:
  ModuleLifecycleFunctions Lifecycle;
};

class BorrowedFixProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(callExpr(isExpansionInMainFile()).bind("call"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const auto *Call = Result.Nodes.getNodeAs<CallExpr>("call");
    const FunctionDecl *FD = Call->getDirectCallee();
    const BorrowedAPI *API =
        FD && FD->getIdentifier() ? findBorrowedAPI(FD->getName()) : nullptr;
    if (!API || API->Replacement.empty())
      return;
    ASTContext &Ctx = *Result.Context;
    BorrowedUse U;
    U.API = API;
    U.E = Call;
    U.NameLoc = Ctx.getSourceManager().getFileLoc(
        Call->getCallee()->getExprLoc());
    // Editable as the check decides: the name is spelled at its file
    // location (directly or as a macro argument).
    llvm::SmallString<32> Buf;
    U.Editable = Lexer::getSpelling(U.NameLoc, Buf, Ctx.getSourceManager(),
                                    Ctx.getLangOpts()) == API->Name;
    FixPlan P = planBorrowedReferenceFix(U, Ctx);
    if (!P.hasFix()) {
      diag(U.NameLoc, "'%0': no automatic fix: %1") << API->Name << P.Reason;
      return;
    }
    auto D = diag(U.NameLoc, "'%0': %1 edits introducing '%2'")
             << API->Name << static_cast<unsigned>(P.Edits.size())
             << P.Introduces;
    for (const FixItHint &Edit : P.Edits)
      D << Edit;
  }
};

class ProbeModule : public ClangTidyModule {
public:
  void addCheckFactories(ClangTidyCheckFactories &CheckFactories) override {
    CheckFactories.registerCheck<APITableProbe>("ftprobe-api-table");
    CheckFactories.registerCheck<BorrowedFixProbe>("ftprobe-borrowed-fix");
    CheckFactories.registerCheck<CompatIncludeProbe>("ftprobe-compat-include");
    CheckFactories.registerCheck<ContainerPrivacyProbe>(
        "ftprobe-container-privacy");
    CheckFactories.registerCheck<CriticalSectionProbe>(
        "ftprobe-critical-sections");
    CheckFactories.registerCheck<ModuleLifecycleProbe>(
        "ftprobe-module-lifecycle");
  }
};

} // namespace
} // namespace clang::tidy::freethreading

namespace clang::tidy {
static ClangTidyModuleRegistry::Add<freethreading::ProbeModule>
    X("ftprobe-module", "Test-only probes of ft-tidy's shared analyses.");
} // namespace clang::tidy
