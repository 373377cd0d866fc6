//===--- ExtensionTypes.h - the functions an extension type installs ------===//
//
// Reads a translation unit's type definitions (static type objects, PyType_Slot
// arrays and their specs) and the tables they name (methods, getters and
// setters, number/sequence/mapping/async/buffer slots), and answers: which
// functions can Python call at any time with an object of the type (entry
// points), which run only while an object is created or destroyed, and which
// structs are the types' objects. The names come from lib/CPythonAPI.def.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_EXTENSIONTYPES_H
#define FT_TIDY_LIB_EXTENSIONTYPES_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang::tidy::freethreading {

/// A function a type names for CPython to call at any time with an object of
/// the type (its first parameter).
struct TypeEntryPoint {
  const FunctionDecl *Function = nullptr; ///< The definition when there is one.
  std::string Via; ///< The member naming it: "tp_iternext", "tp_methods"...
  /// The parameters CPython can pass NULL (a setter's value on deletion).
  llvm::SmallVector<unsigned, 2> Nullable;
};

/// The extension types of one translation unit.
struct ExtensionTypes {
  /// Entry points by canonical declaration, in the order they were found.
  llvm::MapVector<const FunctionDecl *, TypeEntryPoint> Entries;
  /// Functions that run only while an object is created or destroyed
  /// (tp_new, tp_dealloc, tp_traverse...), canonical declarations.
  llvm::DenseSet<const FunctionDecl *> Lifecycle;
  /// The object structs of the types (sizeof in tp_basicsize or a spec's
  /// basicsize, or pointed to by an entry point's first parameter).
  llvm::SetVector<const RecordDecl *> Records;

  /// The types named in the translation unit \p Ctx (user code only, as
  /// its traversal scope has it): its file-scope type definitions, and the
  /// \p Assignments to a type object's members the caller found in code
  /// (`Type.tp_methods = table;`: see isTypeMemberAssignment).
  static ExtensionTypes find(ASTContext &Ctx,
                             llvm::ArrayRef<const BinaryOperator *> Assignments);

  /// True for an assignment to a member of a static type object.
  static bool isTypeMemberAssignment(const BinaryOperator *BO);

  bool empty() const { return Entries.empty(); }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_EXTENSIONTYPES_H
