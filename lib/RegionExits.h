//===--- RegionExits.h - how a statement can leave a region of code -------===//
//
// Answers "does this statement transfer control out of this region without
// reaching its end?" for a region given by two file locations (a critical
// section from its BEGIN to its END, or a loop statement about to be wrapped
// in one). The exits considered are 'return', 'goto' (to a label outside the
// region; a computed goto always counts), 'break' and 'continue' whose loop or
// switch is outside the region, and, when asked for, 'throw' not caught inside
// the region and calls to longjmp/siglongjmp. An exit inside a lambda or block
// that itself lies inside the region leaves only that lambda or block.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_REGIONEXITS_H
#define FT_TIDY_LIB_REGIONEXITS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <vector>

namespace clang::tidy::freethreading {

/// A stretch of a function between two file locations, inclusive.
struct SourceRegion {
  SourceLocation Begin; ///< File location of the first token.
  SourceLocation End;   ///< File location of the last token.

  /// The region a statement spans, in expansion (file) locations.
  static SourceRegion of(const Stmt *S, const SourceManager &SM);

  /// True when \p Loc (or, for a macro location, its expansion) is inside.
  bool contains(SourceLocation Loc, const SourceManager &SM) const;
};

/// One statement that leaves a region abnormally.
struct RegionExit {
  enum KindType { Return, Goto, Break, Continue, Throw, LongJmp };
  const Stmt *S = nullptr;
  KindType Kind = Return;

  /// "return", "goto", "break", "continue", "throw" or "longjmp".
  llvm::StringRef spelling() const;
};

/// How \p S transfers control, if it is a return, goto, break, continue,
/// throw or longjmp call; nullopt for any other statement.
std::optional<RegionExit::KindType> exitKind(const Stmt *S);

/// The loop (or, for \p Kind Break, the loop or switch) that a 'break' or
/// 'continue' written at \p S would leave; nullptr when a function, lambda
/// or block comes first.
const Stmt *jumpTarget(const Stmt *S, RegionExit::KindType Kind,
                       ASTContext &Ctx);

/// True when the exit \p S (see exitKind) transfers control from inside
/// \p Region to a point outside it.
bool leavesRegion(const Stmt *S, const SourceRegion &Region, ASTContext &Ctx);

/// Every statement inside \p Root that leaves the region \p Root spans, in
/// source order. 'throw' and longjmp calls are included.
llvm::SmallVector<RegionExit, 2> exitsFrom(const Stmt *Root, ASTContext &Ctx);

/// Which jumps alwaysJumps counts.
enum class JumpKinds {
  Any,             ///< return, goto, break and continue.
  ReturnOrGotoOnly ///< return and goto: the ones that leave any loop.
};

/// True when \p S always ends in a jump: it is one, or a block whose last
/// statement does. False for nullptr.
bool alwaysJumps(const Stmt *S, JumpKinds Kinds = JumpKinds::Any);

/// Which labels hasLabel counts.
enum class LabelKinds {
  GotoAndCase, ///< goto labels, and case and default labels.
  GotoOnly     ///< goto labels.
};

/// True when \p S contains a label: a way in from outside it.
bool hasLabel(const Stmt *S, LabelKinds Kinds = LabelKinds::GotoAndCase);

/// The statements of a function body that can jump to a label or case:
/// gotos, label addresses taken for a computed goto, switches. Collected
/// once, for questions about many statements of the body.
class BodyJumps {
public:
  explicit BodyJumps(const Stmt *Body);

  /// A statement outside \p Root that jumps into it without passing its
  /// first token: a goto to a label inside it, a label address taken for a
  /// computed goto, or a switch whose case labels lie inside it. nullptr
  /// when control can enter \p Root only at its start.
  const Stmt *into(const Stmt *Root, ASTContext &Ctx) const;

private:
  std::vector<const GotoStmt *> Gotos;
  std::vector<const AddrLabelExpr *> Addresses;
  std::vector<const SwitchStmt *> Switches;
};

/// BodyJumps(\p Body).into(\p Root, \p Ctx), for one question.
const Stmt *jumpInto(const Stmt *Root, const Stmt *Body, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_REGIONEXITS_H
