//===--- UnlockedObjectStateCheck.cpp - freethreading-unlocked-object-state ===//

#include "checks/UnlockedObjectStateCheck.h"
#include "lib/CPythonAPI.h"
#include "lib/FunctionReferences.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

/// A field's name for the messages; an anonymous struct or union member has
/// none of its own.
std::string fieldName(const FieldDecl *F) {
  return F->getName().empty() ? std::string("<anonymous>")
                              : F->getName().str();
}

} // namespace

UnlockedObjectStateCheck::UnlockedObjectStateCheck(StringRef Name,
                                                   ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      IncludeStyle(Options.getLocalOrGlobal("IncludeStyle",
                                            utils::IncludeSorter::IS_LLVM)),
      CompatHeaderOption(Options.getLocalOrGlobal("CompatHeader", "")),
      Compat(CompatHeaderOption, IncludeStyle) {}

void UnlockedObjectStateCheck::storeOptions(
    ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "IncludeStyle", IncludeStyle);
  Options.store(Opts, "CompatHeader", CompatHeaderOption);
}

void UnlockedObjectStateCheck::registerPPCallbacks(const SourceManager &,
                                                   Preprocessor *PP,
                                                   Preprocessor *) {
  Tracker.registerPreprocessor(PP);
  Compat.registerPreprocessor(PP);
  Branches = &ConditionalBranches::of(*PP);
}

void UnlockedObjectStateCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  // Members of a type object assigned in code, from the traversal every
  // matcher shares.
  auto TypeMember = [](const BinaryOperator &BO, ASTContext &) {
    return ExtensionTypes::isTypeMemberAssignment(&BO);
  };
  listenFor<BinaryOperator>(*Finder, *this, Hub, "assign", TypeMember);
}

const FunctionAccesses &
UnlockedObjectStateCheck::accessesOf(const FunctionDecl *FD, ASTContext &Ctx) {
  std::unique_ptr<FunctionAccesses> &Slot = Accesses[FD];
  if (!Slot)
    Slot = std::make_unique<FunctionAccesses>(
        collectFieldAccesses(FD, Types.Records, Tracker, *Branches,
                             SkippedLocks, Ctx));
  return *Slot;
}

const FunctionLocks &
UnlockedObjectStateCheck::locksOf(const FunctionDecl *FD, ASTContext &Ctx) {
  auto Known = Accesses.find(FD);
  if (Known != Accesses.end() && Known->second)
    return *Known->second;
  std::unique_ptr<FunctionLocks> &Slot = Locks[FD];
  if (!Slot)
    Slot = std::make_unique<FunctionLocks>(
        collectLocksAndCallees(FD, *Branches, SkippedLocks, Ctx));
  return *Slot;
}

void UnlockedObjectStateCheck::collectWriters(ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  // The objects the entry points receive, followed into the functions they
  // are passed to: a helper's writes to an object the caller made itself
  // (a copy being filled) are that object's creation.
  using Held = std::pair<const FunctionDecl *, unsigned>;
  llvm::SmallVector<Held, 16> Work;
  llvm::DenseSet<Held> Seen;
  for (auto &[Canonical, Entry] : Types.Entries)
    if (Entry.Function->hasBody() && !Types.Lifecycle.count(Canonical))
      for (unsigned I = 0; I < Entry.Function->getNumParams(); ++I)
        if (Seen.insert({Entry.Function, I}).second)
          Work.push_back({Entry.Function, I});
  while (!Work.empty()) {
    auto [FD, Param] = Work.pop_back_val();
    const FunctionAccesses &A = accessesOf(FD, Ctx);
    for (const FieldAccess &Access : A.Accesses) {
      if (!Access.Write || Access.Object != int(Param))
        continue;
      // The first write in the file speaks for the field.
      auto [It, New] = Writers.try_emplace(Access.Field, Writer{&Access, FD});
      if (!New && SM.isBeforeInTranslationUnit(
                      SM.getExpansionLoc(Access.Member->getBeginLoc()),
                      SM.getExpansionLoc(It->second.Access->Member->getBeginLoc())))
        It->second = Writer{&Access, FD};
    }
    for (const ObjectCall &Call : A.Calls)
      for (const ObjectCall::Argument &Arg : Call.Objects)
        if (Arg.Object == int(Param) &&
            !Types.Lifecycle.count(Call.Callee->getCanonicalDecl()) &&
            Seen.insert({Call.Callee, Arg.Index}).second)
          Work.push_back({Call.Callee, Arg.Index});
  }
}

void UnlockedObjectStateCheck::reached(
    const FunctionDecl *FD, unsigned Param,
    llvm::DenseSet<std::pair<const FunctionDecl *, unsigned>> &Seen,
    std::vector<const FieldAccess *> &Out, ASTContext &Ctx) {
  // A walk per question rather than a memo: a memo filled while a cycle of
  // calls is being walked would keep what the cycle had not reached yet.
  if (!Seen.insert({FD, Param}).second)
    return;
  const FunctionAccesses &A = accessesOf(FD, Ctx);
  for (const FieldAccess &Access : A.Accesses)
    if (Access.Object == int(Param) && !Access.Guarded && !Access.Atomic &&
        Writers.count(Access.Field))
      Out.push_back(&Access);
  for (const ObjectCall &Call : A.Calls)
    for (const ObjectCall::Argument &Arg : Call.Objects)
      if (Arg.Object == int(Param) && !Arg.Guarded)
        reached(Call.Callee, Arg.Index, Seen, Out, Ctx);
}

