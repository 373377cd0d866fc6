//===--- OptionValues.h - reading check options ---------------------------===//

#ifndef FT_TIDY_LIB_OPTIONVALUES_H
#define FT_TIDY_LIB_OPTIONVALUES_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// A boolean option value as clang-tidy writes them (true/false, 1/0,
/// yes/no, on/off, any case), or nullopt. (clang-tidy's own
/// getLocalOrGlobal<bool> is not exported to plugins.)
inline std::optional<bool> parseBool(llvm::StringRef V) {
  std::string L = V.trim().lower();
  if (L == "true" || L == "1" || L == "yes" || L == "on")
    return true;
  if (L == "false" || L == "0" || L == "no" || L == "off")
    return false;
  return std::nullopt;
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OPTIONVALUES_H
