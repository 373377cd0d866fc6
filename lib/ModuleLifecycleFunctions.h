//===--- ModuleLifecycleFunctions.h - code that runs only at module setup -===//
//
// Answers "does this function run only while CPython sets the module up or
// tears it down, and if a phase reaches it but it may also run at any other
// time, why?" for one translation unit.
//
// The roots are named by the module (lib/CPythonAPI.def): PyInit_<name>, the
// functions of its {Py_mod_create, fn} and {Py_mod_exec, fn} slots
// (initialization), and its PyModuleDef's m_clear and m_free (teardown). A
// function runs only in those phases when a root reaches it through direct
// calls and nothing else can: it has internal linkage (or is a root), its
// address is never taken other than by the module definition that names it,
// and every call to it comes from such a function (its own recursive calls
// aside). PyInit_<name> is always a root, whoever refers to it. A function
// template's pattern runs only in the phases when every one of its
// specializations does. Member functions called on an object are not
// followed (no phase reaches them).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_MODULELIFECYCLEFUNCTIONS_H
#define FT_TIDY_LIB_MODULELIFECYCLEFUNCTIONS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::freethreading {

/// Why a function that a module phase reaches may also run at any time.
struct LifecycleEscape {
  /// In this order (diagnostics select their text by it).
  enum Kind {
    ExternalLinkage, ///< Another translation unit may call it.
    AddressTaken,    ///< Its address is taken at Loc (a table, a variable).
    CalledFrom,      ///< Caller, which may run at any time, calls it at Loc.
  };
  Kind How = ExternalLinkage;
  SourceLocation Loc;
  const FunctionDecl *Caller = nullptr;
};

/// What the module phases say about one function.
struct LifecycleReach {
  /// ModulePhase bits of the roots that reach it through direct calls.
  unsigned Phases = 0;
  /// Set when it may also run at any time: the first reason found.
  std::optional<LifecycleEscape> Escape;
  /// True when it runs only during the phases in Phases.
  bool onlyInPhases() const { return !Escape; }
};

class ModuleLifecycleFunctions {
public:
  /// What the module phases say about \p FD (any redeclaration); nullptr
  /// when no phase reaches it.
  const LifecycleReach *reach(const FunctionDecl *FD, ASTContext &Ctx);

  /// True when \p FD runs only while the module is set up or torn down.
  bool runsOnlyInLifecycle(const FunctionDecl *FD, ASTContext &Ctx) {
    const LifecycleReach *R = reach(FD, Ctx);
    return R && R->onlyInPhases();
  }

  /// One reference to a function.
  struct Reference {
    /// The canonical function whose body holds it; nullptr outside any.
    const FunctionDecl *From;
    SourceLocation Loc;
    bool IsCall; ///< The callee of a direct call, not an address.
  };
  /// Who refers to whom, and the roots (filled by the walk over the unit).
  struct References {
    /// Canonical root -> its ModulePhase bits, in the order found.
    llvm::MapVector<const FunctionDecl *, unsigned> Roots;
    /// Canonical function -> every reference to it, in source order, but
    /// the entry of the module definition that names a root.
    llvm::DenseMap<const FunctionDecl *, llvm::SmallVector<Reference, 2>>
        To;
    /// Canonical function -> the functions its body calls directly, in
    /// source order (repeats kept).
    llvm::DenseMap<const FunctionDecl *,
                   llvm::SmallVector<const FunctionDecl *, 4>>
        Calls;
  };

private:
  void build(ASTContext &Ctx);
  void reachFromRoots();
  bool pruneOnce();
  void judgeTemplatePatterns();
  std::optional<LifecycleEscape> escapeOf(const FunctionDecl *FD) const;

  bool Built = false;
  References Refs;
  /// Canonical function -> what the phases say about it, in the order the
  /// roots reach them (the order pruning asks, so that its answers do not
  /// depend on pointer values).
  llvm::MapVector<const FunctionDecl *, LifecycleReach> Reached;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_MODULELIFECYCLEFUNCTIONS_H
