//===--- ObjectMallocBufferCheck.cpp - freethreading-object-malloc-buffer -===//
//
// For each group of storages and calls holding the same object-domain memory
// (lib/MemoryGroups) that is not a Python object, reports its allocations and
// renames every object-domain call of the group in one fix, when nothing
// stops it.
//===----------------------------------------------------------------------===//

#include "checks/ObjectMallocBufferCheck.h"
#include "lib/CPythonAPI.h"
#include "lib/FixPlan.h"
#include "lib/MemoryGroups.h"
#include "lib/PythonHeaders.h"
#include "lib/SourceText.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/STLExtras.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// Replaces the function name of a PyObject_ call with its PyMem_ twin, when
/// the name is spelled in the main file (directly, as a macro argument, or
/// as an object-like alias such as PyObject_FREE); else why it cannot.
FixPlan renameCallee(const MemoryCall &MC, const SourceManager &SM,
                     const LangOptions &LO) {
  auto Rename = [&](SourceLocation Name) {
    FixPlan P;
    P.Edits.push_back(FixItHint::CreateReplacement(
        CharSourceRange::getTokenRange(Name), MC.API->Twin));
    return P;
  };
  const auto *DRE =
      dyn_cast<DeclRefExpr>(MC.Call->getCallee()->IgnoreParenImpCasts());
  SourceLocation Loc = DRE ? DRE->getLocation() : MC.Call->getBeginLoc();
  const std::string Name = MC.API->Name.str();
  if (DRE && Loc.isMacroID() && SM.isMacroArgExpansion(Loc))
    Loc = SM.getSpellingLoc(Loc);
  if (DRE && Loc.isFileID()) {
    if (SM.isInMainFile(Loc))
      return Rename(Loc);
    return FixPlan::none("'" + Name + "' is called here, in another file",
                         SM.getFileLoc(Loc));
  }
  if (DRE && Loc.isMacroID()) {
    StringRef Macro = Lexer::getImmediateMacroName(Loc, SM, LO);
    CharSourceRange Expansion = SM.getImmediateExpansionRange(Loc);
    const bool IsAlias = isMemoryAlias(Macro, MC.API->Name);
    if (IsAlias && Expansion.getBegin().isFileID() &&
        Expansion.getBegin() == Expansion.getEnd() &&
        SM.isInMainFile(Expansion.getBegin()))
      return Rename(Expansion.getBegin());
    return FixPlan::none("'" + Name + "' is spelled inside macro '" +
                             Macro.str() + "'",
                         SM.getFileLoc(Loc));
  }
  return FixPlan::none("the call to '" + Name + "' cannot be renamed",
                       SM.getFileLoc(MC.Call->getBeginLoc()));
}

/// Why a group without a release of either domain is not fixed.
std::string noReleaseFound() {
  std::string Names;
  for (const MemoryAPI &API : memoryAPIs())
    if (API.Role == MemoryRole::ObjectRelease ||
        API.Role == MemoryRole::BufferRelease)
      Names += (Names.empty() ? "" : " or ") + API.Name.str();
  return "no " + Names + " of this memory was found in this translation unit";
}

/// \p Why, with the advice every note declining a group's fix carries.
FixPlan declineGroup(const FixPlan &Why) {
  return FixPlan::none(Why.Reason + "; every allocation and release of this "
                                    "memory must move to the PyMem_ "
                                    "functions together",
                       Why.ReasonLoc);
}

/// The first reason, in source order, not to rename group \p G's calls: a
/// blocker, else (unless \p OnlyLocal) a shared storage whose key is not in
/// \p Closed (a reason in this file says more than one the project may
/// lift); nullptr when there is none.
const FixPlan *firstBlocker(const MemoryGroup &G, const llvm::StringSet<> &Closed,
                            bool OnlyLocal, const SourceManager &SM) {
  const FixPlan *First = nullptr;
  auto Consider = [&](const FixPlan &P) {
    if (!First || SM.isBeforeInTranslationUnit(SM.getFileLoc(P.ReasonLoc),
                                               SM.getFileLoc(First->ReasonLoc)))
      First = &P;
  };
  for (const FixPlan &P : G.Blockers)
    Consider(P);
  if (First || OnlyLocal)
    return First;
  for (const SharedStorage &S : G.Shared)
    if (!Closed.contains(S.Key))
      Consider(S.Why);
  return First;
}