FixPlan UnlockedObjectStateCheck::obstacle(const FunctionDecl *FD,
                                           ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceRange Body = FD->getBody()->getSourceRange();
  for (const CriticalSection &S : Tracker.sections(Ctx))
    if (!SM.isBeforeInTranslationUnit(S.Begin,
                                      SM.getExpansionLoc(Body.getBegin())) &&
        !SM.isBeforeInTranslationUnit(SM.getExpansionLoc(Body.getEnd()),
                                      S.Begin))
      return FixPlan::none("the function already holds a critical section in "
                           "part of its body; extend it over the accesses "
                           "by hand",
                           S.Begin);
  if (!UnitMayLock)
    return {};
  // What the body and the functions it calls do while the section would be
  // held.
  llvm::SmallVector<const FunctionDecl *, 16> Work{FD};
  llvm::DenseSet<const FunctionDecl *> Seen{FD};
  while (!Work.empty()) {
    const FunctionLocks &A = locksOf(Work.pop_back_val(), Ctx);
    if (A.TakesLock.isValid())
      return FixPlan::none(
          "a lock is taken here while the section would be held; a thread "
          "holding that lock and waiting for the section would deadlock with "
          "this one",
          SM.getExpansionLoc(A.TakesLock));
    for (const FunctionDecl *Callee : A.Callees)
      if (Seen.insert(Callee).second)
        Work.push_back(Callee);
  }
  return {};
}

std::vector<UnlockedObjectStateCheck::Finding>
UnlockedObjectStateCheck::findingsOf(const FunctionDecl *FD, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Finding> Findings;
  const FunctionAccesses &A = accessesOf(FD, Ctx);
  for (const FieldAccess &Access : A.Accesses)
    if (Access.Object >= 0 && !Access.Guarded && !Access.Atomic &&
        Writers.count(Access.Field))
      Findings.push_back({&Access, nullptr, Access.Object,
                          SM.getFileLoc(Access.Member->getBeginLoc())});
  for (const ObjectCall &Call : A.Calls)
    for (const ObjectCall::Argument &Arg : Call.Objects)
      if (!Arg.Guarded) {
        llvm::DenseSet<std::pair<const FunctionDecl *, unsigned>> Seen;
        std::vector<const FieldAccess *> Inner;
        reached(Call.Callee, Arg.Index, Seen, Inner, Ctx);
        for (const FieldAccess *Access : Inner)
          Findings.push_back({Access, Call.Call, Arg.Object,
                              SM.getFileLoc(Call.Call->getBeginLoc())});
      }
  if (Findings.empty())
    return Findings;
  llvm::stable_sort(Findings, [&](const Finding &L, const Finding &R) {
    return SM.isBeforeInTranslationUnit(SM.getExpansionLoc(L.Loc),
                                        SM.getExpansionLoc(R.Loc));
  });
  // A macro argument (Py_XSETREF(self->last, v)) can read and write one
  // field at one place: it is reported once, as the write.
  std::vector<Finding> Merged;
  for (const Finding &F : Findings) {
    auto Same = llvm::find_if(Merged, [&](const Finding &M) {
      return M.Loc == F.Loc && M.Call == F.Call && M.Object == F.Object &&
             M.Access->Field == F.Access->Field;
    });
    if (Same == Merged.end())
      Merged.push_back(F);
    else if (F.Access->Write && !Same->Access->Write)
      Same->Access = F.Access;
  }
  return Merged;
}

FixPlan UnlockedObjectStateCheck::planFix(const TypeEntryPoint &Entry,
                                          llvm::ArrayRef<Finding> Findings,
                                          ASTContext &Ctx) {
  const FunctionDecl *FD = Entry.Function;
  llvm::SmallVector<const ParmVarDecl *, 2> Objects;
  for (const Finding &F : Findings) {
    const ParmVarDecl *P = FD->getParamDecl(F.Object);
    if (!llvm::is_contained(Objects, P))
      Objects.push_back(P);
  }
  FixPlan Fix = obstacle(FD, Ctx);
  if (Fix.Reason.empty()) {
    auto Nullable = llvm::find_if(Objects, [&](const ParmVarDecl *P) {
      return llvm::is_contained(Entry.Nullable, P->getFunctionScopeIndex());
    });
    if (Objects.size() > 2)
      Fix = FixPlan::none("the function uses the fields of more than two "
                          "objects; a critical section locks one or two");
    else if (Nullable != Objects.end())
      Fix = FixPlan::none(("CPython can pass NULL as '" +
                           (*Nullable)->getName() +
                           "' (a deletion, a missing argument), and a "
                           "critical section cannot lock NULL")
                              .str());
    else
      Fix = sectionAroundBody(FD, Objects, Introduced, Ctx);
    if (Fix.hasFix())
      Compat.requireMacro(Fix, criticalSectionMacro(Objects.size()).Name,
                          FD->getBeginLoc(), Ctx);
  }
  return Fix;
}

