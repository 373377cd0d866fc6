//===--- APIUseCollector.h - uses of C-API names by either spelling -------===//
//
// Some C-API entry points are macros in old headers and static inline
// functions (often behind a same-name casting macro) in new ones. This
// collects one use per spelled name token, whichever form the headers chose:
// an expansion of a function-like macro of that name, a call to a function of
// that name, or both at once.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_APIUSECOLLECTOR_H
#define FT_TIDY_LIB_APIUSECOLLECTOR_H

#include "lib/MacroParens.h"
#include "lib/NodeHub.h"
#include "clang/AST/Expr.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/MapVector.h"

namespace clang::tidy::freethreading {

struct APIUse {
  llvm::StringRef Name;
  SourceLocation Loc;              ///< The name token, in the user's file.
  const CallExpr *Call = nullptr;  ///< The call, when the AST has one.
  bool ViaMacro = false;           ///< Spelled through a macro of that name.
};

class APIUseCollector {
public:
  /// \p Wanted says which names to collect.
  explicit APIUseCollector(bool (*Wanted)(llvm::StringRef)) : Wanted(Wanted) {}

  /// True when uses of \p Name are collected.
  bool wants(llvm::StringRef Name) const { return Wanted(Name); }

  /// Call from ClangTidyCheck::registerPPCallbacks.
  void registerPreprocessor(Preprocessor *PP);

  /// Feed every CallExpr the check's matcher finds (any callee; unwanted
  /// names are ignored).
  void addCall(const CallExpr *Call, const SourceManager &SM);

  /// Records a macro expansion (used by the preprocessor hook).
  void addMacroUse(llvm::StringRef Name, SourceLocation Loc);

  /// Every use, in the order first seen, one per name token.
  std::vector<APIUse> uses() const;

private:
  bool (*Wanted)(llvm::StringRef);
  llvm::MapVector<SourceLocation, APIUse> Uses;
};

/// Records, from the traversal every matcher shares (lib/NodeHub), the calls
/// of the APIs \p Collector collects and the parenthesized expressions macros
/// wrote (what a macro-only API spelling expands to), into \p Parens.
void recordAPIUses(ast_matchers::MatchFinder &Finder, NodeHubMembership &Hub,
                   APIUseCollector &Collector, MacroParenIndex &Parens);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_APIUSECOLLECTOR_H
