//===--- ObjectFieldAccess.h - what a function does with objects' fields --===//
//
// For one function: every read and write of a field of an extension type's
// object struct, which parameter holds the object (directly, or through a
// local initialized from it and never changed), whether the access is atomic
// or runs inside a critical section on that object or under a lock; and the
// calls that hand such a parameter to another function of the unit. Used by
// freethreading-unlocked-object-state.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_OBJECTFIELDACCESS_H
#define FT_TIDY_LIB_OBJECTFIELDACCESS_H

#include "lib/CriticalSectionTracker.h"
#include "lib/PreprocessorConditions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// One read or write of a field of an object struct.
struct FieldAccess {
  const MemberExpr *Member = nullptr;
  const FieldDecl *Field = nullptr;
  /// The index of the parameter holding the object, or -1 for any other
  /// object (a local made in the function, an item of a container...).
  int Object = -1;
  bool Write = false;  ///< Assigned, incremented, its address taken, or the
                       ///< memory it points to written.
  bool Atomic = false; ///< An argument of an atomic operation.
  /// Inside a critical section on the object, or while a lock is held.
  bool Guarded = false;
};

/// A call handing parameters holding objects to a function of the unit.
struct ObjectCall {
  const CallExpr *Call = nullptr;
  const FunctionDecl *Callee = nullptr; ///< Its definition.
  struct Argument {
    unsigned Index; ///< The callee's parameter.
    int Object;     ///< The caller's parameter.
    bool Guarded;   ///< The call is in a section on it, or under a lock.
  };
  llvm::SmallVector<Argument, 2> Objects;
};

/// What a critical section held around a call of one function would meet.
struct FunctionLocks {
  /// Where the function takes a lock that is not a critical section
  /// (PyMutex_Lock, PyThread_acquire_lock, a C++ lock guard), also in code
  /// this build skips (`#ifdef Py_GIL_DISABLED`); invalid when it takes none.
  SourceLocation TakesLock;
  /// The functions of the unit it calls (definitions).
  llvm::SmallVector<const FunctionDecl *, 8> Callees;
};

/// What one function does with objects' fields, and its locks and callees.
struct FunctionAccesses : FunctionLocks {
  std::vector<FieldAccess> Accesses;
  std::vector<ObjectCall> Calls;
};

/// The lock and unlock calls written in the branches this build skipped
/// (`#ifdef Py_GIL_DISABLED` on the default build), in the user's files, in
/// source order; read from the text once per unit.
struct SkippedLockCalls {
  struct Call {
    FileID File;
    unsigned Offset;
    SourceLocation Loc;
    SectionRole Role;
  };
  std::vector<Call> Calls;

  static SkippedLockCalls of(const ConditionalBranches &Branches,
                             ASTContext &Ctx);
};

/// The accesses of \p FD's body to fields of \p Records (object structs).
/// Code never compiled for a free-threaded build is left out.
FunctionAccesses
collectFieldAccesses(const FunctionDecl *FD,
                     const llvm::SetVector<const RecordDecl *> &Records,
                     CriticalSectionTracker &Tracker,
                     const ConditionalBranches &Branches,
                     const SkippedLockCalls &SkippedLocks, ASTContext &Ctx);

/// The locks and callees of \p FD alone: what collectFieldAccesses() finds
/// for them, from the same walk of the body without the field accesses
/// (which cost most of its time: whether each one is guarded).
FunctionLocks collectLocksAndCallees(const FunctionDecl *FD,
                                     const ConditionalBranches &Branches,
                                     const SkippedLockCalls &SkippedLocks,
                                     ASTContext &Ctx);

/// True for a field that is not shared state: a lock, an atomic, or the
/// object header.
bool isSynchronizationField(const FieldDecl *F);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OBJECTFIELDACCESS_H
