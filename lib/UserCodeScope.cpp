//===--- UserCodeScope.cpp ------------------------------------------------===//

#include "lib/UserCodeScope.h"
#include "lib/CPythonAPI.h"
#include "lib/FreshName.h"
#include "lib/OptionValues.h"
#include "lib/Parents.h"
#include "lib/PreprocessorConditions.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::freethreading {

using namespace ast_matchers;

namespace {

/// The file a declaration was written in, macro expansions resolved to the
/// place they were expanded. Consecutive declarations are mostly in one
/// file: the last file's range of locations answers them without a search.
class FileOfDecl {
public:
  explicit FileOfDecl(const SourceManager &SM)
      : SM(SM), Branches(ConditionalBranches::find(SM)) {}
  FileID operator()(const Decl *D) {
    // The name's location is stored; getBeginLoc() may compute it from the
    // declaration's type.
    SourceLocation Loc = D->getLocation();
    if (Loc.isInvalid())
      Loc = D->getBeginLoc();
    if (Loc.isInvalid())
      return FileID();
    // A name a macro wrote (glibc's math.h declares its functions so): the
    // file lexed when the expansion was made is its expansion's file.
    if (Loc.isMacroID() && Branches) {
      FileID F = Branches->fileExpanding(Loc);
      if (F.isValid())
        return F;
    }
    Loc = SM.getExpansionLoc(Loc);
    // A file's locations are the offsets [start, start + size]: the end of
    // the file is a location too.
    unsigned Offset = Loc.getRawEncoding();
    if (Last.isValid() && Begin <= Offset && Offset - Begin <= Size)
      return Last;
    Last = SM.getFileID(Loc);
    Begin = SM.getLocForStartOfFile(Last).getRawEncoding();
    Size = SM.getFileIDSize(Last);
    return Last;
  }

private:
  const SourceManager &SM;
  const ConditionalBranches *Branches;
  FileID Last;
  unsigned Begin = 0, Size = 0;
};

/// The typedef of PyObject when \p D is it, or holds it (C++: CPython's
/// headers wrap their declarations in `extern "C" { ... }`).
const TypedefNameDecl *pyObjectTypedef(const Decl *D) {
  if (const auto *L = dyn_cast<LinkageSpecDecl>(D)) {
    for (const Decl *Inner : L->decls())
      if (const TypedefNameDecl *T = pyObjectTypedef(Inner))
        return T;
    return nullptr;
  }
  const auto *T = dyn_cast<TypedefNameDecl>(D);
  return T && T->getIdentifier() && T->getName() == objectTypeName() ? T : nullptr;
}

/// The directory of \p F's file, or "" when it has none.
std::string directoryOf(FileID F, const SourceManager &SM) {
  if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(F))
    return std::string(FE->getDir().getName());
  return "";
}

/// Starts each translation unit for the shared analyses: drops the parent
/// maps of lib/Parents and the file-scope names of lib/FreshName, and
/// narrows the traversal scope unless told not to.
class UserCodeScopeCallback : public MatchFinder::MatchCallback {
public:
  explicit UserCodeScopeCallback(bool Narrow) : Narrow(Narrow) {}
  // Not at the end as well: the checks' own end-of-unit work, which may
  // run after this callback's, still asks for parents.
  void onStartOfTranslationUnit() override {
    resetParents();
    resetFileScopeNames();
  }
  void run(const MatchFinder::MatchResult &Result) override {
    if (Narrow)
      limitTraversalToUserCode(*Result.Context);
  }
  StringRef getID() const override { return "freethreading-user-code-scope"; }

private:
  bool Narrow;
};

} // namespace

std::vector<Decl *> topLevelDeclarations(ASTContext &Ctx) {
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  if (Scope.size() == 1 && Scope.front() == TU)
    Scope.assign(TU->decls_begin(), TU->decls_end());
  return Scope;
}

void limitTraversalToUserCode(ASTContext &Ctx) {
  TranslationUnitDecl *TU = Ctx.getTranslationUnitDecl();
  std::vector<Decl *> Scope = Ctx.getTraversalScope();
  if (Scope.size() != 1 || Scope.front() != TU)
    return; // already narrowed

  // One pass over the top-level declarations: their files, and the file
  // that declares PyObject (it names CPython's include directory).
  const SourceManager &SM = Ctx.getSourceManager();
  std::vector<std::pair<Decl *, FileID>> Decls;
  FileID PyObjectFile;
  FileOfDecl FileOf(SM);
  for (Decl *D : TU->decls()) {
    FileID F = FileOf(D);
    Decls.emplace_back(D, F);
    if (PyObjectFile.isInvalid())
      if (const TypedefNameDecl *T = pyObjectTypedef(D))
        PyObjectFile = FileOf(T);
  }
  std::string Dir;
  if (PyObjectFile.isValid() && PyObjectFile != SM.getMainFileID())
    Dir = directoryOf(PyObjectFile, SM);

  llvm::DenseMap<FileID, bool> Library;
  auto isLibraryFile = [&](FileID F) {
    auto [It, Inserted] = Library.try_emplace(F, false);
    if (!Inserted)
      return It->second;
    if (SrcMgr::isSystem(SM.getFileCharacteristic(SM.getLocForStartOfFile(F))))
      It->second = true;
    else if (!Dir.empty())
      if (OptionalFileEntryRef FE = SM.getFileEntryRefForID(F)) {
        StringRef Name = FE->getName();
        It->second = Name.size() > Dir.size() && Name.starts_with(Dir) &&
                     llvm::sys::path::is_separator(Name[Dir.size()]);
      }
    return It->second;
  };

  std::vector<Decl *> Kept;
  for (auto [D, F] : Decls)
    if (F.isInvalid() || !isLibraryFile(F))
      Kept.push_back(D);
  if (Kept.size() != Decls.size())
    Ctx.setTraversalScope(Kept);
}

void addUserCodeScope(MatchFinder &Finder,
                      const ClangTidyCheck::OptionsView &Options) {
  // Anything but a clear "false" keeps the default.
  bool Narrow =
      parseBool(Options.getLocalOrGlobal("LimitTraversalToUserCode", "true")) !=
      false;
  // Stateless, so one instance of each serves every check and unit.
  static UserCodeScopeCallback Narrowing(true), Whole(false);
  Finder.addMatcher(translationUnitDecl(), Narrow ? &Narrowing : &Whole);
}

} // namespace clang::tidy::freethreading
