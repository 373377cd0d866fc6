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
//   ftprobe-file-conditionals at each ft_probe token of the main file's text
//                            (compiled or not), what its #if branches
//                            guarantee
//   ftprobe-module-definition each module's GIL declaration: slot arrays,
//                            creators of single-phase modules, where a
//                            declaration would go, unguarded declarations
//   ftprobe-memory-groups    each group of storages and calls holding the
//                            same object-domain memory, and what it found
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
#include "lib/ConditionalStructure.h"
#include "lib/CriticalSectionTracker.h"
#include "lib/MemoryGroups.h"
#include "lib/ModuleDefinition.h"
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

class FileConditionalsProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    const SourceManager &SM = *Result.SourceManager;
    FileID Main = SM.getMainFileID();
    ConditionalStructure S(Main, SM, getLangOpts());
    llvm::SmallVector<size_t, 2> Found =
        S.occurrences("ft_probe", 0, S.text().size());
    for (size_t I : Found) {
      unsigned Offset = S.tokens()[I].Offset;
      GuardFacts F = S.factsAt(Offset);
      llvm::SmallVector<llvm::StringRef, 3> Facts;
      if (F.FreeThreaded)
        Facts.push_back("free-threaded");
      if (F.HasModGil)
        Facts.push_back("3.13+");
      if (F.NeverFreeThreaded)
        Facts.push_back("never free-threaded");
      diag(SM.getComposedLoc(Main, Offset), "%select{top level|in a branch}0: "
                                            "%1")
          << (S.branchAt(Offset) >= 0)
          << (Facts.empty() ? std::string("no guarantee")
                            : llvm::join(Facts, ", "));
    }
  }
};

class ModuleDefinitionProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                           Preprocessor *) override {
    Branches = &ConditionalBranches::of(*PP);
  }
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(
        varDecl(isExpansionInMainFile(), hasInitializer(initListExpr()))
            .bind("var"),
        this);
    Finder->addMatcher(
        functionDecl(isDefinition(), isExpansionInMainFile()).bind("fn"),
        this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    Ctx = Result.Context;
    if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("var")) {
      if (isModuleDefinition(VD))
        Defs.push_back(VD);
    } else if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn")) {
      if (FD->getIdentifier() && isModuleInitFunctionName(FD->getName()))
        Inits.push_back(FD);
    }
  }
  void onEndOfTranslationUnit() override {
    if (!Ctx)
      return;
    ModuleDefinitions Modules(*Ctx, *Branches);
    static const char *const How[] = {"replace the return", "after the check",
                                      "after the creation"};
    for (const VarDecl *Def : Defs) {
      const VarDecl *Slots = slotArrayOf(Def, *Ctx);
      if (!Slots) {
        diag(Def->getLocation(), "module %0: no slot array")
            << moduleName(Def);
        continue;
      }
      if (!Modules.lacksGilSlot(Slots)) {
        diag(Def->getLocation(), "module %0: slots '%1' need nothing")
            << moduleName(Def) << Slots->getName();
      } else {
        SlotEntryPlace P = Modules.slotEntryPlace(Slots, Def);
        diag(Def->getLocation(), "module %0: slots '%1' lack the GIL slot; "
                                 "entry %2")
            << moduleName(Def) << Slots->getName()
            << (!P.Why.empty() ? ("declined: " + P.Why).str()
                : P.OwnLines   ? std::string("on lines of its own")
                               : std::string("before the terminator"));
      }
      for (const UnguardedDeclaration &D : Modules.unguardedSlotEntries(Slots))
        diag(D.Name, "unguarded slot entry%select{| (fixable)}0") << D.Fixable;
    }
    for (const FunctionDecl *Init : Inits)
      for (const FunctionDecl *Creator : Modules.undeclaredCreators(Init)) {
        SetterPlace P = Modules.setterPlace(Creator);
        diag(Init->getLocation(), "%0 creates an undeclared module in %1; "
                                  "setter %2")
            << Init << Creator
            << (!P.Why.empty() ? ("declined: " + P.Why).str()
                               : (std::string(How[P.How]) + " on '" +
                                  P.Module + "'"));
      }
    for (const UnguardedDeclaration &D : Modules.unguardedSetterCalls())
      diag(D.Name, "unguarded setter call%select{| (fixable)}0") << D.Fixable;
    Defs.clear();
    Inits.clear();
    Ctx = nullptr;
  }

private:
  ASTContext *Ctx = nullptr;
  ConditionalBranches *Branches = nullptr;
  std::vector<const VarDecl *> Defs;
  std::vector<const FunctionDecl *> Inits;
};

class MemoryGroupsProbe : public ClangTidyCheck {
public:
  using ClangTidyCheck::ClangTidyCheck;
  void registerMatchers(MatchFinder *Finder) override {
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  }
  void check(const MatchFinder::MatchResult &Result) override {
    ASTContext &Ctx = *Result.Context;
    if (!mayAllocateObjects(Ctx))
      return;
    MemoryGroups Memory(Ctx, {});
    for (auto &[Leader, G] : Memory.groups()) {
      const MemoryCall *First = G.Allocations.front();
      diag(First->Call->getBeginLoc(),
           "group of '%0': %1 allocation(s), %2 release(s), "
           "%select{buffer|object}3, %select{no free|freed}4")
          << First->API->Name << static_cast<unsigned>(G.Allocations.size())
          << static_cast<unsigned>(G.Releases.size()) << G.IsObject
          << G.HasFree;
      for (const FixPlan &B : G.Blockers)
        diag(B.ReasonLoc, "blocker: %0", DiagnosticIDs::Note) << B.Reason;
      for (const SharedStorage &S : G.Shared)
        diag(S.Why.ReasonLoc, "shared '%0': %1", DiagnosticIDs::Note)
            << S.Key << S.Why.Reason;
    }
  }
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
    CheckFactories.registerCheck<FileConditionalsProbe>(
        "ftprobe-file-conditionals");
    CheckFactories.registerCheck<MemoryGroupsProbe>("ftprobe-memory-groups");
    CheckFactories.registerCheck<ModuleDefinitionProbe>(
        "ftprobe-module-definition");
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
