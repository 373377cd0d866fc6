//===--- PreprocessorConditions.h - which build compiles this code? -------===//
//
// What an #if/#ifdef condition guarantees about the CPython build that
// compiles its branch (free-threaded or not, 3.13 API or not), and the
// branches of a translation unit with those guarantees, compiled or skipped.
// See docs/development.md ("Code one build does not compile").
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_PREPROCESSORCONDITIONS_H
#define FT_TIDY_LIB_PREPROCESSORCONDITIONS_H

#include "clang/Basic/SourceLocation.h"
#include "clang/Basic/TokenKinds.h"
#include "clang/Lex/PPCallbacks.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include <vector>

namespace clang::tidy::freethreading {

/// One token of a raw (unpreprocessed) lexing of a file.
struct RawToken {
  unsigned Offset;
  unsigned Length;
  tok::TokenKind Kind;
  bool StartOfLine;
  bool InDirective;
  llvm::StringRef Text;
};

/// What a preprocessor condition guarantees about the build it compiles in.
struct GuardFacts {
  bool FreeThreaded = false;      ///< Py_GIL_DISABLED is defined.
  bool HasModGil = false;         ///< Python 3.13+: Py_mod_gil exists.
  bool NeverFreeThreaded = false; ///< Not a free-threaded build.
  /// Only a major version older than every interpreter a port targets
  /// compiles it (`#if PY_MAJOR_VERSION < 3`): dead code.
  bool OldMajorOnly = false;

  GuardFacts operator|(const GuardFacts &O) const {
    return {FreeThreaded || O.FreeThreaded, HasModGil || O.HasModGil,
            NeverFreeThreaded || O.NeverFreeThreaded,
            OldMajorOnly || O.OldMajorOnly};
  }
  GuardFacts operator&(const GuardFacts &O) const {
    return {FreeThreaded && O.FreeThreaded, HasModGil && O.HasModGil,
            NeverFreeThreaded && O.NeverFreeThreaded,
            OldMajorOnly && O.OldMajorOnly};
  }
  /// The text is compiled on one build and skipped on the other.
  bool buildDependent() const { return FreeThreaded || NeverFreeThreaded; }
};

/// What a condition guarantees when it is true and when it is false.
struct ConditionFacts {
  GuardFacts WhenTrue, WhenFalse;
  ConditionFacts negated() const { return {WhenFalse, WhenTrue}; }
};

/// The facts of an #if/#elif condition given as raw tokens. Understood:
/// defined(Py_GIL_DISABLED) (and the Py_mod_gil macros), a bare
/// Py_GIL_DISABLED, PY_VERSION_HEX or PY_MAJOR_VERSION compared with a
/// number, !, &&, || and parentheses. Anything else guarantees nothing.
ConditionFacts conditionFacts(llvm::ArrayRef<RawToken> Toks);

/// The facts of `#ifdef Macro` (negate them for #ifndef).
ConditionFacts definedFacts(llvm::StringRef Macro);

/// The raw tokens of \p Text (a condition, or a skipped block), with offsets
/// relative to \p Text; comments dropped.
llvm::SmallVector<RawToken, 16> lexRaw(llvm::StringRef Text,
                                       const LangOptions &LangOpts);

/// The conditional branches of one translation unit, as the preprocessor
/// meets them: for each branch, what its conditions (and the enclosing
/// branches' conditions) guarantee, and which branches were skipped. One
/// instance per preprocessor, shared by every check that asks.
class ConditionalBranches : public PPCallbacks {
public:
  /// The instance of \p PP, installed on first use; the preprocessor owns it.
  static ConditionalBranches &of(Preprocessor &PP);
  ~ConditionalBranches() override;

  /// What the branches enclosing \p Loc (a compiled location; macro
  /// locations are taken at their expansion) guarantee.
  GuardFacts factsAt(SourceLocation Loc) const;

  /// True when \p Loc is compiled only on builds that are not free-threaded
  /// (`#ifndef Py_GIL_DISABLED`, `#if PY_VERSION_HEX < 0x030D0000`, the
  /// `#else` of `#ifdef Py_GIL_DISABLED`...): such code cannot race.
  bool neverFreeThreaded(SourceLocation Loc) const {
    return factsAt(Loc).NeverFreeThreaded;
  }

  struct SkippedBranch {
    SourceRange Range; ///< From the directive's '#' to the next directive.
    GuardFacts Facts;  ///< What the skipped branch's conditions guarantee.
  };
  /// The branches this build skipped, in the order the preprocessor met them.
  llvm::ArrayRef<SkippedBranch> skipped() const { return Skipped; }

  /// A skipped branch of the user's code, with its text.
  struct SkippedText {
    SourceRange Range;
    llvm::StringRef Text;
  };
  /// The skipped branches of the user's files (not system or Python
  /// headers) that some interpreter a port targets compiles, with their
  /// text, in the order met: code the analyses cannot see. A branch only an
  /// older major version compiles (`#if PY_MAJOR_VERSION < 3`) is dead code
  /// and left out. Made once, after preprocessing.
  llvm::ArrayRef<SkippedText> liveUserSkippedTexts() const;

