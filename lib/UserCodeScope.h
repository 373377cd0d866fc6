//===--- UserCodeScope.h - leave CPython's own headers untraversed --------===//
//
// Python.h brings hundreds of static inline functions and thousands of
// declarations into every translation unit, and none of them can hold a
// finding: the checks look at the extension's code, which reaches CPython
// through calls and macros expanded in that code. Yet clang-tidy's match
// finder, the parent map behind every ancestor query, and each whole-unit
// walk of the checks visit all of them, which for a small module is most of
// what there is to visit.
//
// ASTContext's traversal scope is the list of top-level declarations that
// every traversal starting at the translation unit visits. It is narrowed
// here, once per translation unit, to the declarations that come neither
// from CPython's include directory nor from a system header. That happens
// when the match finder reaches the translation unit itself, before it
// descends into any declaration, so every matcher, parent query and
// whole-unit walk that follows sees the narrowed unit.
//
// CPython's include directory is the one holding the declaration of
// PyObject (object.h), its subdirectories (cpython/, internal/) included;
// it is left out even when it is passed with -I rather than -isystem.
// Everything else stays: the project's files and headers, a vendored
// pythoncapi_compat.h, and a declaration that wraps an #include of those
// headers in the project's own file (`extern "C" { #include <Python.h> }`).
// Declarations are still found by name lookup (whyUnavailable, FreshName)
// and through the AST's own links (a call's callee); only traversals skip
// them.
//
// Other clang-tidy checks run in the same invocation see the same narrowed
// unit. clang-tidy does not show findings in system headers (without
// --system-headers) and nobody wants findings in CPython's headers, but a
// check that collects facts from declarations in those headers would miss
// them: the option LimitTraversalToUserCode=false (set globally, as
// `LimitTraversalToUserCode`, or per check) turns the narrowing off.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_USERCODESCOPE_H
#define FT_TIDY_LIB_USERCODESCOPE_H

#include "clang/AST/ASTContext.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"

namespace clang::tidy::freethreading {

/// Narrows \p Ctx's traversal scope to the top-level declarations outside
/// CPython's include directory and the system headers. Does nothing when the scope is already
/// narrowed (by an earlier call, or by the tool hosting the checks) or when
/// PyObject is not declared in a header.
void limitTraversalToUserCode(ASTContext &Ctx);

/// Registers, with \p Finder, the callback that starts and ends each
/// translation unit for the shared analyses: it drops lib/Parents' maps at
/// the start of the unit and, when the finder reaches the
/// translation unit, calls limitTraversalToUserCode unless the check's
/// option LimitTraversalToUserCode (local or global) is false. Every check
/// registers it first, so that it runs before the check's own matchers,
/// whichever checks are enabled; the calls after the first do nothing.
void addUserCodeScope(ast_matchers::MatchFinder &Finder,
                      const ClangTidyCheck::OptionsView &Options);

/// The top-level declarations a traversal of the unit visits, in source
/// order: the narrowed traversal scope, or every declaration of the unit
/// when it is not narrowed. For walks that start below the unit itself.
std::vector<Decl *> topLevelDeclarations(ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_USERCODESCOPE_H
