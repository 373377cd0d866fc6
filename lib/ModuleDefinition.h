//===--- ModuleDefinition.h - whether and where a module declares its GIL -===//
//
// Whether each module of a translation unit declares its GIL use and where a
// declaration can go, read from the files' text so both builds answer alike.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MODULEDEFINITION_H
#define FT_TIDY_LIB_MODULEDEFINITION_H

#include "lib/PreprocessorConditions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Stmt.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include <memory>
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

class ConditionalStructure;

/// \p VD is a module definition (a PyModuleDef).
bool isModuleDefinition(const VarDecl *VD);

/// \p VD is an array of module slots (PyModuleDef_Slot[]).
bool isSlotArray(const VarDecl *VD, const ASTContext &Ctx);

/// The slot array the m_slots member of \p Def names, if its definition
/// (with an initializer) is in the translation unit.
const VarDecl *slotArrayOf(const VarDecl *Def, const ASTContext &Ctx);

/// The name of module \p Def for messages: its m_name literal in quotes, or
/// "defined by '<variable>'".
std::string moduleName(const VarDecl *Def);

/// Where a GIL slot entry can go in a slot array: before its terminator.
struct SlotEntryPlace {
  SourceLocation Report; ///< The array, or the definition when the array
                         ///< is in another file.
  llvm::StringRef Why;     ///< Non-empty: there is no such place, and why.
  SourceLocation At;       ///< Where the entry's text goes.
  bool OwnLines = false;   ///< At starts the terminator's line; else At is
                           ///< the terminator, which shares its line.
  llvm::StringRef Indent;  ///< The indentation of the terminator's line.
};

/// Where a GIL setter call can go for a single-phase module.
struct SetterPlace {
  enum Kind {
    ReplaceReturn, ///< 'return <creation>;' becomes a variable, its NULL
                   ///< check, the call and 'return <variable>;'.
    AfterCheck,    ///< After the module's NULL check.
    AfterCreation, ///< After the creation, guarded by a NULL test.
  };
  const CallExpr *Creation = nullptr; ///< The call creating the module.
  llvm::StringRef Why; ///< Non-empty: there is no such place, and why.
  Kind How = AfterCheck;
  CharSourceRange Replaced; ///< ReplaceReturn: the return statement.
  SourceLocation Insert;    ///< Otherwise: where the call's lines go.
  std::string Indent;       ///< Of the statement the call follows.
  std::string IndentUnit;   ///< One more level: a tab or four spaces.
  std::string Module;       ///< The variable holding the module.
  llvm::StringRef Created;  ///< ReplaceReturn: the returned expression.
};

/// A GIL slot entry or setter call that is not under the guard it needs.
struct UnguardedDeclaration {
  SourceLocation Name;  ///< The slot's or the setter's name.
  bool Fixable = false; ///< Alone on its lines: the guard can wrap them.
  SourceLocation GuardBegin, GuardEnd; ///< Where '#if...' and '#endif' go.
};

/// The module definitions of one translation unit, read from its files'
/// text once per file.
class ModuleDefinitions {
public:
  /// \p Branches: the unit's preprocessor's (its files entered).
  ModuleDefinitions(ASTContext &Ctx, const ConditionalBranches &Branches);
  ~ModuleDefinitions();

  /// \p Slots, compiled on both builds, names no GIL slot in its text.
  bool lacksGilSlot(const VarDecl *Slots);

  /// Where a GIL slot entry can go in \p Slots (named by module \p Def).
  SlotEntryPlace slotEntryPlace(const VarDecl *Slots, const VarDecl *Def);

  /// The functions creating the single-phase module that \p Init returns
  /// (Init itself, or helpers whose result it returns), where neither they
  /// nor any function on the way calls the GIL setter.
  llvm::SmallVector<const FunctionDecl *, 1>
  undeclaredCreators(const FunctionDecl *Init);

  /// Where the GIL setter call can go in \p Creator (one of
  /// undeclaredCreators), and the creation it follows.
  SetterPlace setterPlace(const FunctionDecl *Creator);

  /// The GIL slot entries of \p Slots not under a 3.13 guard.
  llvm::SmallVector<UnguardedDeclaration, 1>
  unguardedSlotEntries(const VarDecl *Slots);

  /// The GIL setter calls of the main file not under their guard.
  llvm::SmallVector<UnguardedDeclaration, 1> unguardedSetterCalls();

private:
  ConditionalStructure &structureOf(FileID File);
  bool onBothBuilds(SourceLocation Loc, FileID File);
  const CompoundStmt *undeclaredBody(const FunctionDecl *FD);
  bool declaresIn(const CompoundStmt *Body, unsigned Depth,
                  llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen);
  llvm::SmallVector<const CallExpr *, 1> creationsIn(const CompoundStmt *Body);
  llvm::SmallVector<const Expr *, 2> returnedValues(const FunctionDecl *FD,
                                                    const CompoundStmt *Body);
  llvm::SmallVector<const FunctionDecl *, 1>
  helpersReturnedBy(const FunctionDecl *FD, const CompoundStmt *Body);
  bool extent(const Stmt *St, ConditionalStructure &S, size_t &First,
              size_t &Last);
  SetterPlace placeReturn(const FunctionDecl *Creator, const ReturnStmt *Ret,
                          const CompoundStmt *Block, ConditionalStructure &S);
  SetterPlace placeAfter(const Stmt *Statement, const VarDecl *Module,
                         const CompoundStmt *Block, ConditionalStructure &S);

  /// True when some user file of the unit spells the GIL setter at all;
  /// when none does, no body can declare and none is lexed to find out.
  bool unitSpellsSetter();

  ASTContext &Ctx;
  const ConditionalBranches &Branches;
  llvm::DenseMap<FileID, std::unique_ptr<ConditionalStructure>> Structures;
  std::optional<bool> SpellsSetter;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MODULEDEFINITION_H
