//===--- NameSearch.h - does a text mention one of a few names? -----------===//
//
// A test for several identifiers at once, in one pass over the text: a cheap
// filter before lexing a text (a preprocessor condition, a skipped branch)
// for the names of lib/CPythonAPI.def that matter in it. It looks for a name
// at the start of each identifier (a name inside a longer identifier does
// not count; one followed by more identifier characters does): a text where
// none is found, not even in a comment, cannot hold a use of one.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_NAMESEARCH_H
#define FT_TIDY_LIB_NAMESEARCH_H

#include "clang/Basic/CharInfo.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <array>

namespace clang::tidy::freethreading {

class NameSearch {
public:
  explicit NameSearch(llvm::ArrayRef<llvm::StringRef> Names)
      : Names(Names.begin(), Names.end()) {
    for (llvm::StringRef Name : Names)
      if (!Name.empty())
        Starts[static_cast<unsigned char>(Name.front())] = true;
  }

  /// True when one of the names starts an identifier of \p Text.
  bool foundIn(llvm::StringRef Text) const {
    for (size_t I = 0; I < Text.size(); ++I) {
      if (!Starts[static_cast<unsigned char>(Text[I])] ||
          (I > 0 && isAsciiIdentifierContinue(Text[I - 1])))
        continue;
      for (llvm::StringRef Name : Names)
        if (!Name.empty() && Text.substr(I).starts_with(Name))
          return true;
    }
    return false;
  }

private:
  llvm::SmallVector<llvm::StringRef, 8> Names;
  std::array<bool, 256> Starts{}; ///< The names' first characters.
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_NAMESEARCH_H
