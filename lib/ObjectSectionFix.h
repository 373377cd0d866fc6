//===--- ObjectSectionFix.h - a function's body in a critical section -----===//
//
// The fix of freethreading-unlocked-object-state: the whole body of a function
// runs inside Py_BEGIN_CRITICAL_SECTION(obj) (or ..._SECTION2(a, b) for two
// objects), every exit kept. Two shapes:
//   in place   the body's only exit is its last statement (`return <expr>;`,
//              or the end of a void function): BEGIN after the '{', the value
//              stored in a result variable, END and `return <var>;` after it
//              (END just before the return when it names no variable of the
//              function: Py_RETURN_NONE, `return NULL;`);
//   wrapper    any other body (early returns, error gotos): the definition
//              is renamed <name>_impl (made static) and a new definition of
//              <name> calls it between BEGIN and END, the way Argument
//              Clinic's @critical_section does. Every exit of the original
//              body stays exactly as written.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_OBJECTSECTIONFIX_H
#define FT_TIDY_LIB_OBJECTSECTIONFIX_H

#include "lib/FixPlan.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::freethreading {

/// Names of functions earlier fixes of the unit introduced: a second fix must
/// not define the same one.
using IntroducedNames = llvm::StringSet<>;

/// The fix running \p FD's body in a critical section on the parameters
/// \p Objects (one or two), or why there is none.
FixPlan sectionAroundBody(const FunctionDecl *FD,
                          llvm::ArrayRef<const ParmVarDecl *> Objects,
                          IntroducedNames &Introduced, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OBJECTSECTIONFIX_H
