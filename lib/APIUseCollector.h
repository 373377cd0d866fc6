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

/// The calls APIUseCollector::addCall keeps: the direct callee's name is one
/// \p Collector wants. Matching only those spares the match finder a bound
/// node set and a callback for every other call of the unit.
inline bool callsCollectedAPI(const CallExpr &Call,
                              const APIUseCollector &Collector) {
  const FunctionDecl *FD = Call.getDirectCallee();
  return FD && FD->getIdentifier() && Collector.wants(FD->getName());
}

/// A parenthesized expression that a macro wrote (what a macro-only API
/// spelling expands to).
inline bool isWrittenByMacro(const ParenExpr &Paren) {
  return Paren.getBeginLoc().isMacroID();
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_APIUSECOLLECTOR_H
