//===--- SharedMemory.cpp - memory storages other files reach too --------===//

#include "lib/SharedMemory.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/FileManager.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

namespace clang::tidy::freethreading {

namespace {

/// The absolute path of \p File.
std::string absolutePath(FileEntryRef File, const SourceManager &SM) {
  llvm::SmallString<256> Path(File.getName());
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  return std::string(Path);
}

/// The absolute path of the file holding \p Loc, or "".
std::string absoluteFile(SourceLocation Loc, const SourceManager &SM) {
  Loc = SM.getExpansionLoc(Loc);
  OptionalFileEntryRef File = SM.getFileEntryRefForID(SM.getFileID(Loc));
  return File ? absolutePath(*File, SM) : "";
}

/// The name every unit gives \p RD: its qualified name, or the typedef of an
/// anonymous struct; "" for one without, or one a template makes.
std::string recordName(const RecordDecl *RD) {
  if (RD->isDependentContext() || isa<ClassTemplateSpecializationDecl>(RD))
    return "";
  for (const DeclContext *DC = RD->getDeclContext(); DC; DC = DC->getParent())
    if (isa<FunctionDecl>(DC) ||
        (isa<RecordDecl>(DC) && recordName(cast<RecordDecl>(DC)).empty()))
      return "";
  if (RD->getIdentifier())
    return RD->getQualifiedNameAsString();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getQualifiedNameAsString();
  return "";
}

} // namespace

std::string fieldKey(const FieldDecl *F) {
  const std::string Record = recordName(F->getParent());
  if (Record.empty() || !F->getIdentifier())
    return "";
  return "field " + Record + "::" + F->getName().str();
}

std::optional<SharedStorage> sharedStorage(const ValueDecl *S,
                                           const SourceManager &SM) {
  SharedStorage Shared;
  if (const auto *F = dyn_cast<FieldDecl>(S)) {
    Shared.Key = fieldKey(F);
    if (Shared.Key.empty())
      return std::nullopt;
    Shared.File = absoluteFile(F->getParent()->getLocation(), SM);
  } else if (const auto *V = dyn_cast<VarDecl>(S)) {
    if (!V->hasGlobalStorage() || V->isStaticLocal() || !V->getIdentifier() ||
        V->isTemplated() || V->getDescribedVarTemplate())
      return std::nullopt;
    // The symbol's name: an asm label or an alias names it; a C name is the
    // same whatever namespace declares it.
    std::string Name = V->isExternC() ? V->getName().str()
                                      : V->getQualifiedNameAsString();
    for (const VarDecl *R : V->redecls()) {
      if (const auto *A = R->getAttr<AsmLabelAttr>())
        Name = A->getLabel().str();
      if (const auto *A = R->getAttr<AliasAttr>())
        Name = A->getAliasee().str();
    }
    Shared.Key = "var " + Name;
    // A definition, tentative ones of C included.
    const VarDecl *Def = nullptr;
    for (const VarDecl *R : V->redecls())
      if (R->isThisDeclarationADefinition() != VarDecl::DeclarationOnly)
        Def = R;
    Shared.Defined = Def != nullptr;
    Shared.File = absoluteFile((Def ? Def : V)->getLocation(), SM);
  } else {
    return std::nullopt;
  }
  if (Shared.File.empty())
    return std::nullopt;
  return Shared;
}

std::vector<std::string> unitFiles(const SourceManager &SM) {
  std::vector<std::string> Files;
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It)
    Files.push_back(absolutePath(It->first, SM));
  llvm::sort(Files);
  Files.erase(std::unique(Files.begin(), Files.end()), Files.end());
  return Files;
}

llvm::StringSet<> parseKeys(llvm::StringRef Option) {
  llvm::StringSet<> Keys;
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Option.split(Parts, ';', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef P : Parts)
    if (!P.trim().empty())
      Keys.insert(P.trim());
  return Keys;
}

bool writeFamilyReports(llvm::StringRef Path,
                        llvm::ArrayRef<FamilyReport> Reports,
                        const UnitFacts &Unit, std::string &Error) {
  llvm::json::Array Groups;
  for (const FamilyReport &R : Reports) {
    llvm::json::Array Keys;
    llvm::json::Object Files;
    llvm::json::Array Defined;
    for (const SharedStorage *S : R.Shared) {
      Keys.push_back(S->Key);
      Files[S->Key] = S->File;
      if (S->Defined)
        Defined.push_back(S->Key);
    }
    Groups.push_back(llvm::json::Object{
        {"keys", std::move(Keys)},
        {"files", std::move(Files)},
        {"defined", std::move(Defined)},
        {"blocked", R.Blocked.empty() ? llvm::json::Value(nullptr)
                                      : llvm::json::Value(R.Blocked)},
        {"object", R.Object},
        {"allocates", R.Allocates},
        {"frees", R.Frees},
        {"calls", static_cast<int64_t>(R.Calls)}});
  }
  std::error_code EC;
  llvm::raw_fd_ostream Out(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = EC.message();
    return false;
  }
  Out << llvm::formatv("{0:2}",
                       llvm::json::Value(llvm::json::Object{
                           {"groups", std::move(Groups)},
                           {"files", llvm::json::Array(Unit.Files)},
                           {"reached", llvm::json::Array(Unit.Reached)},
                           {"skipped", llvm::json::Array(Unit.SkippedWords)}}))
      << "\n";
  Out.close();
  if (Out.has_error()) {
    Error = Out.error().message();
    Out.clear_error();
    return false;
  }
  return true;
}

} // namespace clang::tidy::freethreading
