//===--- RefcountTestCheck.cpp - freethreading-refcount-test --------------===//

#include "checks/RefcountTestCheck.h"

namespace clang::tidy::freethreading {

RefcountTestCheck::RefcountTestCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
