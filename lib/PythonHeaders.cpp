//===--- PythonHeaders.cpp ------------------------------------------------===//

#include "lib/PythonHeaders.h"
#include "lib/CPythonAPI.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::freethreading {

bool inPythonHeaders(const SourceManager &SM, FileID FID) {
  for (FileID F = FID; F.isValid();) {
    OptionalFileEntryRef Entry = SM.getFileEntryRefForID(F);
    if (Entry &&
        llvm::sys::path::filename(Entry->getName()) == pythonHeaderName())
      return true;
    SourceLocation Inc = SM.getIncludeLoc(F);
    if (Inc.isInvalid())
      return false;
    F = SM.getFileID(Inc);
  }
  return false;
}

bool isUserFile(FileID FID, const SourceManager &SM) {
  // The system test first: it is one lookup, the other walks the includes.
  return FID.isValid() && !SM.isInSystemHeader(SM.getLocForStartOfFile(FID)) &&
         !inPythonHeaders(SM, FID);
}

bool spelledByUser(SourceLocation Loc, const SourceManager &SM) {
  // The location itself is asked, not its file's start: a system region
  // can begin inside a file (#pragma GCC system_header, line markers).
  SourceLocation S = SM.getSpellingLoc(Loc);
  return S.isValid() && !SM.isInSystemHeader(S) &&
         !inPythonHeaders(SM, SM.getFileID(S));
}

} // namespace clang::tidy::freethreading
