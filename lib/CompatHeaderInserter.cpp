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
                          bool, CharSourceRange, OptionalFileEntryRef File,
                          StringRef, StringRef, const Module *, bool,
                          SrcMgr::CharacteristicKind) override {
    StringRef Base = llvm::sys::path::filename(FileName);
    if (!HeaderBase.empty() && Base == HeaderBase)
      State.CompatIncluded = true;
    if (Base == "Python.h" && File)
      State.PythonHeaderDirs.insert(
          llvm::sys::path::parent_path(File->getFileEntry().tryGetRealPathName()));
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

bool CompatHeaderInserter::definedLocally(llvm::StringRef Replacement,
                                          ASTContext &Ctx) {
  if (State.MacrosDefined.contains(Replacement))
    return true;
  auto Cached = LocalDefinitionCache.find(Replacement);
  if (Cached != LocalDefinitionCache.end())
    return Cached->second;
  // A declaration of the replacement outside the Python headers is the
  // project's own shim (a static inline backport, an extern declaration).
  bool Found = false;
  const SourceManager &SM = Ctx.getSourceManager();
  for (const NamedDecl *ND :
       Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Replacement))) {
    SourceLocation Loc = SM.getExpansionLoc(ND->getLocation());
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(SM.getFileID(Loc));
    StringRef Dir = FE ? llvm::sys::path::parent_path(
                             FE->getFileEntry().tryGetRealPathName())
                       : StringRef();
    if (!State.PythonHeaderDirs.contains(Dir)) {
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
