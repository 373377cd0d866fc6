//===--- MacroHub.h - one preprocessor hook for every check ---------------===//
//
// Several checks record expansions of particular CPython macros: the
// critical-section macros (every check that owns a CriticalSectionTracker),
// the borrowed-reference and container-access APIs spelled as macros. Each
// used to add its own preprocessor hook, so every macro expansion of the
// translation unit (Python.h's and the system headers' included, tens of
// thousands) went through up to eight hooks, each asking the API table
// about the name.
//
// The hub is one hook per preprocessor. A listener says which macro names
// it wants (a predicate on the name: a plain function, several listeners
// often share one) and what to do with an expansion of one. The hub asks
// each distinct predicate once per identifier and keeps the answer as a bit
// set of listeners, so an expansion nobody wants costs one pointer lookup.
//
// Expansions made while a system header or a Python header is being lexed
// are not delivered: no check reports or asks about code there (on the
// corpus this saved little: most expansions are nested in the user's own
// code, Py_INCREF's and the like). An expansion made while the user's
// file is lexed is delivered with every expansion nested in it, wherever
// the macros were defined.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MACROHUB_H
#define FT_TIDY_LIB_MACROHUB_H

#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <cstdint>
#include <functional>

namespace clang::tidy::freethreading {

class MacroHub : public PPCallbacks {
public:
  using Wants = bool (*)(llvm::StringRef Name);
  using OnExpansion =
      std::function<void(const Token &Name, const MacroDefinition &MD,
                         SourceRange Range, const MacroArgs *Args)>;

  /// Calls \p Then for every expansion of a macro whose name satisfies
  /// \p Wanted, in \p PP's translation unit. The first listener of a
  /// preprocessor installs its hub; the preprocessor owns it.
  static void listen(Preprocessor &PP, Wants Wanted, OnExpansion Then);

  ~MacroHub() override;

  void MacroExpands(const Token &Name, const MacroDefinition &MD,
                    SourceRange Range, const MacroArgs *Args) override;
  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind FileType,
                   FileID PrevFID) override;

private:
  explicit MacroHub(Preprocessor &PP) : PP(PP) {}

  struct Listener {
    unsigned Predicate; ///< Index in Predicates.
    OnExpansion Then;
  };

  Preprocessor &PP;
  llvm::SmallVector<Wants, 4> Predicates;
  llvm::SmallVector<Listener, 8> Listeners;
  /// Bit I: listener I wants the identifier.
  llvm::DenseMap<const IdentifierInfo *, uint64_t> WantedBy;
  /// False while a system or Python header is being lexed.
  bool Delivering = true;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MACROHUB_H
