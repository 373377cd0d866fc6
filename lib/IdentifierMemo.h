//===--- IdentifierMemo.h - one table lookup per macro name ---------------===//
//
// The checks' preprocessor hooks run on every macro expansion of the
// translation unit, Python.h's and the system headers' included, and ask
// the table of CPython APIs whether the macro is one of theirs. The answer
// depends on the name only, so it is looked up once per identifier and
// then found by pointer.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_IDENTIFIERMEMO_H
#define FT_TIDY_LIB_IDENTIFIERMEMO_H

#include "clang/Basic/IdentifierTable.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <functional>

namespace clang::tidy::freethreading {

/// Memoizes \c Lookup(II->getName()) per identifier. Identifiers belong to
/// one preprocessor: keep the memo in a hook owned by it.
template <typename T> class IdentifierMemo {
public:
  explicit IdentifierMemo(std::function<T(llvm::StringRef)> Lookup)
      : Lookup(std::move(Lookup)) {}

  T operator()(const IdentifierInfo *II) {
    auto [It, Inserted] = Memo.try_emplace(II, T());
    if (Inserted)
      It->second = Lookup(II->getName());
    return It->second;
  }

private:
  std::function<T(llvm::StringRef)> Lookup;
  llvm::DenseMap<const IdentifierInfo *, T> Memo;
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_IDENTIFIERMEMO_H
