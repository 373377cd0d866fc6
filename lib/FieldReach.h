//===--- FieldReach.h - fields reached other than by member access -------===//
//
// The memory groups follow a field through its member accesses (`c->data`).
// A field can also be reached where no such access is written: another
// member of a union holding its struct, `offsetof`, a C++ pointer to member,
// a structured binding, the bytes of its struct copied to or from another
// type, a member access in a template whose instantiations are not walked.
// FieldReach records those, so that a group holding such a field is not
// renamed.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FIELDREACH_H
#define FT_TIDY_LIB_FIELDREACH_H

#include "lib/FixPlan.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

class FieldReach {
public:
  /// Reasons are noted at file locations of \p SM (a macro's expansion).
  explicit FieldReach(const SourceManager &SM) : SM(SM) {}

  /// A union definition: the structs its members hold (at any depth).
  void unionDefined(const RecordDecl *Union);
  /// `offsetof(T, a.b)`: the fields it names.
  void offsetOf(const OffsetOfExpr *E);
  /// A name of a field outside a member access (`&T::f` in C++).
  void fieldNamed(const DeclRefExpr *E);
  /// `auto [a, b] = s;`: every field of the struct.
  void decomposed(const DecompositionDecl *D);
  /// A member access in a template, by name only.
  void dependentMember(llvm::StringRef Name, SourceLocation Loc);
  /// A cast or a byte copy (memcpy, memmove) between pointers to two
  /// different structs \p A and \p B (and the structs they hold by value).
  void converted(const RecordDecl *A, const RecordDecl *B, SourceLocation Loc);
  /// The bytes of struct \p R copied to or taken from untyped memory (a
  /// char pointer, an integer).
  void asBytes(const RecordDecl *R, SourceLocation Loc);

  /// Why field \p F may be reached where no member access of it is seen.
  std::optional<FixPlan> why(const FieldDecl *F) const;

  /// The keys (lib/SharedMemory) of the fields reached, and "name <n>" for
  /// each member name a template uses.
  std::vector<std::string> reachedKeys() const;

private:
  /// Records \p Why for struct \p RD and the structs it holds by value.
  void markRecord(const RecordDecl *RD, const FixPlan &Why, unsigned Depth);

  FixPlan at(std::string Why, SourceLocation Loc) const {
    return FixPlan::none(std::move(Why), SM.getFileLoc(Loc));
  }

  const SourceManager &SM;
  llvm::DenseMap<const RecordDecl *, FixPlan> Records;
  llvm::DenseMap<const FieldDecl *, FixPlan> Fields;
  llvm::StringMap<SourceLocation> DependentNames;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FIELDREACH_H
