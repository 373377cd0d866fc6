//===--- GlobalStateCheck.cpp - freethreading-global-state ----------------===//

#include "checks/GlobalStateCheck.h"

namespace clang::tidy::freethreading {

GlobalStateCheck::GlobalStateCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
