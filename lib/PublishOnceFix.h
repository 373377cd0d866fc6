//===--- PublishOnceFix.h - a lazily created constant published once -*- C++ -*-===//
//
// freethreading-global-state's repair of a lazily created constant:
//
//   static PyObject *key;              static PyObject *_Atomic key;
//   if (key == NULL) {                 if (key == NULL) {
//     key = PyUnicode_InternFromString("k");
//     if (key == NULL)          =>       PyObject *new_key = PyUnicode_InternFromString("k");
//       return NULL;                     if (new_key == NULL)
//   }                                      return NULL;
//                                        PyObject *unset = NULL;
//                                        if (!atomic_compare_exchange_strong(&key, &unset, new_key))
//                                          Py_XDECREF(new_key);
//                                      }
//
// Two threads that find it unset both create one; the first to install its
// own keeps it, the other releases its own and uses the installed one: no
// lock is held while the object is made (making it can run Python code,
// which could wait for that lock), no thread sees it half made (the
// compare-and-swap publishes it, every read of the _Atomic pointer is an
// atomic load), and no reference is leaked or released twice. With one
// thread the code does what it did. `#include <stdatomic.h>` is added after
// the file's `#include <Python.h>` when the unit has not included it.
//
// Several constants made under one test (`if (a == NULL || b == NULL) {
// a = ...; b = ...; if (a == NULL || b == NULL) return -1; }`) are made
// into locals in the same order; when the error test fails every local is
// released before leaving (none is kept); then each is published, those
// the `if` does not test first: a thread that finds every tested one set
// finds the others set too.
//
// Offered when, besides what lib/StaticVarUses checks (C11 atomics allowed,
// the declaration editable alone, no skipped code naming it, code only
// Python 2 compiles aside), for every variable filled:
//  * the variable is a `PyObject *`;
//  * the writes are `v = CALL(...);`, the whole body of an `if` without
//    else whose condition tests filled variables for NULL (`v == NULL`,
//    `!v`, joined by `||`), or the first statements of its block, followed
//    at most by `if (<such a test>) <return or goto>`; only blanks between
//    them (a comment or a directive there would be lost). Or, for one
//    variable, a statement of that block among others that do not name it
//    and, after it, do not leave (they prepare the call's arguments and
//    release them), the block ending at most with its error test: the fill
//    and the test are then rewritten where they are;
//  * CALL returns a new reference to an object complete when returned
//    (FT_FINISHED_OBJECT_CONSTRUCTOR in lib/CPythonAPI.def, or a function
//    of the unit that returns only NULL or what such a call returned);
//  * every write in the unit is such a fill (a variable filled alone may be
//    filled so in several places, each published once), every other use
//    reads it, and none passes it to a call that releases a reference
//    (Py_XDECREF...).
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_PUBLISHONCEFIX_H
#define FT_TIDY_LIB_PUBLISHONCEFIX_H

#include "lib/FixPlan.h"
#include "lib/PreprocessorConditions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"

namespace clang::tidy::freethreading {

/// The fix that publishes the lazily created \p Var once, at its fill
/// \p Fill (`Var = CALL(...)`), or why there is none. \p IncludeAdded says
/// whether an earlier fix of the unit adds `#include <stdatomic.h>`; set
/// when this one does. A fill that makes several constants under one test
/// is published whole: \p Covered receives the other variables it fills.
/// True when \p Write is a statement of an `if` testing variables for NULL
/// (or of its block): perhaps the fill of a constant another one guards.
bool filledUnderUnsetTest(const Expr *Write, ASTContext &Ctx);

/// True for a function that runs only while the module is set up or torn
/// down (lib/ModuleLifecycleFunctions).
using LifecycleTest = llvm::function_ref<bool(const FunctionDecl *)>;

/// \p LifecycleOnly: a `v = NULL;` in such a function is no other write.
FixPlan publishOnceFix(const VarDecl *Var, const Expr *Fill, bool C11Atomics,
                       const ConditionalBranches &Branches,
                       LifecycleTest LifecycleOnly, bool &IncludeAdded,
                       llvm::SmallVectorImpl<const VarDecl *> &Covered,
                       ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_PUBLISHONCEFIX_H
