//===--- PreprocessorConditions.cpp ---------------------------------------===//

#include "lib/PreprocessorConditions.h"
#include "lib/CPythonAPI.h"
#include "lib/NameSearch.h"
#include "lib/PythonHeaders.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include <algorithm>
#include <mutex>
#include <string>

namespace clang::tidy::freethreading {

namespace {

using llvm::ArrayRef;
using llvm::StringRef;

/// Recursive descent over the tokens of an #if/#elif condition. Anything it
/// does not understand guarantees nothing.
class ConditionParser {
public:
  explicit ConditionParser(ArrayRef<RawToken> Toks) : Toks(Toks) {}
  ConditionFacts parse() {
    ConditionFacts R = parseOr();
    return Pos == Toks.size() ? R : ConditionFacts{};
  }

private:
  bool at(StringRef Text) const {
    return Pos < Toks.size() && Toks[Pos].Text == Text;
  }
  bool atBoundary() const { return Pos == Toks.size() || at("&&") || at("||") || at(")"); }

  /// Skips to the next '&&', '||' or ')' at this nesting level.
  ConditionFacts unknown() {
    int Depth = 0;
    while (Pos < Toks.size()) {
      if (Depth == 0 && atBoundary())
        break;
      if (at("("))
        ++Depth;
      else if (at(")"))
        --Depth;
      ++Pos;
    }
    return {};
  }

  ConditionFacts parseOr() {
    ConditionFacts R = parseAnd();
    while (at("||")) {
      ++Pos;
      ConditionFacts B = parseAnd();
      R = {R.WhenTrue & B.WhenTrue, R.WhenFalse | B.WhenFalse};
    }
    return R;
  }

  ConditionFacts parseAnd() {
    ConditionFacts R = parseUnary();
    while (at("&&")) {
      ++Pos;
      ConditionFacts B = parseUnary();
      R = {R.WhenTrue | B.WhenTrue, R.WhenFalse & B.WhenFalse};
    }
    return R;
  }

  ConditionFacts parseUnary() {
    if (at("!")) {
      ++Pos;
      return parseUnary().negated();
    }
    ConditionFacts R;
    if (at("(")) {
      ++Pos;
      R = parseOr();
      if (!at(")"))
        return unknown();
      ++Pos;
    } else {
      R = parseAtom();
    }
    return atBoundary() ? R : unknown();
  }

  /// Facts of 'PY_VERSION_HEX >= Bound'.
  static ConditionFacts atLeast(uint64_t Bound) {
    ConditionFacts R;
    const ModuleGilAPI &API = moduleGilAPI();
    R.WhenTrue.HasModGil = Bound >= API.GilSlotAddedIn;
    R.WhenFalse.NeverFreeThreaded = Bound <= API.FreeThreadedSince;
    R.WhenFalse.OldMajorOnly = Bound <= majorHex(API.OldestMajor);
    return R;
  }

  /// PY_VERSION_HEX of the first release of major version \p Major.
  static uint64_t majorHex(uint64_t Major) { return Major << 24; }

  /// Facts of '<Macro> Op Value', Macro the version (\p Major false) or the
  /// major version.
  static ConditionFacts compared(StringRef Op, uint64_t Value, bool Major) {
    uint64_t Low = Major ? majorHex(Value) : Value;
    uint64_t Next = Major ? majorHex(Value + 1) : Value + 1;
    if (Op == ">=")
      return atLeast(Low);
    if (Op == ">")
      return atLeast(Next);
    if (Op == "<")
      return atLeast(Low).negated();
    if (Op == "<=")
      return atLeast(Next).negated();
    if (Major && (Op == "==" || Op == "!=")) {
      // Both bounds hold: what either guarantees.
      ConditionFacts Equal = {
          atLeast(Low).WhenTrue | atLeast(Next).negated().WhenTrue, {}};
      return Op == "==" ? Equal : Equal.negated();
    }
    return {};
  }

  static bool number(const RawToken &T, uint64_t &Value) {
    if (T.Kind != tok::numeric_constant)
      return false;
    return !T.Text.rtrim("uUlL").getAsInteger(0, Value);
  }