/// The renames of the calls \p Renamed of group \p G, or the first reason
/// there are none: the first blocker (firstBlocker), a call that cannot be
/// renamed, or no release found (noted at \p Primary; none is needed when
/// \p Closed holds the group's shared storages: the project releases it).
FixPlan groupFix(const MemoryGroup &G,
                 llvm::ArrayRef<const MemoryCall *> Renamed,
                 SourceLocation Primary, const llvm::StringSet<> &Closed,
                 const SourceManager &SM, const LangOptions &LO) {
  if (const FixPlan *Why = firstBlocker(G, Closed, false, SM))
    return declineGroup(*Why);
  FixPlan Plan;
  for (const MemoryCall *MC : Renamed) {
    FixPlan Rename = renameCallee(*MC, SM, LO);
    if (!Rename.hasFix())
      return declineGroup(Rename);
    llvm::append_range(Plan.Edits, Rename.Edits);
  }
  if (!G.HasFree && G.Shared.empty())
    return declineGroup(FixPlan::none(noReleaseFound(), Primary));
  return Plan;
}

/// What this unit says of group \p G for the project's decision.
FamilyReport familyReport(const MemoryGroup &G,
                          llvm::ArrayRef<const MemoryCall *> Renamed,
                          const SourceManager &SM, const LangOptions &LO) {
  FamilyReport R;
  for (const SharedStorage &S : G.Shared)
    R.Shared.push_back(&S);
  R.Object = G.IsObject;
  R.Frees = G.HasFree;
  R.Calls = Renamed.size();
  R.Allocates = llvm::any_of(G.Allocations, [](const MemoryCall *MC) {
    return isObjectDomain(MC->API->Role);
  });
  if (const FixPlan *Why = firstBlocker(G, {}, true, SM))
    R.Blocked = Why->Reason;
  for (const MemoryCall *MC : Renamed)
    if (R.Blocked.empty())
      R.Blocked = renameCallee(*MC, SM, LO).Reason;
  return R;
}

/// Adds the identifiers of \p Text to \p Words ('$' and bytes beyond ASCII
/// taken as parts of them, as compilers read them).
void addIdentifiers(llvm::StringRef Text, llvm::StringSet<> &Words) {
  auto IsPart = [](char C) {
    return isAsciiIdentifierContinue(C, true) || (C & 0x80);
  };
  for (size_t I = 0; I < Text.size();) {
    if (!IsPart(Text[I])) {
      ++I;
      continue;
    }
    size_t End = I;
    while (End < Text.size() && IsPart(Text[End]))
      ++End;
    if (!isDigit(Text[I]))
      Words.insert(Text.slice(I, End));
    I = End;
  }
}

/// True when \p Text holds \p Word as a whole identifier (with \p Member,
/// after `.`, `->` or `::`, as a member is named).
bool namesWord(llvm::StringRef Text, llvm::StringRef Word, bool Member) {
  for (size_t At = findIdentifier(Text, Word); At != llvm::StringRef::npos;
       At = findIdentifier(Text, Word, At + 1)) {
    llvm::StringRef Before = Text.take_front(At).rtrim();
    if (!Member || Before.ends_with(".") || Before.ends_with("->") ||
        Before.ends_with("::"))
      return true;
  }
  return false;
}

