//===--- CompatHeaderInserter.cpp -----------------------------------------===//

#include "lib/CompatHeaderInserter.h"
#include "clang/AST/Decl.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::freethreading {

namespace {

class CompatIncludeHook : public PPCallbacks {
public:
  CompatIncludeHook(CompatHeaderInserter::Seen &State, llvm::StringRef Header)
      : State(State), HeaderBase(llvm::sys::path::filename(Header)) {}

  void InclusionDirective(SourceLocation, const Token &, StringRef FileName,
                          bool, CharSourceRange, OptionalFileEntryRef,
                          StringRef, StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    StringRef Base = llvm::sys::path::filename(FileName);
    if (!HeaderBase.empty() && Base == HeaderBase)
      State.CompatIncluded = true;
  }

  void MacroDefined(const Token &MacroNameTok, const MacroDirective *) override {
    if (const IdentifierInfo *II = MacroNameTok.getIdentifierInfo())
      State.MacrosDefined.insert(II->getName());
  }

private:
  CompatHeaderInserter::Seen &State;
  StringRef HeaderBase;
};

} // namespace

CompatHeaderInserter::CompatHeaderInserter(
    llvm::StringRef Header, utils::IncludeSorter::IncludeStyle Style)
    : Header(Header.str()), Inserter(Style, /*SelfContainedDiags=*/false) {}

void CompatHeaderInserter::registerPreprocessor(Preprocessor *PP) {
  Inserter.registerPreprocessor(PP);
  PP->addPPCallbacks(std::make_unique<CompatIncludeHook>(State, Header));
}

/// True when \p FID was included, directly or not, by a file named Python.h.
static bool includedFromPythonH(const SourceManager &SM, FileID FID) {
  for (SourceLocation Inc = SM.getIncludeLoc(FID); Inc.isValid();
       Inc = SM.getIncludeLoc(SM.getFileID(Inc))) {
    OptionalFileEntryRef Includer = SM.getFileEntryRefForID(SM.getFileID(Inc));
    if (Includer && llvm::sys::path::filename(Includer->getName()) == "Python.h")
      return true;
  }
  return false;
}

bool CompatHeaderInserter::definedLocally(llvm::StringRef Replacement,
                                          ASTContext &Ctx) {
  if (State.MacrosDefined.contains(Replacement))
    return true;
  auto Cached = LocalDefinitionCache.find(Replacement);
  if (Cached != LocalDefinitionCache.end())
    return Cached->second;
  // A declaration of the replacement outside the Python headers is the
  // project's own shim (a static inline backport, an extern declaration).
  const SourceManager &SM = Ctx.getSourceManager();
  bool Found = false;
  for (const NamedDecl *ND :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Replacement))) {
    FileID FID = SM.getFileID(SM.getExpansionLoc(ND->getLocation()));
    if (!includedFromPythonH(SM, FID)) {
      Found = true;
      break;
    }
  }
  LocalDefinitionCache[Replacement] = Found;
  return Found;
}

std::optional<FixItHint>
CompatHeaderInserter::includeFor(llvm::StringRef Replacement,
                                 SourceLocation UseLoc, ASTContext &Ctx) {
  if (Header.empty() || State.CompatIncluded ||
      definedLocally(Replacement, Ctx))
    return std::nullopt;
  const SourceManager &SM = Ctx.getSourceManager();
  return Inserter.createIncludeInsertion(
      SM.getFileID(SM.getExpansionLoc(UseLoc)), Header);
}

} // namespace clang::tidy::freethreading
