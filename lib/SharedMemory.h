//===--- SharedMemory.h - memory storages other files reach too ----------===//
//
// A pointer storage that other translation units of the project can reach
// (a field of a type declared in a project header, a global variable) is
// named by a key that is the same in every unit, so that the ft-tidy driver
// can join each unit's memory groups into the project's families and decide
// for the family whether its calls move to the PyMem_ functions together.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_SHAREDMEMORY_H
#define FT_TIDY_LIB_SHAREDMEMORY_H

#include "lib/FixPlan.h"
#include "clang/AST/Decl.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// A storage of a memory group that other units of the project may use.
struct SharedStorage {
  /// The same in every unit: "field <record>::<name>" or "var <name>".
  std::string Key;
  /// The absolute path of the file declaring the record (a field), or
  /// defining the variable (else declaring it).
  std::string File;
  bool Defined = false; ///< A variable this unit defines.
  /// Why the group is not fixed when the other units are not known.
  FixPlan Why;
};

/// The key of field \p F ("field <record>::<name>"), or "" when its record
/// has no name every unit gives it.
std::string fieldKey(const FieldDecl *F);

/// The key of storage \p S (a field of a named, non-template record outside
/// the main file, or a global variable), or nullopt when it has none.
std::optional<SharedStorage> sharedStorage(const ValueDecl *S,
                                           const SourceManager &SM);

/// The keys of a check option: separated by ';', blanks trimmed.
llvm::StringSet<> parseKeys(llvm::StringRef Option);

/// What one unit says of one of its groups with shared storages, for the
/// driver's decision (see docs/development.md, "memory families").
struct FamilyReport {
  std::vector<const SharedStorage *> Shared;
  std::string Blocked;   ///< A reason in this unit not to rename; or "".
  bool Object = false;   ///< The memory may be a Python object.
  bool Allocates = false; ///< An object-domain allocation in this unit.
  bool Frees = false;    ///< A PyObject_Free or PyMem_Free of it here.
  unsigned Calls = 0;    ///< Object-domain calls this unit would rename.
};

/// The absolute paths of the files the unit read, sorted.
std::vector<std::string> unitFiles(const SourceManager &SM);

/// What a unit says for the project besides its groups.
struct UnitFacts {
  std::vector<std::string> Files;   ///< The files it read (unitFiles).
  /// Keys of fields it reaches other than by member access, and "name <n>"
  /// for a member a template names (lib/FieldReach).
  std::vector<std::string> Reached;
  /// The identifiers of the user's code its build skipped (#if branches).
  std::vector<std::string> SkippedWords;
};

/// Writes \p Reports and \p Unit as JSON to \p Path; false (with \p Error
/// set) when the file cannot be written.
bool writeFamilyReports(llvm::StringRef Path,
                        llvm::ArrayRef<FamilyReport> Reports,
                        const UnitFacts &Unit, std::string &Error);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_SHAREDMEMORY_H