void UnlockedObjectStateCheck::reportEntry(const TypeEntryPoint &Entry,
                                           ASTContext &Ctx) {
  const FunctionDecl *FD = Entry.Function;
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<Finding> Findings = findingsOf(FD, Ctx);
  if (Findings.empty())
    return;
  FixPlan Fix = planFix(Entry, Findings, Ctx);

  const Finding &First = Findings.front();
  {
    auto D = First.Call
                 ? diag(First.Loc,
                        "%0 reaches field '%1' of '%2' through %3 outside a "
                        "critical section on the object; on the free-threaded "
                        "build other threads can use the object at the same "
                        "time")
                       << FD << fieldName(First.Access->Field)
                       << FD->getParamDecl(First.Object)->getName()
                       << First.Call->getDirectCallee()
                 : diag(First.Loc,
                        "%0 %select{reads|writes}1 field '%2' of '%3' outside "
                        "a critical section on the object; on the "
                        "free-threaded build other threads can use the object "
                        "at the same time")
                       << FD << First.Access->Write
                       << fieldName(First.Access->Field)
                       << FD->getParamDecl(First.Object)->getName();
    for (const FixItHint &H : Fix.Edits)
      D << H;
  }
  // Each field the function uses once: at its first use (with the access a
  // helper makes, when a call reaches it) and at the write that makes it
  // shared. (A note per access made clang-tidy's output, and its time,
  // grow with the size of the functions.)
  llvm::DenseSet<const FieldDecl *> FieldsNoted;
  llvm::DenseSet<SourceLocation> Noted{First.Loc};
  for (const Finding &F : Findings) {
    if (!FieldsNoted.insert(F.Access->Field).second)
      continue;
    if (&F != &First && Noted.insert(F.Loc).second) {
      if (F.Call)
        diag(F.Loc, "also reaches field '%0' through %1 here",
             DiagnosticIDs::Note)
            << fieldName(F.Access->Field) << F.Call->getDirectCallee();
      else
        diag(F.Loc, "also %select{reads|writes}0 field '%1' here",
             DiagnosticIDs::Note)
            << F.Access->Write << fieldName(F.Access->Field);
    }
    if (F.Call &&
        Noted.insert(SM.getFileLoc(F.Access->Member->getBeginLoc())).second)
      diag(F.Access->Member->getBeginLoc(),
           "field '%0' is %select{read|written}1 here", DiagnosticIDs::Note)
          << fieldName(F.Access->Field) << F.Access->Write;
    // A write among the function's own findings speaks for itself.
    const Writer &W = Writers.find(F.Access->Field)->second;
    SourceLocation WriteLoc = SM.getFileLoc(W.Access->Member->getBeginLoc());
    if (Noted.count(WriteLoc) || llvm::any_of(Findings, [&](const Finding &G) {
          return !G.Call && G.Loc == WriteLoc;
        }))
      continue;
    diag(WriteLoc,
         "field '%0' is written after the object is created, by %1",
         DiagnosticIDs::Note)
        << fieldName(F.Access->Field) << W.Function;
  }
  noteWhyNoFix(*this, First.Loc, Fix);
}

void UnlockedObjectStateCheck::check(const MatchFinder::MatchResult &Result) {
  if (const auto *BO = Result.Nodes.getNodeAs<BinaryOperator>("assign")) {
    TypeAssignments.push_back(BO); // (the hub's test: a type's member)
    return;
  }
  Context = Result.Context;
  TypeAssignments.clear();
}

void UnlockedObjectStateCheck::onEndOfTranslationUnit() {
  if (!Context)
    return;
  ASTContext &Ctx = *Context;
  Context = nullptr;
  Types = ExtensionTypes::find(Ctx, TypeAssignments);
  TypeAssignments.clear();
  Accesses.clear();
  Locks.clear();
  Writers.clear();
  Introduced.clear();
  if (Types.empty() || Types.Records.empty())
    return;
  SkippedLocks = SkippedLockCalls::of(*Branches, Ctx);
  // Whether any function could take a lock: in C, only by calling a lock
  // function (a C++ guard or lock() member needs no such name) or in a
  // branch this build skips. When none is named, obstacle() need not walk
  // the callees of each entry point it is asked about (often most of the
  // unit's functions; regex's _regex.c does take a lock, and still walks).
  UnitMayLock = Ctx.getLangOpts().CPlusPlus || !SkippedLocks.Calls.empty() ||
                mayReferToAnyFunction(Ctx, lockTakingFunctionNames());
  collectWriters(Ctx);
  if (Writers.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  for (auto &[Canonical, Entry] : Types.Entries) {
    const FunctionDecl *FD = Entry.Function;
    if (!FD->hasBody() || Types.Lifecycle.count(Canonical) ||
        SM.isInSystemHeader(FD->getLocation()) ||
        Branches->neverFreeThreaded(FD->getBeginLoc()))
      continue;
    reportEntry(Entry, Ctx);
  }
}

} // namespace clang::tidy::freethreading