  ConditionFacts parseAtom() {
    if (at("defined")) {
      ++Pos;
      bool Paren = at("(");
      if (Paren)
        ++Pos;
      if (Pos == Toks.size() || Toks[Pos].Kind != tok::raw_identifier)
        return unknown();
      StringRef Macro = Toks[Pos++].Text;
      if (Paren) {
        if (!at(")"))
          return unknown();
        ++Pos;
      }
      return definedFacts(Macro);
    }
    const ModuleGilAPI &API = moduleGilAPI();
    if (at(API.FreeThreadedMacro)) { // '#if Py_GIL_DISABLED': defined as 1.
      ++Pos;
      return definedFacts(API.FreeThreadedMacro);
    }
    uint64_t Value;
    bool Major = at(API.MajorVersionMacro);
    if ((Major || at(API.VersionMacro)) && Pos + 2 < Toks.size() &&
        number(Toks[Pos + 2], Value) && Value < (Major ? 256u : 1ull << 32)) {
      StringRef Op = Toks[Pos + 1].Text;
      Pos += 3;
      return compared(Op, Value, Major);
    }
    return unknown();
  }

  ArrayRef<RawToken> Toks;
  size_t Pos = 0;
};

} // namespace

ConditionFacts definedFacts(StringRef Macro) {
  const ModuleGilAPI &API = moduleGilAPI();
  if (Macro == API.FreeThreadedMacro)
    return {{true, true, false}, {false, false, true}};
  if (Macro == API.GilSlot || Macro == API.GilUsed || Macro == API.GilNotUsed)
    return {{false, true, false}, {false, false, true}};
  return {};
}

ConditionFacts conditionFacts(ArrayRef<RawToken> Toks) {
  return ConditionParser(Toks).parse();
}

llvm::SmallVector<RawToken, 16> lexRaw(StringRef Text,
                                       const LangOptions &LangOpts) {
  llvm::SmallVector<RawToken, 16> Out;
  // A raw lexer over a copy of the text (the lexer needs a NUL after the
  // end): token locations are offsets into it.
  std::string Buffer = Text.str();
  Lexer L(SourceLocation(), LangOpts, Buffer.c_str(), Buffer.c_str(),
          Buffer.c_str() + Buffer.size());
  bool InDirective = false;
  Token T;
  while (true) {
    L.LexFromRawLexer(T);
    if (T.is(tok::eof))
      break;
    unsigned Offset = T.getLocation().getRawEncoding();
    if (T.isAtStartOfLine())
      InDirective = T.is(tok::hash);
    Out.push_back({Offset, T.getLength(), T.getKind(), T.isAtStartOfLine(),
                   InDirective, Text.substr(Offset, T.getLength())});
  }
  return Out;
}

namespace {
std::mutex RegistryLock;
llvm::DenseMap<const Preprocessor *, ConditionalBranches *> &registry() {
  static llvm::DenseMap<const Preprocessor *, ConditionalBranches *> R;
  return R;
}
} // namespace

ConditionalBranches &ConditionalBranches::of(Preprocessor &PP) {
  std::lock_guard<std::mutex> Guard(RegistryLock);
  ConditionalBranches *&Slot = registry()[&PP];
  if (!Slot) {
    Slot = new ConditionalBranches(PP);
    PP.addPPCallbacks(std::unique_ptr<PPCallbacks>(Slot));
  }
  return *Slot;
}

ConditionalBranches::~ConditionalBranches() {
  std::lock_guard<std::mutex> Guard(RegistryLock);
  auto It = registry().find(&PP);
  if (It != registry().end() && It->second == this)
    registry().erase(It);
}

/// True when \p Text names a macro that conditionFacts() draws facts from;
/// a condition naming none of them guarantees nothing.
static bool namesBuildMacro(StringRef Text) {
  static const NameSearch Search = [] {
    const ModuleGilAPI &API = moduleGilAPI();
    return NameSearch({API.FreeThreadedMacro, API.VersionMacro,
                       API.MajorVersionMacro, API.GilSlot, API.GilUsed,
                       API.GilNotUsed});
  }();
  return Search.foundIn(Text);
}

ConditionFacts ConditionalBranches::factsOfRange(SourceRange Condition) {
  const SourceManager &SM = PP.getSourceManager();
  // Most conditions (those of the system's and CPython's headers) name none
  // of the macros: their text, from the condition's start to the end of the
  // line of its end, is searched before anything is lexed. (A condition
  // that starts or ends with a macro has macro locations: their expansion
  // is the name in the directive.)
  auto [BF, BO] = decomposed(Condition.getBegin());
  auto [EF, EO] = decomposed(Condition.getEnd());
  if (BF.isValid() && BF == EF && BO <= EO) {
    StringRef Buffer =
        BF == Lexing.File ? Lexing.Text : SM.getBufferData(BF);
    size_t LineEnd = Buffer.find('\n', std::min<size_t>(EO, Buffer.size()));
    if (!namesBuildMacro(Buffer.slice(BO, LineEnd)))
      return {};
  }
  CharSourceRange Range = CharSourceRange::getTokenRange(Condition);
  StringRef Text = Lexer::getSourceText(Range, SM, PP.getLangOpts());
  if (Text.empty())
    return {};
  return conditionFacts(lexRaw(Text, PP.getLangOpts()));
}

void ConditionalBranches::open(SourceLocation Loc, ConditionFacts Facts) {
  GuardFacts Outer = Open.empty() ? GuardFacts{}
                                  : Branches[Open.back().Current].Facts;
  auto [File, Offset] = decomposed(Loc);
  Branches.push_back({File, Offset, ~0u, Outer | Facts.WhenTrue});
  Open.push_back({Loc, Outer, Facts.WhenFalse, Branches.size() - 1});
  ++Changes;
}

void ConditionalBranches::next(SourceLocation Loc, SourceLocation IfLoc,
                               ConditionFacts Facts, bool IsElse) {
  if (Open.empty() || Open.back().IfLoc != IfLoc)
    return; // a chain inside a skipped block: not followed
  Chain &C = Open.back();
  auto [File, Offset] = decomposed(Loc);
  Branches[C.Current].End = Offset;
  ++Changes;
  GuardFacts Here = C.AllFalse;
  if (!IsElse) {
    Here = Here | Facts.WhenTrue;
    C.AllFalse = C.AllFalse | Facts.WhenFalse;
  }
  Branches.push_back({File, Offset, ~0u, C.Outer | Here});
  C.Current = Branches.size() - 1;
  ++Changes;
}

void ConditionalBranches::If(SourceLocation Loc, SourceRange ConditionRange,
                             ConditionValueKind) {
  open(Loc, factsOfRange(ConditionRange));
}

void ConditionalBranches::Elif(SourceLocation Loc, SourceRange ConditionRange,
                               ConditionValueKind, SourceLocation IfLoc) {
  next(Loc, IfLoc, factsOfRange(ConditionRange), /*IsElse=*/false);
}

void ConditionalBranches::Ifdef(SourceLocation Loc, const Token &MacroNameTok,
                                const MacroDefinition &) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  open(Loc, II ? definedFacts(II->getName()) : ConditionFacts{});
}

