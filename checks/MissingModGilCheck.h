//===--- MissingModGilCheck.h - freethreading-missing-mod-gil -------------===//

#ifndef FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
#define FT_TIDY_CHECKS_MISSINGMODGILCHECK_H

#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::freethreading {

/// Finds extension modules that do not declare whether they need the GIL (Py_mod_gil slot or PyUnstable_Module_SetGIL).
///
/// Not implemented yet: registered, reports nothing.
/// User documentation: docs/checks/freethreading-missing-mod-gil.md
class MissingModGilCheck : public ClangTidyCheck {
public:
  MissingModGilCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return true; // C and C++ extensions alike.
  }
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_CHECKS_MISSINGMODGILCHECK_H
