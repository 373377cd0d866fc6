//===--- PythonHeaders.h - is this code CPython's or the user's? ----------===//
//
// One answer, for locations the checks report at or rewrite, to "was this
// written by the user or by CPython's headers?". A Python header is the
// file named Python.h or any file it includes, directly or not; a system
// header is one the compiler was told is (-isystem, the default search
// path). lib/UserCodeScope asks a different question for whole declarations
// (is it in CPython's include directory?): see its header.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_PYTHONHEADERS_H
#define FT_TIDY_LIB_PYTHONHEADERS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::freethreading {

/// True when \p FID is Python.h or a file it includes, directly or not.
bool inPythonHeaders(const SourceManager &SM, FileID FID);

/// True when \p FID is a file the user owns: valid, not a Python header and
/// not a system header.
bool isUserFile(FileID FID, const SourceManager &SM);

/// True when the token at \p Loc is spelled (its spelling location) in the
/// user's code: not in a Python header, and not in a system region, asked
/// at the location itself (a `#pragma GCC system_header` counts from there).
bool spelledByUser(SourceLocation Loc, const SourceManager &SM);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_PYTHONHEADERS_H