  /// The files (and buffers) the preprocessor entered that are not system
  /// headers, in the order entered: one FileID per inclusion, as in the
  /// SourceManager's table, without walking that table's macro expansions.
  llvm::ArrayRef<FileID> nonSystemFiles() const { return NonSystemFiles; }

  /// The file being lexed when the macro expansion \p Loc was made, which
  /// holds its expansion location: found from the order of the table's
  /// entries, without walking the expansion chain. Invalid when unknown (a
  /// file location, or one loaded from a module or precompiled header).
  FileID fileExpanding(SourceLocation Loc) const;

  /// The instance whose preprocessor uses \p SM, or nullptr.
  static const ConditionalBranches *find(const SourceManager &SM);

  void FileChanged(SourceLocation Loc, FileChangeReason Reason,
                   SrcMgr::CharacteristicKind FileType,
                   FileID PrevFID) override;

  void If(SourceLocation Loc, SourceRange ConditionRange,
          ConditionValueKind Value) override;
  void Elif(SourceLocation Loc, SourceRange ConditionRange,
            ConditionValueKind Value, SourceLocation IfLoc) override;
  void Ifdef(SourceLocation Loc, const Token &MacroNameTok,
             const MacroDefinition &MD) override;
  void Ifndef(SourceLocation Loc, const Token &MacroNameTok,
              const MacroDefinition &MD) override;
  void Elifdef(SourceLocation Loc, const Token &MacroNameTok,
               const MacroDefinition &MD) override;
  void Elifdef(SourceLocation Loc, SourceRange ConditionRange,
               SourceLocation IfLoc) override;
  void Elifndef(SourceLocation Loc, const Token &MacroNameTok,
                const MacroDefinition &MD) override;
  void Elifndef(SourceLocation Loc, SourceRange ConditionRange,
                SourceLocation IfLoc) override;
  void Else(SourceLocation Loc, SourceLocation IfLoc) override;
  void Endif(SourceLocation Loc, SourceLocation IfLoc) override;
  void SourceRangeSkipped(SourceRange Range, SourceLocation EndifLoc) override;

private:
  explicit ConditionalBranches(Preprocessor &PP) : PP(PP) {}

  struct Branch {
    FileID File;
    unsigned Begin; ///< File offset of the directive's name (`if`, `else`).
    unsigned End;   ///< File offset of the chain's next directive.
    GuardFacts Facts; ///< With the enclosing branches' facts.
  };
  struct Chain {
    SourceLocation IfLoc;
    GuardFacts Outer;       ///< The enclosing branch's facts.
    GuardFacts AllFalse;    ///< Earlier conditions of the chain all false.
    size_t Current;         ///< Index in Branches of the open branch.
  };

  /// \p Loc as file and offset, its expansion for a macro location; O(1)
  /// for a location in the file being lexed (every directive's).
  std::pair<FileID, unsigned> decomposed(SourceLocation Loc) const;

  void open(SourceLocation Loc, ConditionFacts Facts);
  void next(SourceLocation Loc, SourceLocation IfLoc, ConditionFacts Facts,
            bool IsElse);
  ConditionFacts factsOfRange(SourceRange Condition);

  /// The branches of each file sorted by their start, each with the index
  /// (in that list) of the innermost branch enclosing it, or -1: factsAt's
  /// search, built on first use and again after the branches change.
  struct FileIndex {
    std::vector<unsigned> Sorted; ///< Indexes into Branches.
    std::vector<int> Parent;      ///< Per entry of Sorted.
  };
  void buildIndex() const;

  Preprocessor &PP;
  std::vector<Branch> Branches;
  llvm::SmallVector<Chain, 8> Open;
  std::vector<SkippedBranch> Skipped;
  std::vector<FileID> NonSystemFiles;
  /// From each entry on, the file being lexed: the next free offset of the
  /// SourceManager's table when a file was entered or left, and the file
  /// lexed from then on. Entries are made in the order tokens are lexed.
  std::vector<std::pair<unsigned, FileID>> Lexed;
  /// The file being lexed, its range of locations [Start, Start + Size] and
  /// its text.
  struct {
    FileID File;
    unsigned Start = 0, Size = 0;
    llvm::StringRef Text;
  } Lexing;
  unsigned Changes = 0; ///< Bumped whenever a branch opens or ends.
  mutable unsigned IndexedChanges = ~0u;
  /// Questions asked since the branches last changed: while they keep
  /// changing (asked during preprocessing) a scan costs less than an index.
  mutable unsigned QueriesSinceChange = 0;
  mutable unsigned QueriedChanges = ~0u;
  mutable llvm::DenseMap<FileID, FileIndex> Index;
  mutable std::vector<SkippedText> LiveTexts;
  mutable size_t LiveTextsOf = ~size_t(0); ///< Skipped.size() when made.
};

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_PREPROCESSORCONDITIONS_H
