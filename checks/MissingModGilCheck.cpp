//===--- MissingModGilCheck.cpp - freethreading-missing-mod-gil -----------===//
//
// Whether a module declares its GIL use, and where a declaration goes, is
// read from the file's text by lib/ModuleDefinition, so that both builds
// report the same findings; this check words them and writes the fixes.
//===----------------------------------------------------------------------===//

#include "checks/MissingModGilCheck.h"
#include "lib/CPythonAPI.h"
#include "lib/FixPlan.h"
#include "lib/ModuleDefinition.h"
#include "lib/OptionValues.h"
#include "lib/UserCodeScope.h"
#include "clang/AST/ASTContext.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "llvm/ADT/MapVector.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

StringRef validGilValue(StringRef Value) {
  const ModuleGilAPI &API = moduleGilAPI();
  return Value == API.GilUsed ? API.GilUsed : API.GilNotUsed;
}

/// The part of every finding that says what declaring "not used" promises.
std::string promise() {
  return ("(declaring " + moduleGilAPI().GilNotUsed +
          " promises that the module is thread-safe: true only when the other "
          "freethreading-* checks report nothing in this file)")
      .str();
}

/// "'a'", "'a' and 'b'", "'a', 'b' and 'c'": the modules \p Inits create.
std::string moduleNames(ArrayRef<const FunctionDecl *> Inits) {
  std::string Names;
  for (size_t I = 0; I < Inits.size(); ++I) {
    if (I > 0)
      Names += I + 1 == Inits.size() ? " and " : ", ";
    Names += ("'" + moduleNameOfInitFunction(Inits[I]->getName()) + "'").str();
  }
  return Names;
}

/// The GIL slot entry, under its guard, at place \p P; or why there is no
/// such place and what to write by hand.
FixPlan slotPlan(const SlotEntryPlace &P, StringRef GilValue) {
  const std::string Guard = gilSlotGuard();
  const StringRef Slot = moduleGilAPI().GilSlot;
  if (!P.Why.empty())
    return FixPlan::none((P.Why + "; add '{" + Slot + ", " + GilValue +
                          "},' before the terminator, under '" + Guard + "'")
                             .str());
  std::string Entry = ("{" + Slot + ", " + GilValue + "},\n").str();
  FixPlan Plan;
  if (P.OwnLines) {
    Plan.Edits.push_back(FixItHint::CreateInsertion(
        P.At, Guard + "\n" + P.Indent.str() + Entry + "#endif\n"));
    return Plan;
  }
  std::string Indent = (P.Indent + "    ").str();
  Plan.Edits.push_back(FixItHint::CreateInsertion(
      P.At, "\n" + Guard + "\n" + Indent + Entry + "#endif\n" + Indent));
  return Plan;
}

/// The GIL setter call, under its guard, at place \p P.
FixItHint setterFix(const SetterPlace &P, StringRef GilValue) {
  const std::string Guard = gilSetterGuard();
  const std::string &M = P.Module, &Indent = P.Indent;
  std::string Call =
      (moduleGilAPI().GilSetter + "(" + M + ", " + GilValue + ");\n").str();
  if (P.How == SetterPlace::ReplaceReturn)
    return FixItHint::CreateReplacement(
        P.Replaced, objectTypeName().str() + " *" + M + " = " +
                        P.Created.str() + ";\n" + Indent + "if (" + M +
                        " == NULL)\n" + Indent + P.IndentUnit +
                        "return NULL;\n" + Guard + "\n" + Indent + Call +
                        "#endif\n" + Indent + "return " + M + ";");
  std::string Text = Guard + "\n";
  if (P.How == SetterPlace::AfterCheck)
    Text += Indent + Call;
  else
    Text += Indent + "if (" + M + " != NULL)\n" + Indent + P.IndentUnit + Call;
  return FixItHint::CreateInsertion(P.Insert, Text + "#endif\n");
}

