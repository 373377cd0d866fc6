//===--- BorrowedReferenceCheck.cpp - freethreading-borrowed-reference ----===//

#include "checks/BorrowedReferenceCheck.h"

namespace clang::tidy::freethreading {

BorrowedReferenceCheck::BorrowedReferenceCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
