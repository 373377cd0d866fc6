//===--- FixPlan.h - a fix, or the reason there is none -------------------===//
//
// What a fixer decides for one finding: the edits, or why it offers none.
// Every check declines the same way: a note "no automatic fix: <reason>".
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FIXPLAN_H
#define FT_TIDY_LIB_FIXPLAN_H

#include "clang-tidy/ClangTidyCheck.h"
#include "clang/Basic/Diagnostic.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::freethreading {

/// The edits of a fix, or the reason there are none.
struct FixPlan {
  std::vector<FixItHint> Edits;
  /// Why there is no fix and what to do by hand (meaningful without Edits).
  std::string Reason;
  /// A CPython API the edits introduce, which may need the compatibility
  /// header (see lib/CompatHeaderInserter); empty when none.
  llvm::StringRef Introduces;
  /// A second such API, or empty.
  llvm::StringRef AlsoIntroduces;
  /// Where the reason is noted, when not at the finding (else invalid).
  SourceLocation ReasonLoc;

  /// A plan without edits, for \p Why, noted at \p At when valid.
  static FixPlan none(std::string Why, SourceLocation At = {}) {
    FixPlan P;
    P.Reason = std::move(Why);
    P.ReasonLoc = At;
    return P;
  }
  bool hasFix() const { return !Edits.empty(); }
  /// Drops the edits, keeping \p Why as the reason.
  void decline(std::string Why) {
    Edits.clear();
    Reason = std::move(Why);
  }
};

/// Merges the edits of one fix that begin at the same location: clang's
/// replacement set rejects two insertions at one offset. An insertion's text
/// goes before the text of the other edit there (after an earlier
/// insertion's, in the order the edits were made).
inline void mergeEditsAtSameLocation(std::vector<FixItHint> &Edits) {
  auto IsInsertion = [](const FixItHint &H) {
    return H.RemoveRange.getBegin() == H.RemoveRange.getEnd();
  };
  std::vector<FixItHint> Out;
  for (FixItHint &E : Edits) {
    auto Same = llvm::find_if(Out, [&](const FixItHint &O) {
      return O.RemoveRange.getBegin() == E.RemoveRange.getBegin() &&
             (IsInsertion(O) || IsInsertion(E));
    });
    if (Same == Out.end()) {
      Out.push_back(std::move(E));
    } else if (IsInsertion(*Same)) {
      E.CodeToInsert = Same->CodeToInsert + E.CodeToInsert;
      if (IsInsertion(E))
        Same->CodeToInsert = std::move(E.CodeToInsert);
      else
        *Same = std::move(E);
    } else {
      Same->CodeToInsert = E.CodeToInsert + Same->CodeToInsert;
    }
  }
  Edits = std::move(Out);
}

/// The note every check attaches when it declines to fix ("%0" the reason).
inline constexpr llvm::StringLiteral NoFixNote = "no automatic fix: %0";

/// Emits the note saying why \p Plan has no fix, at its ReasonLoc or else at
/// \p Loc (the finding's); nothing when it has a fix or gives no reason.
inline void noteWhyNoFix(ClangTidyCheck &Check, SourceLocation Loc,
                         const FixPlan &Plan) {
  if (!Plan.hasFix() && !Plan.Reason.empty())
    Check.diag(Plan.ReasonLoc.isValid() ? Plan.ReasonLoc : Loc, NoFixNote,
               DiagnosticIDs::Note)
        << Plan.Reason;
}

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FIXPLAN_H
