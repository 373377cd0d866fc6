//===--- ObjectMallocBufferCheck.cpp - freethreading-object-malloc-buffer -===//

#include "checks/ObjectMallocBufferCheck.h"

namespace clang::tidy::freethreading {

ObjectMallocBufferCheck::ObjectMallocBufferCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
