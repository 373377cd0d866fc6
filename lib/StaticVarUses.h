//===--- StaticVarUses.h - every use of one static variable -----*- C++ -*-===//
//
// What global-state's fixes ask before they change a static variable's
// declaration (lib/AtomicCounterFix, lib/PublishOnceFix): its uses in the
// unit and how each reads or writes it, whether code this build does not
// compile names it, and whether its declaration can be edited alone.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_STATICVARUSES_H
#define FT_TIDY_LIB_STATICVARUSES_H

#include "lib/FixPlan.h"
#include "lib/PreprocessorConditions.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// How a use reads or writes its variable.
enum class UseKind {
  Read,   ///< its value is read (an lvalue-to-rvalue conversion)
  Store,  ///< it is assigned (`v = x`)
  Update, ///< ++, --, or a compound assignment
  Other,  ///< anything else: its address, sizeof, ... (an `_Atomic` type
          ///< changes what these mean)
};

struct StaticVarUse {
  const DeclRefExpr *Ref;
  /// The function holding the use; nullptr outside any function.
  const FunctionDecl *Function;
  UseKind Kind;
};

/// Every use of \p Var in the unit, in the order of the traversal: a
/// function-scope static's in its function, a file-scope one's in every
/// declaration of the project's files.
std::vector<StaticVarUse> usesOf(const VarDecl *Var, ASTContext &Ctx);

/// Where the text of a skipped #if branch of a project file names \p Var
/// as a whole word (for a function-scope static, only inside its function),
/// or an invalid location.
SourceLocation namedInSkippedCode(const VarDecl *Var,
                                  const ConditionalBranches &Branches,
                                  ASTContext &Ctx);

/// A plan declining a fix of \p Var because code this build skipped names
/// it (noted there), or a plan with no reason when none does.
FixPlan skippedCodeObstacle(const VarDecl *Var,
                            const ConditionalBranches &Branches,
                            ASTContext &Ctx);

/// Why \p Var's declaration cannot be edited on its own, or "": external
/// linkage (other files may use it), declared more than once, written by a
/// macro or outside the project's files, or sharing its declaration with
/// other variables.
std::string soleDeclarationObstacle(const VarDecl *Var, ASTContext &Ctx);

/// An integer type that is neither _Bool nor an enumeration: what the
/// `_Atomic` fix of a counter or a flag accepts.
bool isPlainInteger(QualType T);

/// Why a fix may not use C11 `_Atomic` in this unit, or "": C++, C before
/// C11, or the checks' option C11Atomics off.
std::string c11AtomicsObstacle(bool C11AtomicsOption, const LangOptions &LO);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_STATICVARUSES_H
