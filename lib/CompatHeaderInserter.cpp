//===--- CompatHeaderInserter.cpp -----------------------------------------===//

#include "lib/CompatHeaderInserter.h"
#include "lib/SourceText.h"
#include "lib/CPythonAPI.h"
#include "lib/FunctionReferences.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/Path.h"
#include <map>
#include <mutex>
#include <set>

namespace clang::tidy::freethreading {

/// One clang-tidy IncludeInserter per preprocessor and include style, for
/// every check that adds the compat header. Each inserter records every
/// #include of the unit (an IncludeSorter for each header of Python.h that
/// includes others) through a preprocessor hook of its own, so one per check
/// cost four hooks on every macro expansion and four copies of the records.
/// The include for a file and header goes to the first fix that asks, of
/// whichever check: plain `clang-tidy --fix` applies identical insertions
/// from several diagnostics one after the other (three checks fixing one
/// file wrote the line three times), so no other fix carries it again, as
/// clang-tidy's own IncludeInserter does within one check.
class SharedIncludeInserter {
public:
  explicit SharedIncludeInserter(utils::IncludeSorter::IncludeStyle Style)
      : Inserter(Style, /*SelfContainedDiags=*/false) {}

  /// The checks of one unit share the inserter of their preprocessor; it
  /// lives as long as one of them holds it (as long as the unit's checks).
  static std::shared_ptr<SharedIncludeInserter>
  of(Preprocessor *PP, utils::IncludeSorter::IncludeStyle Style) {
    static std::mutex Lock;
    static std::map<std::pair<const Preprocessor *, int>,
                    std::weak_ptr<SharedIncludeInserter>>
        Live;
    std::lock_guard<std::mutex> Guard(Lock);
    for (auto It = Live.begin(); It != Live.end();) // units already done
      It = It->second.expired() ? Live.erase(It) : std::next(It);
    std::weak_ptr<SharedIncludeInserter> &Slot =
        Live[{PP, static_cast<int>(Style)}];
    std::shared_ptr<SharedIncludeInserter> Shared = Slot.lock();
    if (!Shared) {
      Shared = std::make_shared<SharedIncludeInserter>(Style);
      Shared->Inserter.registerPreprocessor(PP);
      Slot = Shared;
    }
    return Shared;
  }

