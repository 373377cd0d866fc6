//===--- MacroHub.cpp -----------------------------------------------------===//

#include "lib/MacroHub.h"
#include "lib/PythonHeaders.h"
#include <mutex>

namespace clang::tidy::freethreading {

namespace {
// The hub of each live preprocessor. clang-tidy runs one translation unit
// at a time, but nothing here assumes it.
std::mutex RegistryLock;
llvm::DenseMap<const Preprocessor *, MacroHub *> &registry() {
  static llvm::DenseMap<const Preprocessor *, MacroHub *> R;
  return R;
}
} // namespace

void MacroHub::listen(Preprocessor &PP, Wants Wanted, OnExpansion Then) {
  MacroHub *Hub;
  {
    std::lock_guard<std::mutex> Guard(RegistryLock);
    MacroHub *&Slot = registry()[&PP];
    if (!Slot) {
      Slot = new MacroHub(PP);
      PP.addPPCallbacks(std::unique_ptr<PPCallbacks>(Slot));
    }
    Hub = Slot;
  }
  auto Known = llvm::find(Hub->Predicates, Wanted);
  unsigned Predicate = Known - Hub->Predicates.begin();
  if (Known == Hub->Predicates.end())
    Hub->Predicates.push_back(Wanted);
  Hub->Listeners.push_back({Predicate, std::move(Then)});
  Hub->WantedBy.clear(); // answers computed without the new listener
}

MacroHub::~MacroHub() {
  std::lock_guard<std::mutex> Guard(RegistryLock);
  auto It = registry().find(&PP);
  if (It != registry().end() && It->second == this)
    registry().erase(It);
}

void MacroHub::MacroExpands(const Token &Name, const MacroDefinition &MD,
                            SourceRange Range, const MacroArgs *Args) {
  const IdentifierInfo *II = Name.getIdentifierInfo();
  if (!II || !Delivering)
    return;
  auto [It, Inserted] = WantedBy.try_emplace(II, 0);
  if (Inserted) {
    llvm::SmallVector<bool, 4> Answers;
    for (Wants W : Predicates)
      Answers.push_back(W(II->getName()));
    for (size_t I = 0; I < Listeners.size() && I < 64; ++I)
      if (Answers[Listeners[I].Predicate])
        It->second |= uint64_t(1) << I;
  }
  uint64_t Mask = It->second;
  for (size_t I = 0; Mask; ++I, Mask >>= 1)
    if (Mask & 1)
      Listeners[I].Then(Name, MD, Range, Args);
  // Listeners past the 64 bits of the memo (eight checks register at most
  // eight) ask each time.
  for (size_t I = 64; I < Listeners.size(); ++I)
    if (Predicates[Listeners[I].Predicate](II->getName()))
      Listeners[I].Then(Name, MD, Range, Args);
}

void MacroHub::FileChanged(SourceLocation Loc, FileChangeReason,
                           SrcMgr::CharacteristicKind FileType, FileID) {
  // Entering a file, back in the includer, or a file's kind changed
  // (`#pragma GCC system_header`, a line marker): Loc is in the file lexed
  // from now on, FileType its kind.
  const SourceManager &SM = PP.getSourceManager();
  FileID File = SM.getFileID(SM.getExpansionLoc(Loc));
  Delivering = !SrcMgr::isSystem(FileType) &&
               !(File.isValid() && inPythonHeaders(SM, File));
}

} // namespace clang::tidy::freethreading