/// The GIL setter call at place \p P; or why there is no such place and
/// what to write by hand.
FixPlan setterPlan(const SetterPlace &P, StringRef GilValue) {
  if (!P.Why.empty())
    return FixPlan::none((P.Why + "; after the module's NULL check add '" +
                          moduleGilAPI().GilSetter + "(module, " + GilValue +
                          ");' under '" + gilSetterGuard() + "'")
                             .str());
  FixPlan Plan;
  Plan.Edits.push_back(setterFix(P, GilValue));
  return Plan;
}

/// The guard around an unguarded declaration \p D; or, when its lines
/// cannot take one, \p Unfixable (what to do) completed with the guard.
FixPlan guardPlan(const UnguardedDeclaration &D, const std::string &Guard,
                  StringRef Unfixable) {
  if (!D.Fixable)
    return FixPlan::none((Unfixable + " under '" + Guard + "'").str());
  FixPlan Plan;
  Plan.Edits.push_back(FixItHint::CreateInsertion(D.GuardBegin, Guard + "\n"));
  Plan.Edits.push_back(FixItHint::CreateInsertion(D.GuardEnd, "#endif\n"));
  return Plan;
}

} // namespace

MissingModGilCheck::MissingModGilCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      GilValueOption(Options.get("GilValue", moduleGilAPI().GilNotUsed)),
      GilValue(validGilValue(GilValueOption)),
      ReportModules(
          parseBool(Options.get("ReportModules", "false")).value_or(false)) {
  if (GilValueOption != GilValue)
    configurationDiag("invalid value '%0' for option '%1.GilValue': expected "
                      "'%2' or '%3'; using '%2'")
        << GilValueOption << Name << moduleGilAPI().GilNotUsed
        << moduleGilAPI().GilUsed;
  if (!parseBool(Options.get("ReportModules", "false")))
    configurationDiag("invalid value '%0' for %1.ReportModules; expected "
                      "'true' or 'false'; using 'false'")
        << Options.get("ReportModules", "false") << Name;
}

MissingModGilCheck::~MissingModGilCheck() = default;

void MissingModGilCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "GilValue", GilValueOption);
  Options.store(Opts, "ReportModules", ReportModules ? "true" : "false");
}

void MissingModGilCheck::registerPPCallbacks(const SourceManager &,
                                             Preprocessor *PP, Preprocessor *) {
  Branches = &ConditionalBranches::of(*PP);
}

void MissingModGilCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(varDecl(hasInitializer(initListExpr())).bind("var"),
                     this);
  Finder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
}

void MissingModGilCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("var")) {
    if (SM.isInSystemHeader(VD->getLocation()))
      return;
    if (isModuleDefinition(VD))
      ModuleDefs.insert(VD);
    else if (isSlotArray(VD, *Ctx))
      SlotArrays.insert(VD);
  } else if (const auto *FD =
                 Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    if (FD->getIdentifier() && isModuleInitFunctionName(FD->getName()) &&
        FD->hasBody() && !SM.isInSystemHeader(FD->getLocation()))
      InitFunctions.insert(FD);
  }
}

void MissingModGilCheck::onEndOfTranslationUnit() {
  if (Ctx) {
    ModuleDefinitions Modules(*Ctx, *Branches);
    llvm::DenseMap<const VarDecl *, const VarDecl *> DefOfArray;
    for (const VarDecl *Def : ModuleDefs)
      if (const VarDecl *Slots = slotArrayOf(Def, *Ctx))
        DefOfArray.try_emplace(Slots, Def);
    for (const VarDecl *Slots : SlotArrays)
      if (const VarDecl *Def = DefOfArray.lookup(Slots))
        if (Modules.lacksGilSlot(Slots))
          reportSlotArray(Modules.slotEntryPlace(Slots, Def), Slots, Def);
    // Function creating a single-phase module -> the PyInit_ functions
    // returning it, in source order.
    llvm::MapVector<const FunctionDecl *, SmallVector<const FunctionDecl *, 1>>
        Creators;
    for (const FunctionDecl *Init : InitFunctions)
      for (const FunctionDecl *Creator : Modules.undeclaredCreators(Init)) {
        auto &Inits = Creators[Creator];
        if (!llvm::is_contained(Inits, Init))
          Inits.push_back(Init);
      }
    for (const auto &[Creator, Inits] : Creators)
      reportCreation(Modules.setterPlace(Creator), Creator, Inits);
    for (const VarDecl *Slots : SlotArrays)
      for (const UnguardedDeclaration &D : Modules.unguardedSlotEntries(Slots))
        reportUnguardedSlot(D);
    for (const UnguardedDeclaration &D : Modules.unguardedSetterCalls())
      reportUnguardedCall(D);
    if (ReportModules)
      reportModules();
  }
  ModuleDefs.clear();
  SlotArrays.clear();
  InitFunctions.clear();
  Ctx = nullptr;
}

