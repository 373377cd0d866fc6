//===--- CriticalSectionTracker.h - where critical sections are ----------===//
//
// Answers "is this location inside a critical section, and on which objects?"
// identically on the default build (where Py_BEGIN_CRITICAL_SECTION(op) is a
// bare '{') and on the free-threaded build (where it declares a
// PyCriticalSection and calls PyCriticalSection_Begin). Macro uses are taken
// from the preprocessor; direct PyCriticalSection_Begin/End pairs from the AST.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_CRITICALSECTIONTRACKER_H
#define FT_TIDY_LIB_CRITICALSECTIONTRACKER_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "clang/ASTMatchers/ASTMatchers.h"
#include "clang/Basic/SourceLocation.h"
#include "clang/Lex/Preprocessor.h"
#include "lib/CPythonAPI.h"
#include "lib/PreprocessorConditions.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// One critical section, in file locations the user can see.
struct CriticalSection {
  llvm::StringRef Opener; ///< Py_BEGIN_CRITICAL_SECTION2, PyCriticalSection_Begin...
  llvm::StringRef Closer; ///< Py_END_CRITICAL_SECTION2(), PyCriticalSection_End()...
  SourceLocation Begin;   ///< Start of the BEGIN macro or Begin call.
  SourceLocation End;     ///< End of the END macro or End call.
  /// What the section locks, each normalized by normalizeObjectText().
  llvm::SmallVector<std::string, 2> Guarded;
  bool IsMutex = false;   ///< Locks PyMutex pointers (the *_MUTEX forms).
  bool FromMacro = false; ///< Opened by a macro rather than a direct call.
  /// Written in code one build does not compile (`#ifdef Py_GIL_DISABLED`
  /// around the BEGIN or the END): held on one build only. A section this
  /// build skipped has no block in the AST; it is read from the text.
  bool Conditional = false;

  /// True when \p Loc (or, for a macro location, its expansion) lies
  /// between Begin and End, inclusive.
  bool contains(SourceLocation Loc, const SourceManager &SM) const {
    SourceLocation L = SM.getExpansionLoc(Loc);
    return !SM.isBeforeInTranslationUnit(L, Begin) &&
           !SM.isBeforeInTranslationUnit(End, L);
  }
};

class CriticalSectionTracker {
public:
  /// Installs the macro hook; call from ClangTidyCheck::registerPPCallbacks.
  void registerPreprocessor(Preprocessor *PP);

  /// Every section of the translation unit, in source order.
  llvm::ArrayRef<CriticalSection> sections(ASTContext &Ctx);

  /// The sections that contain \p Loc, innermost first.
  llvm::SmallVector<const CriticalSection *, 2> enclosing(SourceLocation Loc,
                                                          ASTContext &Ctx);

  /// The innermost enclosing section that locks the object \p Obj (compared
  /// structurally, ignoring parentheses and casts to PyObject *), or nullptr.
  const CriticalSection *guarding(const Expr *Obj, ASTContext &Ctx);

  /// Canonical text of an object expression: tokens separated by one space,
  /// outer parentheses, casts to PyObject * and _PyObject_CAST removed.
  static std::string normalizeObjectText(llvm::StringRef Text);

  /// normalizeObjectText() of the source text of \p E.
  static std::string normalizeObject(const Expr *E, const ASTContext &Ctx);

  /// Records a section macro expanded at \p Loc (used by the PP hook).
  void addMacroUse(const CriticalSectionAPI *API, SourceLocation Loc,
                   llvm::SmallVector<std::string, 2> Args);

private:
  struct MacroUse {
    const CriticalSectionAPI *API;
    llvm::SmallVector<std::string, 2> Args;
  };
  void buildIndex(ASTContext &Ctx);
  /// The sections written in the branches this build skipped (the other
  /// build's), paired BEGIN to END in source order.
  std::vector<CriticalSection> skippedSections(const SourceManager &SM,
                                               const LangOptions &LangOpts);

  /// BEGIN/END macro expansions keyed by their file location.
  llvm::DenseMap<SourceLocation, MacroUse> MacroUses;
  std::vector<CriticalSection> Sections; ///< Sorted by Begin.
  /// Parent[I]: the index of the innermost section containing Sections[I],
  /// or -1. Sections are blocks, so they nest.
  std::vector<int> Parent;
  bool Indexed = false;
  ConditionalBranches *Branches = nullptr;
};

/// A statement that begins inside a critical section \p Tracker knows:
/// matchers of statements that matter only there skip the rest.
AST_MATCHER_P(Stmt, insideCriticalSection, CriticalSectionTracker *,
              Tracker) {
  return !Tracker->enclosing(Node.getBeginLoc(), Finder->getASTContext())
              .empty();
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_CRITICALSECTIONTRACKER_H