void ConditionalBranches::Ifndef(SourceLocation Loc, const Token &MacroNameTok,
                                 const MacroDefinition &) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  open(Loc, II ? definedFacts(II->getName()).negated() : ConditionFacts{});
}

// #elifdef and #elifndef (C23, C++23): evaluated, the chain's open #if is
// theirs; skipped, their condition is not read (it guarantees nothing).
void ConditionalBranches::Elifdef(SourceLocation Loc, const Token &MacroNameTok,
                                  const MacroDefinition &) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  if (!Open.empty())
    next(Loc, Open.back().IfLoc,
         II ? definedFacts(II->getName()) : ConditionFacts{},
         /*IsElse=*/false);
}

void ConditionalBranches::Elifdef(SourceLocation Loc, SourceRange,
                                  SourceLocation IfLoc) {
  next(Loc, IfLoc, {}, /*IsElse=*/false);
}

void ConditionalBranches::Elifndef(SourceLocation Loc,
                                   const Token &MacroNameTok,
                                   const MacroDefinition &) {
  const IdentifierInfo *II = MacroNameTok.getIdentifierInfo();
  if (!Open.empty())
    next(Loc, Open.back().IfLoc,
         II ? definedFacts(II->getName()).negated() : ConditionFacts{},
         /*IsElse=*/false);
}