void MissingModGilCheck::reportSlotArray(const SlotEntryPlace &P,
                                         const VarDecl *Slots,
                                         const VarDecl *Def) {
  FixPlan Plan = slotPlan(P, GilValue);
  diag(P.Report, "module %0 does not declare whether it needs the GIL, so "
                 "importing it re-enables the GIL on free-threaded builds; "
                 "add a %3 slot to '%1' %2")
      << moduleName(Def) << Slots->getName() << promise()
      << moduleGilAPI().GilSlot << Plan.Edits;
  noteWhyNoFix(*this, P.Report, Plan);
}

void MissingModGilCheck::reportCreation(const SetterPlace &P,
                                        const FunctionDecl *Creator,
                                        ArrayRef<const FunctionDecl *> Inits) {
  const SourceManager &SM = Ctx->getSourceManager();
  SourceLocation Where = SM.getExpansionLoc(P.Creation->getBeginLoc());
  FixPlan Plan = setterPlan(P, GilValue);
  // "module 'a'", or "modules 'a' and 'b'" when one helper serves several
  // init functions.
  std::string InHelper = Creator == Inits.front()
                             ? std::string()
                             : (" in '" + Creator->getName() + "'").str();
  diag(Where, "%select{module|modules}0 %1 %select{does|do}0 not declare "
              "whether %select{it needs|they need}0 the GIL, so importing "
              "%select{it|them}0 re-enables the GIL on free-threaded builds; "
              "call %4 after creating %select{it|them}0%2 %3")
      << (Inits.size() > 1) << moduleNames(Inits) << InHelper << promise()
      << moduleGilAPI().GilSetter << Plan.Edits;
  noteWhyNoFix(*this, Where, Plan);
}

void MissingModGilCheck::reportUnguardedSlot(const UnguardedDeclaration &D) {
  const std::string Guard = gilSlotGuard();
  FixPlan Plan = guardPlan(
      D, Guard, "the slot shares its lines with other code; put it on lines "
                "of its own");
  diag(D.Name, "the %2 slot is not under '%0' (or '%1'): it does not compile "
               "before Python %3")
      << Guard << gilSetterGuard() << moduleGilAPI().GilSlot
      << formatPythonVersion(moduleGilAPI().GilSlotAddedIn) << Plan.Edits;
  noteWhyNoFix(*this, D.Name, Plan);
}

void MissingModGilCheck::reportUnguardedCall(const UnguardedDeclaration &D) {
  const std::string Guard = gilSetterGuard();
  FixPlan Plan = guardPlan(
      D, Guard, "the call is not a statement on lines of its own; put it");
  diag(D.Name, "%1 is declared only on free-threaded builds: this call does "
               "not compile on the default build without '%0'")
      << Guard << moduleGilAPI().GilSetter << Plan.Edits;
  noteWhyNoFix(*this, D.Name, Plan);
}

void MissingModGilCheck::reportModules() {
  for (const FunctionDecl *Init : InitFunctions)
    diag(Init->getLocation(), "module '%0' is initialized by '%1'",
         DiagnosticIDs::Remark)
        << moduleNameOfInitFunction(Init->getName()) << Init->getName();
}

} // namespace clang::tidy::freethreading
