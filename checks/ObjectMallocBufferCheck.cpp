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

/// The renames of the calls \p Renamed of group \p G, or the first reason
/// there are none: the first of G's blockers (sorted in source order by the
/// caller), a call that cannot be renamed, or no release found (noted at
/// \p Primary).
FixPlan groupFix(const MemoryGroup &G,
                 llvm::ArrayRef<const MemoryCall *> Renamed,
                 SourceLocation Primary, const SourceManager &SM,
                 const LangOptions &LO) {
  if (!G.Blockers.empty())
    return declineGroup(G.Blockers.front());
  FixPlan Plan;
  for (const MemoryCall *MC : Renamed) {
    FixPlan Rename = renameCallee(*MC, SM, LO);
    if (!Rename.hasFix())
      return declineGroup(Rename);
    llvm::append_range(Plan.Edits, Rename.Edits);
  }
  if (!G.HasFree)
    return declineGroup(FixPlan::none(noReleaseFound(), Primary));
  return Plan;
}

} // namespace

ObjectMallocBufferCheck::ObjectMallocBufferCheck(StringRef Name,
                                                 ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

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
  const SourceManager &SM = Ctx.getSourceManager();
  auto Before = [&](SourceLocation A, SourceLocation B) {
    return SM.isBeforeInTranslationUnit(SM.getFileLoc(A), SM.getFileLoc(B));
  };
  auto CalleeLoc = [&](const CallExpr *C) {
    return SM.getFileLoc(C->getCallee()->getExprLoc());
  };

  // Only groups holding object-domain allocations are reported: without
  // one, the walk over the whole translation unit is not needed.
  if (!mayAllocateObjects(Ctx))
    return;
  MemoryGroups Memory(Ctx);
  for (auto &[Leader, G] : Memory.groups()) {
    if (G.IsObject)
      continue;
    // The calls to report, and the calls to rename, in source order.
    std::vector<const MemoryCall *> Reported, Renamed;
    for (const MemoryCall &MC : Memory.calls()) {
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
    // Allocations compiled only where there is a GIL use pymalloc's shared
    // domains safely.
    if (llvm::all_of(Reported, [&](const MemoryCall *MC) {
          return Branches->neverFreeThreaded(MC->Call->getBeginLoc());
        }))
      continue;

    llvm::sort(G.Blockers, [&](const FixPlan &A, const FixPlan &B) {
      return Before(A.ReasonLoc, B.ReasonLoc);
    });
    const SourceLocation Primary = CalleeLoc(Reported.front()->Call);
    const FixPlan Plan = groupFix(G, Renamed, Primary, SM, getLangOpts());
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
    }
  }
}

} // namespace clang::tidy::freethreading
