//===--- UnguardedDictNextCheck.cpp - freethreading-unguarded-dict-next ---===//

#include "checks/UnguardedDictNextCheck.h"

namespace clang::tidy::freethreading {

UnguardedDictNextCheck::UnguardedDictNextCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context) {}

} // namespace clang::tidy::freethreading
