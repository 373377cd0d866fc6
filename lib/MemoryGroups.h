//===--- MemoryGroups.h - which storages and calls hold the same memory ---===//
//
// The storages and allocation calls holding the same memory, and for each
// group with an object-domain allocation what its memory is and what escapes.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MEMORYGROUPS_H
#define FT_TIDY_LIB_MEMORYGROUPS_H

#include "lib/CPythonAPI.h"
#include "lib/FixPlan.h"
#include "lib/SharedMemory.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// True when the role allocates memory (either domain, realloc included).
bool allocates(MemoryRole R);

/// True for the object-domain allocators, reallocators and releases.
bool isObjectDomain(MemoryRole R);

/// The memory function \p C calls directly (a named free function), or null.
const MemoryAPI *memoryAPIOf(const CallExpr *C);

/// False when the translation unit provably calls no object-domain
/// allocator (see mayReferToAnyFunction).
bool mayAllocateObjects(const ASTContext &Ctx);

/// A call of a memory function.
struct MemoryCall {
  const CallExpr *Call;
  const MemoryAPI *API;
  const FunctionDecl *Function; ///< The enclosing function, if any.
};

/// Storages and calls holding the same memory.
struct MemoryGroup {
  std::vector<const MemoryCall *> Allocations; ///< Every allocation call.
  llvm::SetVector<const CallExpr *> Releases;  ///< Free/Realloc of the memory.
  /// Why moving the calls to another domain would not be provably right:
  /// plans without edits, each with the location of its reason.
  std::vector<FixPlan> Blockers;
  /// Storages other units of the project may use: what they do with the
  /// memory is not seen here (each carries the note saying so).
  std::vector<SharedStorage> Shared;
  std::vector<const ValueDecl *> Storages; ///< Every storage of the group.
  bool IsObject = false; ///< The memory is (or may be) a Python object.
  bool HasFree = false;  ///< A PyObject_Free or PyMem_Free was found.
};

/// The groups of one translation unit that hold an object-domain allocation.
class MemoryGroups {
public:
  /// Walks the whole translation unit of \p Ctx. The groups holding a
  /// shared storage whose key is in \p Examined are examined too when they
  /// hold no object-domain allocation.
  MemoryGroups(ASTContext &Ctx, const llvm::StringSet<> &Examined);

  /// Every memory call of the unit, in traversal order.
  llvm::ArrayRef<MemoryCall> calls() const { return Calls; }

  /// The groups holding an object-domain allocation, or an examined shared
  /// storage; those whose memory is a Python object have no uses classified
  /// (nor blockers from them).
  llvm::MapVector<const void *, MemoryGroup> &groups() { return ByLeader; }

  /// Keys of the fields the unit reaches other than by member access
  /// (FieldReach::reachedKeys).
  llvm::ArrayRef<std::string> reached() const { return Reached; }

private:
  std::vector<MemoryCall> Calls;
  std::vector<std::string> Reached;
  llvm::MapVector<const void *, MemoryGroup> ByLeader;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MEMORYGROUPS_H