/// Where a branch this build skipped names storage \p S (within its
/// function, for a local or a parameter): code that may allocate or release
/// the same memory, which the analysis does not see.
std::optional<FixPlan> namedWhereSkipped(const ValueDecl *S,
                                         llvm::ArrayRef<ConditionalBranches::SkippedText> Skipped,
                                         const SourceManager &SM) {
  if (!S->getIdentifier())
    return std::nullopt;
  SourceRange Scope;
  if (const auto *V = dyn_cast<VarDecl>(S); V && !V->hasGlobalStorage())
    if (const auto *FD =
            dyn_cast_or_null<FunctionDecl>(V->getParentFunctionOrMethod()))
      Scope = FD->getSourceRange();
  for (const ConditionalBranches::SkippedText &T : Skipped) {
    if (Scope.isValid() &&
        (SM.isBeforeInTranslationUnit(T.Range.getBegin(),
                                      SM.getExpansionLoc(Scope.getBegin())) ||
         SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Scope.getEnd()),
                                      T.Range.getBegin())))
      continue;
    if (namesWord(T.Text, S->getName(), isa<FieldDecl>(S)))
      return FixPlan::none("'" + S->getName().str() +
                               "' is named in code this build does not "
                               "compile (a skipped #if branch) here",
                           T.Range.getBegin());
  }
  return std::nullopt;
}

/// True when every shared storage of \p G is in \p Closed (and it has one).
bool closedGroup(const MemoryGroup &G, const llvm::StringSet<> &Closed) {
  return !G.Shared.empty() && llvm::all_of(G.Shared, [&](const SharedStorage &S) {
    return Closed.contains(S.Key);
  });
}

} // namespace

ObjectMallocBufferCheck::ObjectMallocBufferCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), CheckName(Name.str()),
      FamilyReportPath(Options.get("FamilyReport", "")),
      SharedFamiliesOption(Options.get("SharedFamilies", "")),
      ClosedFamiliesOption(Options.get("ClosedFamilies", "")),
      Closed(parseKeys(ClosedFamiliesOption)) {
  Examined = parseKeys(SharedFamiliesOption);
  for (const auto &K : Closed)
    Examined.insert(K.getKey());
}

void ObjectMallocBufferCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FamilyReport", FamilyReportPath);
  Options.store(Opts, "SharedFamilies", SharedFamiliesOption);
  Options.store(Opts, "ClosedFamilies", ClosedFamiliesOption);
}

void ObjectMallocBufferCheck::registerPPCallbacks(const SourceManager &,
                                                  Preprocessor *PP,
                                                  Preprocessor *) {
  Branches = &ConditionalBranches::of(*PP);
}

void ObjectMallocBufferCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

void ObjectMallocBufferCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  std::vector<FamilyReport> Reports;
  // Only groups holding object-domain allocations, or examined shared
  // storages, are reported: without them, the walk over the whole
  // translation unit is not needed.
  if (!mayAllocateObjects(Ctx) && Examined.empty())
    return writeReports(Reports, {}, Ctx);
  MemoryGroups Memory(Ctx, Examined);
  for (auto &[Leader, G] : Memory.groups())
    checkGroup(G, Memory.calls(), Reports, Ctx);
  writeReports(Reports, Memory.reached(), Ctx);
}