void ConditionalBranches::Elifndef(SourceLocation Loc, SourceRange,
                                   SourceLocation IfLoc) {
  next(Loc, IfLoc, {}, /*IsElse=*/false);
}

void ConditionalBranches::Else(SourceLocation Loc, SourceLocation IfLoc) {
  next(Loc, IfLoc, {}, /*IsElse=*/true);
}

void ConditionalBranches::Endif(SourceLocation Loc, SourceLocation IfLoc) {
  if (Open.empty() || Open.back().IfLoc != IfLoc)
    return;
  Branches[Open.back().Current].End = decomposed(Loc).second;
  Open.pop_back();
  ++Changes;
}

void ConditionalBranches::FileChanged(SourceLocation Loc,
                                      FileChangeReason Reason,
                                      SrcMgr::CharacteristicKind FileType,
                                      FileID) {
  if (Reason != EnterFile && Reason != ExitFile)
    return;
  // Entered: the newest file of the table, a short lookup; exited: back in
  // the includer, once per #include.
  const SourceManager &SM = PP.getSourceManager();
  FileID File = Loc.isFileID() ? SM.getFileID(Loc) : FileID();
  Lexing.File = File;
  if (File.isValid()) {
    Lexing.Start = SM.getLocForStartOfFile(File).getRawEncoding();
    Lexing.Size = SM.getFileIDSize(File);
    Lexing.Text = SM.getBufferData(File);
  }
  Lexed.push_back({SM.getNextLocalOffset(), File});
  if (Reason == EnterFile && File.isValid() && !SrcMgr::isSystem(FileType))
    NonSystemFiles.push_back(File);
}

FileID ConditionalBranches::fileExpanding(SourceLocation Loc) const {
  const SourceManager &SM = PP.getSourceManager();
  if (!Loc.isMacroID() || SM.isLoadedSourceLocation(Loc))
    return FileID();
  // The offset: the encoding without the macro bit (the top one).
  static_assert(sizeof(SourceLocation::UIntTy) == 4);
  unsigned Offset = Loc.getRawEncoding() & ~(1u << 31);
  auto After = llvm::upper_bound(
      Lexed, Offset,
      [](unsigned O, const std::pair<unsigned, FileID> &E) {
        return O < E.first;
      });
  if (After == Lexed.begin())
    return FileID();
  return std::prev(After)->second;
}

const ConditionalBranches *ConditionalBranches::find(const SourceManager &SM) {
  std::lock_guard<std::mutex> Guard(RegistryLock);
  for (auto &[PP, Branches] : registry())
    if (&PP->getSourceManager() == &SM)
      return Branches;
  return nullptr;
}

std::pair<FileID, unsigned>
ConditionalBranches::decomposed(SourceLocation Loc) const {
  // (A file location's encoding is its offset.)
  unsigned Offset = Loc.getRawEncoding();
  if (Loc.isFileID() && Lexing.File.isValid() && Offset >= Lexing.Start &&
      Offset - Lexing.Start <= Lexing.Size)
    return {Lexing.File, Offset - Lexing.Start};
  return PP.getSourceManager().getDecomposedExpansionLoc(Loc);
}

void ConditionalBranches::SourceRangeSkipped(SourceRange Range,
                                             SourceLocation) {
  // The skipped branch is the one whose directive starts the range: the
  // range begins at its '#', the branch at the directive's name. It was
  // opened just before the skipping began, and only the chain's later
  // directives (an #elif that ended the skipping) were met since: the
  // branches at the end of the list that begin at or after the '#', the
  // first of them.
  auto [File, Hash] = decomposed(Range.getBegin());
  const Branch *Found = nullptr;
  for (auto It = Branches.rbegin();
       It != Branches.rend() && It->File == File && It->Begin >= Hash; ++It)
    Found = &*It;
  if (Found)
    Skipped.push_back({Range, Found->Facts});
}