  /// An empty hint (which a diagnostic ignores) once an earlier fix of the
  /// unit carries the include: the header is coming, nothing to add here.
  std::optional<FixItHint> insertion(FileID File, llvm::StringRef Header) {
    if (!Asked.insert({File, Header.str()}).second)
      return FixItHint();
    return Inserter.createIncludeInsertion(File, Header);
  }

private:
  utils::IncludeInserter Inserter;
  std::set<std::pair<FileID, std::string>> Asked;
};

CompatHeaderInserter::CompatHeaderInserter(
    llvm::StringRef Header, utils::IncludeSorter::IncludeStyle Style)
    : Header(Header.str()), Style(Style) {}

void CompatHeaderInserter::registerPreprocessor(Preprocessor *PP) {
  this->PP = PP;
  Inserter = SharedIncludeInserter::of(PP, Style);
  CompatIncluded.reset();
  Declarations.clear();
  IncludedIn.clear();
}

void CompatHeaderInserter::requireMacro(FixPlan &Plan, llvm::StringRef Macro,
                                        SourceLocation Loc, ASTContext &Ctx) {
  if (PP && PP->isMacroDefined(Macro))
    return;
  if (Header.empty()) {
    Plan.decline((Macro +
                  " is not defined in this translation unit (Python before "
                  "3.13); set the option CompatHeader (e.g. to "
                  "pythoncapi_compat.h) to have the fix include it")
                     .str());
    return;
  }
  const SourceManager &SM = Ctx.getSourceManager();
  FileID File = SM.getFileID(SM.getExpansionLoc(Loc));
  if (std::optional<FixItHint> Inc = includeFor(Macro, Loc, Ctx)) {
    IncludedIn.insert(File);
    if (!Inc->CodeToInsert.empty())
      Plan.Edits.push_back(*Inc);
    return;
  }
  if (IncludedIn.count(File))
    return; // An earlier fix in this file adds it.
  Plan.decline((Macro + " is not defined in this translation unit although '" +
                Header + "' is included")
                   .str());
}

bool CompatHeaderInserter::compatIncluded(const SourceManager &SM) {
  // Asked of the files the unit entered, once, rather than recorded by a
  // preprocessor hook: every hook lengthens the chain that each macro
  // expansion of the unit goes through.
  if (!CompatIncluded) {
    StringRef Base = llvm::sys::path::filename(Header);
    CompatIncluded = !Base.empty() && unitIncludesFile(Base, SM);
  }
  return *CompatIncluded;
}

/// True when \p FID was included, directly or not, by a file named Python.h.
static bool includedFromPythonH(const SourceManager &SM, FileID FID) {
  for (SourceLocation Inc = SM.getIncludeLoc(FID); Inc.isValid();
       Inc = SM.getIncludeLoc(SM.getFileID(Inc))) {
    OptionalFileEntryRef Includer = SM.getFileEntryRefForID(SM.getFileID(Inc));
    if (Includer && llvm::sys::path::filename(Includer->getName()) ==
                          pythonHeaderName())
      return true;
  }
  return false;
}

/// Where a macro named \p Name was first defined, or an invalid location
/// when no macro of that name was ever defined. Asked of the preprocessor's
/// macro history rather than recorded by a hook on every #define (Python.h
/// alone has thousands).
static SourceLocation firstMacroDefinition(Preprocessor *PP,
                                           llvm::StringRef Name) {
  if (!PP)
    return SourceLocation();
  const IdentifierTable &Idents = PP->getIdentifierTable();
  auto It = Idents.find(Name);
  if (It == Idents.end())
    return SourceLocation();
  const IdentifierInfo *II = It->second;
  if (!II || !II->hadMacroDefinition())
    return SourceLocation();
  SourceLocation First;
  for (const MacroDirective *MD = PP->getLocalMacroDirectiveHistory(II); MD;
       MD = MD->getPrevious())
    if (isa<DefMacroDirective>(MD))
      First = MD->getLocation();
  return First;
}

llvm::ArrayRef<const NamedDecl *>
CompatHeaderInserter::declarationsOf(llvm::StringRef Replacement,
                                     ASTContext &Ctx) {
  auto [It, Inserted] = Declarations.try_emplace(Replacement);
  if (Inserted)
    It->second = fileScopeDeclarations(Ctx, Replacement);
  return It->second;
}

bool CompatHeaderInserter::definedLocally(llvm::StringRef Replacement,
                                          ASTContext &Ctx) {
  if (firstMacroDefinition(PP, Replacement).isValid())
    return true;
  auto Cached = LocalDefinitionCache.find(Replacement);
  if (Cached != LocalDefinitionCache.end())
    return Cached->second;
  // A declaration of the replacement outside the Python headers is the
  // project's own shim (a static inline backport, an extern declaration).
  const SourceManager &SM = Ctx.getSourceManager();
  bool Found = false;
  for (const NamedDecl *ND : declarationsOf(Replacement, Ctx)) {
    FileID FID = SM.getFileID(SM.getExpansionLoc(ND->getLocation()));
    if (!includedFromPythonH(SM, FID)) {
      Found = true;
      break;
    }
  }
  LocalDefinitionCache[Replacement] = Found;
  return Found;
}

bool CompatHeaderInserter::declaredBefore(llvm::StringRef Replacement,
                                          SourceLocation UseLoc,
                                          ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Use = SM.getExpansionLoc(UseLoc);
  auto Before = [&](SourceLocation L) {
    L = SM.getExpansionLoc(L);
    return L.isValid() && SM.isBeforeInTranslationUnit(L, Use);
  };
  if (Before(firstMacroDefinition(PP, Replacement)))
    return true;
  for (const NamedDecl *ND : declarationsOf(Replacement, Ctx))
    for (const Decl *R : ND->redecls())
      if (Before(R->getLocation()))
        return true;
  return false;
}

std::optional<std::string>
CompatHeaderInserter::whyUnavailable(llvm::StringRef Replacement,
                                     SourceLocation UseLoc, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Use = SM.getExpansionLoc(UseLoc);
  auto Before = [&](SourceLocation L) {
    L = SM.getExpansionLoc(L);
    return L.isValid() && SM.isBeforeInTranslationUnit(L, Use);
  };
  std::string Name = "'" + Replacement.str() + "'";
  for (const NamedDecl *ND : declarationsOf(Replacement, Ctx))
    if (const auto *FD = dyn_cast<FunctionDecl>(ND))
      if (const FunctionDecl *Def = FD->getDefinition())
        if (const Stmt *Body = Def->getBody();
            Body && Before(Body->getBeginLoc()) &&
            SM.isBeforeInTranslationUnit(
                Use, SM.getExpansionLoc(Body->getEndLoc())))
          return "the call is inside the definition of " + Name +
                 " itself; rewriting it would make " + Name + " call itself";
  if (declaredBefore(Replacement, UseLoc, Ctx))
    return std::nullopt;
  if (definedLocally(Replacement, Ctx))
    return Name + " is declared in this translation unit only after this "
                  "use; declare it before the use to get a fix";
  if (Header.empty())
    return Name + " is not declared for this build; set the CompatHeader "
                  "option (for example to 'pythoncapi_compat.h') to get a fix";
  if (compatIncluded(SM))
    return Name + " is not declared before this use although '" + Header +
           "' is included; include a version of it that provides " + Name +
           " before this point to get a fix";
  return std::nullopt;
}

bool CompatHeaderInserter::inCompatHeader(SourceLocation Loc,
                                          const SourceManager &SM) const {
  OptionalFileEntryRef File =
      SM.getFileEntryRefForID(SM.getFileID(SM.getExpansionLoc(Loc)));
  if (!File)
    return false;
  StringRef Base = llvm::sys::path::filename(File->getName());
  return Base == "pythoncapi_compat.h" ||
         (!Header.empty() && Base == llvm::sys::path::filename(Header));
}

std::optional<FixItHint>
CompatHeaderInserter::includeFor(llvm::StringRef Replacement,
                                 SourceLocation UseLoc, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  if (Header.empty() || compatIncluded(SM) || definedLocally(Replacement, Ctx) ||
      !Inserter)
    return std::nullopt;
  return Inserter->insertion(SM.getFileID(SM.getExpansionLoc(UseLoc)), Header);
}

} // namespace clang::tidy::freethreading