void ObjectMallocBufferCheck::writeReports(llvm::ArrayRef<FamilyReport> Reports,
                                           llvm::ArrayRef<std::string> Reached,
                                           ASTContext &Ctx) {
  if (FamilyReportPath.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  UnitFacts Unit;
  Unit.Files = unitFiles(SM);
  Unit.Reached.assign(Reached.begin(), Reached.end());
  llvm::StringSet<> Words;
  for (const ConditionalBranches::SkippedText &T :
       Branches->liveUserSkippedTexts())
    addIdentifiers(T.Text, Words);
  for (const auto &W : Words)
    Unit.SkippedWords.push_back(W.getKey().str());
  llvm::sort(Unit.SkippedWords);
  std::string Error;
  if (!writeFamilyReports(FamilyReportPath, Reports, Unit, Error))
    configurationDiag("cannot write %0.FamilyReport '%1': %2")
        << CheckName << FamilyReportPath << Error;
}

void ObjectMallocBufferCheck::checkGroup(MemoryGroup &G,
                                         llvm::ArrayRef<MemoryCall> Calls,
                                         std::vector<FamilyReport> &Reports,
                                         ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getFileLoc(A), SM.getFileLoc(B));
  };
  auto CalleeLoc = [&](const CallExpr *C) {
    return SM.getFileLoc(C->getCallee()->getExprLoc());
  };
  // The calls to report, and the calls to rename, in source order.
  std::vector<const MemoryCall *> Reported, Renamed;
  for (const MemoryCall &MC : Calls) {
    const bool InGroup = llvm::is_contained(G.Allocations, &MC) ||
                         G.Releases.contains(MC.Call);
    if (!InGroup || !isObjectDomain(MC.API->Role))
      continue;
    Renamed.push_back(&MC);
    if (MC.API->Role != MemoryRole::ObjectRelease)
      Reported.push_back(&MC);
  }
  auto ByLocation = [&](const MemoryCall *A, const MemoryCall *B) {
    return Before(CalleeLoc(A->Call), CalleeLoc(B->Call));
  };
  llvm::sort(Reported, ByLocation);
  llvm::sort(Renamed, ByLocation);
  if (!Renamed.empty() || !G.Shared.empty()) {
    for (const ValueDecl *S : G.Storages)
      if (std::optional<FixPlan> Why =
              namedWhereSkipped(S, Branches->liveUserSkippedTexts(), SM))
        G.Blockers.push_back(std::move(*Why));
  }
  if (!G.Shared.empty())
    Reports.push_back(familyReport(G, Renamed, SM, getLangOpts()));
  if (G.IsObject || Renamed.empty())
    return;
  // The whole family is renamed in every file of the project, here too.
  // Given closed families, only their groups are reported: the driver
  // counts their renames (a NOLINT dropping one must stop them all).
  const bool InClosedFamily = closedGroup(G, Closed);
  if (!Closed.empty() && !InClosedFamily)
    return;
  // Allocations compiled only where there is a GIL use pymalloc's shared
  // domains safely.
  if (!InClosedFamily &&
      llvm::all_of(Reported, [&](const MemoryCall *MC) {
        return Branches->neverFreeThreaded(MC->Call->getBeginLoc());
      }))
    return;

  const SourceLocation Primary =
      CalleeLoc((Reported.empty() ? Renamed : Reported).front()->Call);
  const FixPlan Plan =
      groupFix(G, Renamed, Primary, Closed, SM, getLangOpts());
  if (Reported.empty()) {
    // Only releases here: the family's allocations are in other files.
    if (!InClosedFamily || !Plan.hasFix())
      return;
    const MemoryCall *First = Renamed.front();
    auto D = diag(Primary, "'%0' releases a buffer that other files of the "
                           "project allocate with the PyObject_ functions; "
                           "use %1 with the PyMem_ allocators")
             << First->API->Name << First->API->Twin;
    for (const FixItHint &Fix : Plan.Edits)
      D << Fix;
    return;
  }
  for (const MemoryCall *MC : Reported) {
    const SourceLocation Loc = CalleeLoc(MC->Call);
    {
      auto D = diag(Loc, "'%0' is used for a buffer: on the free-threaded "
                         "build only Python objects may be allocated with "
                         "%0; use %1 for buffers")
               << MC->API->Name << MC->API->Twin;
      if (Loc == Primary)
        for (const FixItHint &Fix : Plan.Edits)
          D << Fix;
    }
    if (!Plan.hasFix())
      noteWhyNoFix(*this, Loc, Plan);
    else if (Loc != Primary)
      diag(Primary,
           "the fix-it on this call renames every allocation and release "
           "of the same memory",
           DiagnosticIDs::Note);
    else if (InClosedFamily)
      diag(Primary,
           "the project's other files that use '%0' are renamed the same "
           "way",
           DiagnosticIDs::Note)
          << llvm::StringRef(G.Shared.front().Key).split(' ').second;
  }
}

} // namespace clang::tidy::freethreading
