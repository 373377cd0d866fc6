//===--- AtomicCounterFix.h - a static counter made _Atomic ------*- C++ -*-===//
//
// freethreading-global-state's repair of a counter: a static integer that
// functions update with ++, --, or a compound assignment. Declaring it
// `_Atomic` (C11) makes every one of those updates a single atomic
// read-modify-write, every read an atomic load and every plain assignment
// an atomic store, with no change at the uses. That keeps the code's
// behaviour only when each use was a whole operation under the GIL too, so
// the fix is offered when, in C11 or later and with the checks' option
// C11Atomics on:
//
//  * the variable has internal linkage (file-scope or function-scope
//    `static`): no other file uses it as a plain integer;
//  * its type is an integer type (not _Bool, not an enumeration) and it is
//    declared once, alone in its declaration, in the project's own code and
//    not by a macro;
//  * every use in the unit reads it, assigns it, or updates it (++, --,
//    op=): no address taken, no sizeof, nothing else whose meaning an
//    atomic type changes;
//  * each function uses it at one place: two uses in one function (a test
//    and an update, a read and a write back) were one step under the GIL
//    and would be two atomic steps;
//  * no code this build does not compile (#if branches it skipped) names
//    it: that code cannot be checked.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_ATOMICCOUNTERFIX_H
#define FT_TIDY_LIB_ATOMICCOUNTERFIX_H

#include "lib/FixPlan.h"
#include "lib/PreprocessorConditions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"

namespace clang::tidy::freethreading {

/// The fix that declares the counter \p Var `_Atomic`, or why there is none.
/// \p C11Atomics is the checks' option (false: the module is built by a
/// compiler without C11 atomics).
FixPlan atomicCounterFix(const VarDecl *Var, bool C11Atomics,
                         const ConditionalBranches &Branches, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_ATOMICCOUNTERFIX_H
