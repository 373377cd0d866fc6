//===--- MissingModGilCheck.cpp - freethreading-missing-mod-gil -----------===//

#include "checks/MissingModGilCheck.h"

namespace clang::tidy::freethreading {

MissingModGilCheck::MissingModGilCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
