//===--- CriticalSectionExitCheck.cpp - freethreading-critical-section-exit -===//

#include "checks/CriticalSectionExitCheck.h"

namespace clang::tidy::freethreading {

CriticalSectionExitCheck::CriticalSectionExitCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