llvm::ArrayRef<ConditionalBranches::SkippedText>
ConditionalBranches::liveUserSkippedTexts() const {
  if (LiveTextsOf == Skipped.size())
    return LiveTexts;
  const SourceManager &SM = PP.getSourceManager();
  LiveTexts.clear();
  for (const SkippedBranch &B : Skipped) {
    SourceLocation At = B.Range.getBegin();
    if (B.Facts.OldMajorOnly || At.isInvalid() || !At.isFileID() ||
        !isUserFile(SM.getFileID(At), SM))
      continue;
    bool Invalid = false;
    StringRef Text = Lexer::getSourceText(
        CharSourceRange::getCharRange(B.Range), SM, PP.getLangOpts(),
        &Invalid);
    if (!Invalid && !Text.empty())
      LiveTexts.push_back({B.Range, Text});
  }
  LiveTextsOf = Skipped.size();
  return LiveTexts;
}

void ConditionalBranches::buildIndex() const {
  Index.clear();
  for (unsigned I = 0; I < Branches.size(); ++I)
    Index[Branches[I].File].Sorted.push_back(I);
  for (auto &[File, FI] : Index) {
    // By start; of two starting together (never, for directives) the longer
    // first, so that it encloses the other.
    llvm::stable_sort(FI.Sorted, [&](unsigned A, unsigned B) {
      return Branches[A].Begin < Branches[B].Begin ||
             (Branches[A].Begin == Branches[B].Begin &&
              Branches[A].End > Branches[B].End);
    });
    // Branches nest or are disjoint: a stack of the open ones gives each
    // its innermost enclosing branch.
    FI.Parent.assign(FI.Sorted.size(), -1);
    llvm::SmallVector<int, 16> Stack;
    for (unsigned K = 0; K < FI.Sorted.size(); ++K) {
      const Branch &B = Branches[FI.Sorted[K]];
      while (!Stack.empty() && Branches[FI.Sorted[Stack.back()]].End <= B.Begin)
        Stack.pop_back();
      FI.Parent[K] = Stack.empty() ? -1 : Stack.back();
      Stack.push_back(K);
    }
  }
  IndexedChanges = Changes;
}

GuardFacts ConditionalBranches::factsAt(SourceLocation Loc) const {
  const SourceManager &SM = PP.getSourceManager();
  auto [File, Offset] = SM.getDecomposedExpansionLoc(Loc);
  if (IndexedChanges != Changes) {
    if (QueriedChanges != Changes) {
      QueriedChanges = Changes;
      QueriesSinceChange = 0;
    }
    if (++QueriesSinceChange < 16) { // still preprocessing, perhaps: scan
      const Branch *Inner = nullptr;
      for (const Branch &B : Branches)
        if (B.File == File && B.Begin <= Offset && Offset < B.End &&
            (!Inner || B.Begin >= Inner->Begin))
          Inner = &B;
      return Inner ? Inner->Facts : GuardFacts{};
    }
    buildIndex();
  }
  auto It = Index.find(File);
  if (It == Index.end())
    return GuardFacts{};
  const FileIndex &FI = It->second;
  // The last branch starting at or before Offset; if it does not contain
  // Offset, a branch that does encloses it.
  auto After = llvm::upper_bound(FI.Sorted, Offset, [&](unsigned Off, unsigned I) {
    return Off < Branches[I].Begin;
  });
  int K = int(After - FI.Sorted.begin()) - 1;
  while (K >= 0 && !(Offset < Branches[FI.Sorted[K]].End))
    K = FI.Parent[K];
  return K >= 0 ? Branches[FI.Sorted[K]].Facts : GuardFacts{};
}

} // namespace clang::tidy::freethreading
