//===--- MissingModGilCheck.cpp - freethreading-missing-mod-gil -----------===//
//
// Whether a module declares its GIL use, and whether that declaration is
// guarded, is decided from the text of the file, not from the AST: on the
// default build a declaration under '#ifdef Py_GIL_DISABLED' is skipped by
// the preprocessor and is not in the AST at all. The file's directives are
// lexed raw (see ConditionalStructure for how the rest is passed over); its
// conditional directives give a tree of branches, and each branch knows
// what its condition guarantees (free-threaded build, Python 3.13+, or "never
// a free-threaded build"). Both builds see the same text, so both report the
// same findings.
//===----------------------------------------------------------------------===//

#include "checks/MissingModGilCheck.h"
#include "lib/FunctionReferences.h"
#include "lib/PreprocessorConditions.h"
#include "lib/UserCodeScope.h"
#include "lib/Parents.h"
#include "lib/EnclosingFunction.h"
#include "lib/FreshName.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/SmallPtrSet.h"

using namespace clang::ast_matchers;

namespace clang::tidy::freethreading {

namespace {

constexpr llvm::StringLiteral SlotGuard = "#if PY_VERSION_HEX >= 0x030D0000";
constexpr llvm::StringLiteral CallGuard = "#ifdef Py_GIL_DISABLED";

} // namespace

/// The tree of one file's conditional branches, and its raw tokens from
/// wherever a caller needs them to the end of the file.
///
/// Lexing a whole large file token by token is most of this check's cost, and
/// the branches need only the directive lines. So the file is lexed only where
/// a line could be a directive or could change how the next line lexes; every
/// other line is passed over. The raw lexer keeps no state between a token and
/// the next beyond "at the start of a line", so lexing resumed where a line
/// starts outside any comment, literal or continuation (or at a token the
/// lexer marked as starting a line) sees exactly the tokens that lexing the
/// whole file would. Such resume points are recorded, and the tokens a caller
/// asks for are lexed from the nearest one before them.
class ConditionalStructure {
public:
  ConditionalStructure(FileID File, const SourceManager &SM,
                       const LangOptions &LangOpts)
      : File(File), FileStart(SM.getLocForStartOfFile(File)),
        LangOpts(LangOpts), Text(SM.getBufferOrFake(File).getBuffer()) {
    classifyCharacters();
    scanDirectives();
  }

  FileID file() const { return File; }
  StringRef text() const { return Text; }

  /// The raw tokens from a line at or before \p Offset to the end of the file,
  /// with at least four tokens before \p Offset when the file has them (the
  /// callers look back that far). Asking for an earlier offset than before
  /// lexes more; indices into tokens() obtained before are then stale.
  ArrayRef<RawToken> tokensFrom(unsigned Offset) {
    constexpr size_t Before = 4;
    size_t R = std::upper_bound(ResumePoints.begin(), ResumePoints.end(),
                                Offset) -
               ResumePoints.begin();
    R = R == 0 ? 0 : R - 1;
    while (true) {
      lexFrom(ResumePoints[R]);
      if (R == 0 || tokenAt(Offset) >= Before)
        return Tokens;
      --R;
    }
  }

  /// The tokens lexed so far (see tokensFrom).
  ArrayRef<RawToken> tokens() const { return Tokens; }

  /// Index in tokens() of the first token at or after \p Offset.
  size_t tokenAt(unsigned Offset) const {
    return std::lower_bound(Tokens.begin(), Tokens.end(), Offset,
                            [](const RawToken &T, unsigned O) {
                              return T.Offset < O;
                            }) -
           Tokens.begin();
  }

  /// The innermost branch containing \p Offset, or -1.
  int branchAt(unsigned Offset) const {
    int Found = -1;
    for (size_t I = 0; I < Branches.size(); ++I) {
      if (Branches[I].Begin > Offset)
        break;
      if (Offset < Branches[I].End)
        Found = I;
    }
    return Found;
  }

  /// True when branch \p Outer is \p Inner or one of its ancestors (-1 is
  /// the unconditional top level).
  bool within(int Inner, int Outer) const {
    for (int B = Inner;; B = Branches[B].Parent) {
      if (B == Outer)
        return true;
      if (B < 0)
        return false;
    }
  }

  /// What holds for the build wherever \p Offset is compiled.
  GuardFacts factsAt(unsigned Offset) const {
    GuardFacts F;
    for (int B = branchAt(Offset); B >= 0; B = Branches[B].Parent)
      F = F | Branches[B].Facts;
    return F;
  }

  unsigned lineStart(unsigned Offset) const {
    size_t NL = Text.rfind('\n', Offset == 0 ? 0 : Offset - 1);
    return (NL == StringRef::npos || Offset == 0) ? 0 : NL + 1;
  }

  /// The offset just after the newline that ends the line of \p Offset.
  unsigned nextLineStart(unsigned Offset) const {
    size_t NL = Text.find('\n', Offset);
    return NL == StringRef::npos ? Text.size() : NL + 1;
  }

  /// The spaces and tabs that begin the line of \p Offset.
  StringRef indentation(unsigned Offset) const {
    StringRef Line = Text.substr(lineStart(Offset));
    return Line.take_while([](char C) { return C == ' ' || C == '\t'; });
  }

  /// Nothing but blanks before \p Offset on its line.
  bool firstOnLine(unsigned Offset) const {
    unsigned Start = lineStart(Offset);
    return Start + indentation(Offset).size() == Offset;
  }

  /// The token at index \p I of tokens() is the last one on its line
  /// (comments aside).
  bool lastOnLine(size_t I) const {
    return I + 1 >= Tokens.size() || Tokens[I + 1].StartOfLine;
  }

private:
  struct Branch {
    unsigned Begin, End; ///< From its directive to the next one of its level.
    int Parent;
    GuardFacts Facts;
  };

  /// The token \p L has just lexed. The lexer gives buffer positions, so the
  /// offset needs no SourceManager lookup.
  RawToken rawToken(const Token &T, Lexer &L) const {
    unsigned Offset = L.getCurrentBufferOffset() - T.getLength();
    return {Offset,     T.getLength(),       T.getKind(),
            T.isAtStartOfLine(), false, Text.substr(Offset, T.getLength())};
  }

  /// Lexes the directives of the file into Branches, passing over the lines
  /// that cannot matter, and records where lexing may resume.
  void scanDirectives() {
    Lexer L(FileStart, LangOpts, Text.begin(), Text.begin(), Text.end());
    unsigned Pos = L.getCurrentBufferOffset(); // After a byte order mark.
    std::vector<OpenConditional> Open;
    SmallVector<RawToken, 8> Directive;
    Token T;
    auto ResumeAt = [&](unsigned Offset) {
      if (ResumePoints.empty() || ResumePoints.back() != Offset)
        ResumePoints.push_back(Offset);
    };
    ResumeAt(Pos);
    while (Pos < Text.size()) {
      // Pos starts a line outside any comment, literal or continuation.
      ResumeAt(Pos);
      if (unsigned Next = plainLineEnd(Pos, true)) {
        Pos = Next;
        continue;
      }
      L.seek(Pos, /*IsAtStartOfLine=*/true);
      L.LexFromRawLexer(T);
      // T is the first token of a line (or the end of the file).
      while (true) {
        if (T.is(tok::eof))
          return;
        unsigned Offset = L.getCurrentBufferOffset() - T.getLength();
        ResumeAt(Offset);
        if (T.is(tok::hash)) {
          Directive.clear();
          for (L.LexFromRawLexer(T); T.isNot(tok::eof) && !T.isAtStartOfLine();
               L.LexFromRawLexer(T))
            Directive.push_back(rawToken(T, L));
          directive(Offset, Directive, Open);
          continue;
        }
        if (unsigned Next = plainLineEnd(Offset, false)) {
          Pos = Next;
          break;
        }
        do
          L.LexFromRawLexer(T);
        while (T.isNot(tok::eof) && !T.isAtStartOfLine());
      }
    }
  }

  /// How plainLineEnd reads a character outside comments and literals.
  enum CharClass : uint8_t {
    Plain,   ///< Nothing that could reach the next line.
    LineEnd, ///< '\n' or '\r'.
    Splice,  ///< '\', or '?' with trigraphs ('?\?/'): may join lines.
    Slash,   ///< May start a comment.
    Quote,   ///< Starts a literal.
    Hard,    ///< Anything else for the lexer to judge: bytes beyond ASCII,
             ///< control characters (the buffer ends with a NUL).
  };

  void classifyCharacters() {
    for (unsigned C = 0; C < 256; ++C)
      Classes[C] = C >= 0x80 || (C < 0x20 && C != '\t' && C != '\f' &&
                                 C != '\v')
                       ? Hard
                       : Plain;
    Classes['\n'] = Classes['\r'] = LineEnd;
    Classes['\\'] = Splice;
    if (LangOpts.Trigraphs)
      Classes['?'] = Splice;
    Classes['/'] = Slash;
    Classes['"'] = Classes['\''] = Quote;
  }

  CharClass classOf(const char *P) const {
    return static_cast<CharClass>(Classes[static_cast<unsigned char>(*P)]);
  }

  /// When the line from \p From on lexes without comments or literals that
  /// could go on to the next line, and without a backslash or anything else
  /// the raw lexer could read differently from this scan, the offset where
  /// the next line starts; otherwise 0. With \p LineStart, a line whose first
  /// token could be '#' (or '%:', or come after a comment) is not plain
  /// either. Whatever is not plain is left to the lexer.
  unsigned plainLineEnd(unsigned From, bool LineStart) const {
    if (LangOpts.TraditionalCPP || LangOpts.AsmPreprocessor)
      return 0;
    // The buffer ends with a NUL, a Hard character: no bounds checks needed
    // until one is met.
    const char *P = Text.begin() + From, *End = Text.end();
    auto After = [&](const char *Q) { return Q + 1 - Text.begin(); };
    if (LineStart) {
      while (*P == ' ' || *P == '\t' || *P == '\f' || *P == '\v')
        ++P;
      if (*P == '#' || *P == '%' || (P[0] == '/' && P[1] == '*'))
        return 0;
    }
    while (true) {
      while (classOf(P) == Plain)
        ++P;
      switch (classOf(P)) {
      case Plain:
      case Splice:
        return 0;
      case Hard:
        return P == End ? Text.size() : 0;
      case LineEnd:
        return After(P);
      case Slash:
        if (P[1] == '/') {
          // A line comment, to the end of the line unless spliced on.
          if (!LangOpts.LineComment)
            return 0;
          for (P += 2; P != End; ++P) {
            if (classOf(P) == LineEnd)
              return After(P);
            if (classOf(P) == Splice)
              return 0;
          }
          return Text.size();
        }
        if (P[1] == '*') {
          // A block comment closed on this line: the first '*/' closes it.
          for (P += 2; !(P[0] == '*' && P[1] == '/'); ++P)
            if (P == End || classOf(P) == LineEnd)
              return 0;
          ++P;
        }
        ++P;
        break;
      case Quote: {
        // A literal closed on this line, without escapes. Not a raw string
        // (R"...", which may span lines), nor a quote that could be a digit
        // separator or follow a prefix: what comes before must end a token.
        if (P != Text.begin() &&
            !StringRef(" \t\f\v\n\r(,=[{:;!<>&|^~*%?)]}").contains(P[-1]))
          return 0;
        char Close = *P;
        for (++P; *P != Close; ++P)
          if (P == End || classOf(P) == LineEnd || classOf(P) == Splice)
            return 0;
        ++P;
        break;
      }
      }
    }
  }

  struct OpenConditional {
    int Branch;
    GuardFacts PreviousFalse; ///< Every earlier condition was false.
  };

  /// Adds the branch that the directive at \p Here opens, or closes one.
  /// \p Toks are the directive's tokens after the '#'.
  void directive(unsigned Here, ArrayRef<RawToken> Toks,
                 std::vector<OpenConditional> &Stack) {
    if (Toks.empty())
      return;
    StringRef Name = Toks[0].Text;
    ArrayRef<RawToken> Cond = Toks.drop_front();
    // '#ifdef X' is '#if defined X'.
    auto Defined = [&](bool Negate) {
      if (Cond.size() != 1)
        return ConditionFacts{};
      RawToken Spelled[] = {Cond[0], Cond[0]};
      Spelled[0].Text = "defined";
      Spelled[0].Kind = tok::raw_identifier;
      ConditionFacts F = conditionFacts(Spelled);
      return Negate ? F.negated() : F;
    };
    // A branch's parent is the current branch of the enclosing
    // conditional, not an earlier branch of its own.
    auto Start = [&](ConditionFacts F, GuardFacts Before, size_t Depth) {
      int Parent = Depth == 0 ? -1 : Stack[Depth - 1].Branch;
      Branches.push_back({Here, static_cast<unsigned>(Text.size()), Parent,
                          Before | F.WhenTrue});
      return static_cast<int>(Branches.size() - 1);
    };
    if (Name == "if" || Name == "ifdef" || Name == "ifndef") {
      ConditionFacts F = Name == "if" ? conditionFacts(Cond)
                                      : Defined(Name == "ifndef");
      int B = Start(F, {}, Stack.size());
      Stack.push_back({B, F.WhenFalse});
    } else if (Stack.empty()) {
      return; // An unbalanced directive: leave the tree as it is.
    } else if (Name == "elif" || Name == "elifdef" || Name == "elifndef" ||
               Name == "else") {
      OpenConditional &O = Stack.back();
      Branches[O.Branch].End = Here;
      ConditionFacts F;
      if (Name == "elif")
        F = conditionFacts(Cond);
      else if (Name != "else")
        F = Defined(Name == "elifndef");
      O.Branch = Start(F, O.PreviousFalse, Stack.size() - 1);
      O.PreviousFalse = O.PreviousFalse | F.WhenFalse;
    } else if (Name == "endif") {
      Branches[Stack.back().Branch].End = Here;
      Stack.pop_back();
    }
  }

  /// Makes tokens() start at resume point \p Start or before: lexes from
  /// there up to the tokens lexed already (or to the end of the file).
  void lexFrom(unsigned Start) {
    if (Lexed && Start >= TokensStart)
      return;
    unsigned Stop = Lexed ? TokensStart : Text.size() + 1;
    Lexer L(FileStart, LangOpts, Text.begin(), Text.begin() + Start,
            Text.end());
    std::vector<RawToken> Front;
    bool InDirective = false;
    Token T;
    for (L.LexFromRawLexer(T); T.isNot(tok::eof); L.LexFromRawLexer(T)) {
      RawToken R = rawToken(T, L);
      if (R.Offset >= Stop)
        break;
      if (R.StartOfLine)
        InDirective = T.is(tok::hash);
      R.InDirective = InDirective;
      Front.push_back(R);
    }
    Tokens.insert(Tokens.begin(), Front.begin(), Front.end());
    TokensStart = Start;
    Lexed = true;
  }

  FileID File;
  SourceLocation FileStart;
  const LangOptions &LangOpts;
  StringRef Text;
  std::vector<Branch> Branches; ///< In order of their directives.
  uint8_t Classes[256]; ///< CharClass of each character.
  /// Offsets, in order, where the raw lexer may start and see the tokens it
  /// would see lexing the file from its start: lines starting outside any
  /// comment, literal or continuation, and tokens that start a line.
  std::vector<unsigned> ResumePoints;
  /// The raw tokens from offset TokensStart to the end of the file, once
  /// Lexed.
  std::vector<RawToken> Tokens;
  unsigned TokensStart = 0;
  bool Lexed = false;
};

namespace {

StringRef validGilValue(StringRef Value) {
  if (Value == "Py_MOD_GIL_USED")
    return "Py_MOD_GIL_USED";
  return "Py_MOD_GIL_NOT_USED";
}

bool isRecordNamed(QualType T, StringRef Name) {
  const auto *RD = T.isNull() ? nullptr : T->getAsRecordDecl();
  return RD && RD->getName() == Name;
}

bool isSlotArray(const VarDecl *VD, const ASTContext &Ctx) {
  const ArrayType *AT = Ctx.getAsArrayType(VD->getType());
  return AT && isRecordNamed(AT->getElementType(), "PyModuleDef_Slot");
}

/// The PyModuleDef_Slot array the m_slots member of \p Def names, if its
/// definition (with an initializer) is in the translation unit.
const VarDecl *slotArrayOf(const VarDecl *Def, const ASTContext &Ctx) {
  const auto *ILE = dyn_cast_or_null<InitListExpr>(Def->getInit());
  const RecordDecl *RD = Def->getType()->getAsRecordDecl();
  if (!ILE || !RD)
    return nullptr;
  for (const FieldDecl *F : RD->fields()) {
    if (F->getName() != "m_slots")
      continue;
    if (F->getFieldIndex() >= ILE->getNumInits())
      return nullptr;
    const Expr *E = ILE->getInit(F->getFieldIndex())->IgnoreParenCasts();
    if (const auto *Addr = dyn_cast<UnaryOperator>(E)) // &slots[0]
      if (Addr->getOpcode() == UO_AddrOf)
        if (const auto *Sub = dyn_cast<ArraySubscriptExpr>(
                Addr->getSubExpr()->IgnoreParens()))
          E = Sub->getBase()->IgnoreParenCasts();
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *VD = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!VD || !isSlotArray(VD, Ctx))
      return nullptr;
    const VarDecl *WithInit = nullptr;
    VD->getAnyInitializer(WithInit);
    return WithInit;
  }
  return nullptr;
}

/// The name of module \p Def for messages: its m_name literal, or the
/// variable's name.
std::string moduleName(const VarDecl *Def) {
  if (const auto *ILE = dyn_cast_or_null<InitListExpr>(Def->getInit()))
    if (ILE->getNumInits() > 1)
      if (const auto *S = dyn_cast<StringLiteral>(
              ILE->getInit(1)->IgnoreParenImpCasts()))
        return ("'" + S->getString() + "'").str();
  return ("defined by '" + Def->getName() + "'").str();
}

bool refersTo(const Expr *E, const VarDecl *V) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl() == V;
  if (const auto *Assign = dyn_cast<BinaryOperator>(E))
    return Assign->getOpcode() == BO_Assign && refersTo(Assign->getLHS(), V);
  return false;
}

/// \p Cond is true whenever \p V is NULL ('!m', 'm == NULL', 'NULL == m',
/// or one of these in an '||').
bool testsForNull(const Expr *Cond, const VarDecl *V, ASTContext &Ctx) {
  Cond = Cond->IgnoreParenImpCasts();
  auto IsNull = [&](const Expr *E) {
    return E->isNullPointerConstant(Ctx, Expr::NPC_ValueDependentIsNotNull) !=
           Expr::NPCK_NotNull;
  };
  if (const auto *B = dyn_cast<BinaryOperator>(Cond)) {
    if (B->getOpcode() == BO_LOr)
      return testsForNull(B->getLHS(), V, Ctx) ||
             testsForNull(B->getRHS(), V, Ctx);
    if (B->getOpcode() == BO_EQ)
      return (refersTo(B->getLHS(), V) && IsNull(B->getRHS())) ||
             (refersTo(B->getRHS(), V) && IsNull(B->getLHS()));
  }
  if (const auto *U = dyn_cast<UnaryOperator>(Cond))
    return U->getOpcode() == UO_LNot && refersTo(U->getSubExpr(), V);
  return false;
}

bool alwaysLeaves(const Stmt *S) {
  if (isa_and_nonnull<ReturnStmt, GotoStmt>(S))
    return true;
  if (const auto *CS = dyn_cast_or_null<CompoundStmt>(S))
    return !CS->body_empty() && alwaysLeaves(CS->body_back());
  return false;
}

/// An 'if' that leaves the function (return/goto) when \p V is NULL.
bool isNullCheckOf(const Stmt *S, const VarDecl *V, ASTContext &Ctx) {
  const auto *If = dyn_cast_or_null<IfStmt>(S);
  return If && !If->getInit() && !If->getConditionVariable() &&
         testsForNull(If->getCond(), V, Ctx) && alwaysLeaves(If->getThen());
}

bool containsLabel(const Stmt *S) {
  if (!S)
    return false;
  if (isa<LabelStmt>(S))
    return true;
  for (const Stmt *Child : S->children())
    if (containsLabel(Child))
      return true;
  return false;
}

const Stmt *parentStmt(const Stmt *S, ASTContext &Ctx) {
  auto Parents = parentsOf(*S, Ctx);
  return Parents.empty() ? nullptr : Parents[0].get<Stmt>();
}

} // namespace

MissingModGilCheck::MissingModGilCheck(StringRef Name,
                                       ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context),
      GilValueOption(Options.get("GilValue", "Py_MOD_GIL_NOT_USED")),
      GilValue(validGilValue(GilValueOption)) {
  if (GilValueOption != GilValue)
    configurationDiag("invalid value '%0' for option '%1.GilValue': expected "
                      "'Py_MOD_GIL_NOT_USED' or 'Py_MOD_GIL_USED'; using "
                      "'Py_MOD_GIL_NOT_USED'")
        << GilValueOption << Name;
}

MissingModGilCheck::~MissingModGilCheck() = default;

void MissingModGilCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "GilValue", GilValueOption);
}

void MissingModGilCheck::registerMatchers(MatchFinder *Finder) {
  addUserCodeScope(*Finder, Options);
  Finder->addMatcher(varDecl(hasInitializer(initListExpr())).bind("var"),
                     this);
  Finder->addMatcher(functionDecl(isDefinition()).bind("function"), this);
}

void MissingModGilCheck::check(const MatchFinder::MatchResult &Result) {
  Ctx = Result.Context;
  const SourceManager &SM = *Result.SourceManager;
  if (const auto *VD = Result.Nodes.getNodeAs<VarDecl>("var")) {
    if (SM.isInSystemHeader(VD->getLocation()))
      return;
    if (isRecordNamed(VD->getType(), "PyModuleDef"))
      ModuleDefs.insert(VD);
    else if (isSlotArray(VD, *Ctx))
      SlotArrays.insert(VD);
  } else if (const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("function")) {
    if (FD->getIdentifier() && FD->getName().starts_with("PyInit_") &&
        FD->hasBody() && !SM.isInSystemHeader(FD->getLocation()))
      InitFunctions.insert(FD);
  }
}

ConditionalStructure &MissingModGilCheck::structureOf(FileID File) {
  auto &Slot = Structures[File];
  if (!Slot)
    Slot = std::make_unique<ConditionalStructure>(
        File, Ctx->getSourceManager(), Ctx->getLangOpts());
  return *Slot;
}

void MissingModGilCheck::onEndOfTranslationUnit() {
  if (Ctx) {
    llvm::DenseMap<const VarDecl *, const VarDecl *> DefOfArray;
    for (const VarDecl *Def : ModuleDefs)
      if (const VarDecl *Slots = slotArrayOf(Def, *Ctx))
        DefOfArray.try_emplace(Slots, Def);
    for (const VarDecl *Slots : SlotArrays)
      if (const VarDecl *Def = DefOfArray.lookup(Slots))
        checkSlotArray(Slots, Def);
    for (const FunctionDecl *Init : InitFunctions)
      checkSinglePhase(Init);
    for (const auto &[Creator, Inits] : Creators)
      reportCreation(Creator, Inits);
    checkUnguarded();
  }
  ModuleDefs.clear();
  SlotArrays.clear();
  InitFunctions.clear();
  Creators.clear();
  Structures.clear();
  Ctx = nullptr;
}

namespace {

constexpr llvm::StringLiteral Promise =
    "(declaring Py_MOD_GIL_NOT_USED promises that the module is thread-safe: "
    "true only when the other freethreading-* checks report nothing in this "
    "file)";

/// Indices in S.tokens() of identifier \p Name in [Begin, End], outside
/// directives.
SmallVector<size_t, 2> occurrences(ConditionalStructure &S, StringRef Name,
                                   unsigned Begin, unsigned End) {
  ArrayRef<RawToken> T = S.tokensFrom(Begin);
  SmallVector<size_t, 2> Found;
  for (size_t I = S.tokenAt(Begin); I < T.size() && T[I].Offset <= End; ++I)
    if (!T[I].InDirective && T[I].Text == Name &&
        T[I].Kind == tok::raw_identifier)
      Found.push_back(I);
  return Found;
}

/// The index of the bracket closing the one at \p Open, or npos.
size_t matchingClose(ArrayRef<RawToken> T, size_t Open) {
  int Depth = 0;
  for (size_t I = Open; I < T.size(); ++I) {
    if (T[I].Kind == tok::l_paren || T[I].Kind == tok::l_brace ||
        T[I].Kind == tok::l_square)
      ++Depth;
    else if (T[I].Kind == tok::r_paren || T[I].Kind == tok::r_brace ||
             T[I].Kind == tok::r_square)
      if (--Depth == 0)
        return I;
  }
  return StringRef::npos;
}

/// The index of the ';' that ends the statement going on at \p From, or
/// npos when a closing bracket or a directive comes first.
size_t statementEnd(ArrayRef<RawToken> T, size_t From) {
  for (size_t I = From; I < T.size(); ++I) {
    if (T[I].InDirective || T[I].Kind == tok::r_paren ||
        T[I].Kind == tok::r_brace || T[I].Kind == tok::r_square)
      return StringRef::npos;
    if (T[I].Kind == tok::semi)
      return I;
    if (T[I].Kind == tok::l_paren || T[I].Kind == tok::l_brace ||
        T[I].Kind == tok::l_square) {
      I = matchingClose(T, I);
      if (I == StringRef::npos)
        return I;
    }
  }
  return StringRef::npos;
}

} // namespace

void MissingModGilCheck::checkSlotArray(const VarDecl *Slots,
                                        const VarDecl *Def) {
  const SourceManager &SM = Ctx->getSourceManager();
  const auto *ILE = dyn_cast<InitListExpr>(Slots->getInit());
  if (!ILE)
    return;
  SourceLocation LBrace = ILE->getLBraceLoc(), RBrace = ILE->getRBraceLoc();
  if (LBrace.isInvalid() || RBrace.isInvalid() || LBrace.isMacroID() ||
      RBrace.isMacroID())
    return; // Written by a macro: its text is not in the file.
  auto [File, Begin] = SM.getDecomposedLoc(LBrace);
  ConditionalStructure &S = structureOf(File);
  unsigned End = SM.getFileOffset(RBrace);
  // Compiled on one build only: the other build cannot see it, and the
  // findings must be the same on both. Never on a free-threaded build: the
  // GIL declaration would have no effect.
  if (S.factsAt(SM.getFileOffset(SM.getExpansionLoc(Slots->getLocation())))
          .buildDependent())
    return;
  if (!occurrences(S, "Py_mod_gil", Begin, End).empty())
    return;

  bool SameFile =
      SM.getFileID(SM.getExpansionLoc(Def->getLocation())) == File;
  SourceLocation Where = SameFile ? SM.getExpansionLoc(Slots->getLocation())
                                  : SM.getExpansionLoc(Def->getLocation());
  SmallVector<FixItHint, 1> Fixes;
  auto Fix = [&]() -> StringRef {
    if (!SameFile)
      return "the slot array is defined in another file";
    if (const TypeSourceInfo *TSI = Slots->getTypeSourceInfo())
      if (auto AT = TSI->getTypeLoc().getAs<ArrayTypeLoc>();
          AT && AT.getSizeExpr())
        return "the array has an explicit size";
    const auto *Term =
        ILE->getNumInits() == 0
            ? nullptr
            : dyn_cast<InitListExpr>(ILE->getInit(ILE->getNumInits() - 1));
    Expr::EvalResult Slot;
    if (!Term || Term->getNumInits() == 0 ||
        !Term->getInit(0)->EvaluateAsInt(Slot, *Ctx) ||
        Slot.Val.getInt() != 0)
      return "the array does not end with a '{0, NULL}' terminator";
    SourceLocation TermLoc = Term->getLBraceLoc();
    if (TermLoc.isInvalid() || TermLoc.isMacroID() ||
        SM.getFileID(TermLoc) != File)
      return "the terminator is written by a macro";
    unsigned TermOffset = SM.getFileOffset(TermLoc);
    if (S.branchAt(TermOffset) != S.branchAt(Begin))
      return "the terminator is inside a conditional block";

    std::string Entry = ("{Py_mod_gil, " + GilValue + "},\n").str();
    if (S.firstOnLine(TermOffset)) {
      Fixes.push_back(FixItHint::CreateInsertion(
          SM.getComposedLoc(File, S.lineStart(TermOffset)),
          (SlotGuard + "\n" + S.indentation(TermOffset) + Entry + "#endif\n")
              .str()));
    } else {
      std::string Indent = (S.indentation(TermOffset) + "    ").str();
      Fixes.push_back(FixItHint::CreateInsertion(
          TermLoc, ("\n" + SlotGuard + "\n" + Indent + Entry + "#endif\n" +
                    Indent)
                       .str()));
    }
    return "";
  };
  StringRef Why = Fix();
  diag(Where, "module %0 does not declare whether it needs the GIL, so "
              "importing it re-enables the GIL on free-threaded builds; add a "
              "Py_mod_gil slot to '%1' %2")
      << moduleName(Def) << Slots->getName() << Promise << Fixes;
  if (!Why.empty())
    diag(Where,
         "no fix-it: %0; add '{Py_mod_gil, %1},' before the terminator, "
         "under '%2'",
         DiagnosticIDs::Note)
        << Why << GilValue << SlotGuard;
}

const CompoundStmt *
MissingModGilCheck::undeclaredBody(const FunctionDecl *FD) {
  const SourceManager &SM = Ctx->getSourceManager();
  const auto *Body = dyn_cast_or_null<CompoundStmt>(FD->getBody());
  if (!Body || Body->getLBracLoc().isMacroID() ||
      Body->getRBracLoc().isMacroID() ||
      SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  FileID File = SM.getFileID(Body->getLBracLoc());
  ConditionalStructure &S = structureOf(File);
  if (S.factsAt(SM.getFileOffset(SM.getExpansionLoc(FD->getLocation())))
          .buildDependent())
    return nullptr;
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen = {FD->getCanonicalDecl()};
  if (declaresIn(Body, /*Depth=*/3, Seen))
    return nullptr;
  return Body;
}

bool MissingModGilCheck::declaresIn(
    const CompoundStmt *Body, unsigned Depth,
    llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  const SourceManager &SM = Ctx->getSourceManager();
  auto [File, Begin] = SM.getDecomposedLoc(Body->getLBracLoc());
  unsigned End = SM.getFileOffset(Body->getRBracLoc());
  ConditionalStructure &S = structureOf(File);
  if (!occurrences(S, "PyUnstable_Module_SetGIL", Begin, End).empty())
    return true;
  if (Depth == 0)
    return false;
  // The calls are read from the text, so that a call compiled on one build
  // only (`#ifdef Py_GIL_DISABLED configure(m); #endif`) counts on both.
  // The names are collected first: following a callee defined earlier in
  // the file lexes more of it, which moves the tokens T points into.
  SmallVector<StringRef, 8> Called;
  {
    ArrayRef<RawToken> T = S.tokensFrom(Begin);
    for (size_t I = S.tokenAt(Begin); I + 1 < T.size() && T[I].Offset <= End;
         ++I)
      if (!T[I].InDirective && T[I].Kind == tok::raw_identifier &&
          T[I + 1].Kind == tok::l_paren && !llvm::is_contained(Called, T[I].Text))
        Called.push_back(T[I].Text); // the file's text: stable
  }
  for (StringRef Name : Called) {
    for (const NamedDecl *ND : fileScopeDeclarations(*Ctx, Name)) {
      const auto *Callee = dyn_cast<FunctionDecl>(ND);
      const FunctionDecl *Def = nullptr;
      if (!Callee || !Callee->hasBody(Def) ||
          !Seen.insert(Def->getCanonicalDecl()).second ||
          SM.isInSystemHeader(Def->getLocation()))
        continue;
      const auto *CalleeBody = dyn_cast_or_null<CompoundStmt>(Def->getBody());
      if (CalleeBody && !CalleeBody->getLBracLoc().isMacroID() &&
          !CalleeBody->getRBracLoc().isMacroID() &&
          declaresIn(CalleeBody, Depth - 1, Seen))
        return true;
    }
  }
  return false;
}

bool MissingModGilCheck::onBothBuilds(SourceLocation Loc, FileID File) {
  const SourceManager &SM = Ctx->getSourceManager();
  Loc = SM.getExpansionLoc(Loc);
  return SM.getFileID(Loc) == File &&
         !structureOf(File).factsAt(SM.getFileOffset(Loc)).buildDependent();
}

SmallVector<const CallExpr *, 1>
MissingModGilCheck::creationsIn(const CompoundStmt *Body) {
  FileID File = Ctx->getSourceManager().getFileID(Body->getLBracLoc());
  SmallVector<const CallExpr *, 1> Creates;
  for (const BoundNodes &N : match(
           findAll(callExpr(callee(functionDecl(hasName("PyModule_Create2"))))
                       .bind("create")),
           *Body, *Ctx)) {
    const auto *Call = N.getNodeAs<CallExpr>("create");
    if (onBothBuilds(Call->getBeginLoc(), File))
      Creates.push_back(Call);
  }
  return Creates;
}

namespace {

/// The variable the value of \p E is stored into by 'V = E' or 'T *V = E'
/// (through parentheses and implicit casts), or null.
const VarDecl *storedInto(const Expr *E, ASTContext &Ctx) {
  const Expr *Outer = E;
  const Stmt *P = parentStmt(Outer, Ctx);
  while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
    Outer = cast<Expr>(P);
    P = parentStmt(P, Ctx);
  }
  if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
      Assign && Assign->getOpcode() == BO_Assign &&
      Assign->getRHS()->IgnoreParenImpCasts() == E) {
    const auto *Ref =
        dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
    return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  }
  auto Parents = parentsOf(*Outer, Ctx);
  if (!Parents.empty())
    if (const auto *VD = Parents[0].get<VarDecl>();
        VD && VD->getInit() && VD->getInit()->IgnoreParenImpCasts() == E)
      return VD;
  return nullptr;
}

} // namespace

SmallVector<const Expr *, 2>
MissingModGilCheck::returnedValues(const FunctionDecl *FD,
                                   const CompoundStmt *Body) {
  FileID File = Ctx->getSourceManager().getFileID(Body->getLBracLoc());
  // FD's own returns: not those of a lambda or block inside it.
  struct ReturnFinder : RecursiveASTVisitor<ReturnFinder> {
    SmallVector<const ReturnStmt *, 4> Found;
    bool VisitReturnStmt(ReturnStmt *R) {
      Found.push_back(R);
      return true;
    }
  } Finder;
  Finder.TraverseStmt(const_cast<CompoundStmt *>(Body));
  SmallVector<const Expr *, 2> Values;
  for (const ReturnStmt *Ret : Finder.Found)
    if (Ret->getRetValue() && innermostFunction(Ret, *Ctx).D == FD &&
        onBothBuilds(Ret->getBeginLoc(), File))
      Values.push_back(Ret->getRetValue()->IgnoreParenImpCasts());
  return Values;
}

SmallVector<const FunctionDecl *, 1>
MissingModGilCheck::helpersReturnedBy(const FunctionDecl *FD,
                                      const CompoundStmt *Body) {
  const SourceManager &SM = Ctx->getSourceManager();
  FileID File = SM.getFileID(Body->getLBracLoc());
  // The calls whose result FD returns: 'return helper();', or 'm = helper();'
  // / 'PyObject *m = helper();' with 'return m;'.
  SmallVector<const CallExpr *, 2> Calls;
  llvm::SmallPtrSet<const VarDecl *, 2> ReturnedVars;
  for (const Expr *Value : returnedValues(FD, Body)) {
    if (const auto *Call = dyn_cast<CallExpr>(Value))
      Calls.push_back(Call);
    else if (const auto *Ref = dyn_cast<DeclRefExpr>(Value))
      if (const auto *VD = dyn_cast<VarDecl>(Ref->getDecl()))
        ReturnedVars.insert(VD);
  }
  if (!ReturnedVars.empty())
    for (const BoundNodes &N :
         match(findAll(callExpr().bind("call")), *Body, *Ctx)) {
      const auto *Call = N.getNodeAs<CallExpr>("call");
      if (ReturnedVars.contains(storedInto(Call, *Ctx)) &&
          onBothBuilds(Call->getBeginLoc(), File))
        Calls.push_back(Call);
    }
  SmallVector<const FunctionDecl *, 1> Helpers;
  for (const CallExpr *Call : Calls) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    const FunctionDecl *Def = nullptr;
    // A function defined in this translation unit, not a template: a
    // function defined in another translation unit cannot be read. Lambdas
    // and operators are not followed: the messages name the helper.
    if (!Callee || !Callee->hasBody(Def) || !Def->getIdentifier() ||
        Def->getTemplatedKind() != FunctionDecl::TK_NonTemplate ||
        llvm::is_contained(Helpers, Def))
      continue;
    Helpers.push_back(Def);
  }
  return Helpers;
}

void MissingModGilCheck::checkSinglePhase(const FunctionDecl *Init) {
  // Follow the module from PyInit_<name> through the static helpers whose
  // result it returns, to the function that creates it. A function on the
  // way that calls PyUnstable_Module_SetGIL declares for the module.
  SmallVector<const FunctionDecl *, 2> Work = {Init};
  llvm::SmallPtrSet<const FunctionDecl *, 4> Seen;
  while (!Work.empty()) {
    const FunctionDecl *FD = Work.pop_back_val();
    if (!Seen.insert(FD->getCanonicalDecl()).second)
      continue;
    const CompoundStmt *Body = undeclaredBody(FD);
    if (!Body)
      continue;
    SmallVector<const CallExpr *, 1> Creates = creationsIn(Body);
    if (Creates.empty()) {
      for (const FunctionDecl *Helper : helpersReturnedBy(FD, Body))
        Work.push_back(Helper);
      continue;
    }
    // A helper counts when it returns the module it creates.
    if (FD != Init) {
      const VarDecl *Module = storedInto(Creates.front(), *Ctx);
      bool Returned = llvm::any_of(returnedValues(FD, Body), [&](const Expr *E) {
        if (E == Creates.front())
          return true;
        const auto *Ref = dyn_cast<DeclRefExpr>(E);
        return Module && Ref && Ref->getDecl() == Module;
      });
      if (!Returned)
        continue;
    }
    auto &Inits = Creators[FD];
    if (!llvm::is_contained(Inits, Init))
      Inits.push_back(Init);
  }
}

void MissingModGilCheck::reportCreation(const FunctionDecl *Creator,
                                        ArrayRef<const FunctionDecl *> Inits) {
  const SourceManager &SM = Ctx->getSourceManager();
  const CompoundStmt *Body = undeclaredBody(Creator);
  SmallVector<const CallExpr *, 1> Creates = creationsIn(Body);
  auto [File, BodyBegin] = SM.getDecomposedLoc(Body->getLBracLoc());
  ConditionalStructure &S = structureOf(File);
  ArrayRef<RawToken> T = S.tokensFrom(BodyBegin);
  const CallExpr *Create = Creates.front();
  SourceLocation Where = SM.getExpansionLoc(Create->getBeginLoc());

  // The file extent of a statement: first token to its ';' (or '}').
  auto Extent = [&](const Stmt *St, size_t &First, size_t &Last) {
    SourceLocation B = SM.getExpansionLoc(St->getBeginLoc());
    SourceLocation E = SM.getExpansionRange(St->getEndLoc()).getEnd();
    if (SM.getFileID(B) != File || SM.getFileID(E) != File)
      return false;
    First = S.tokenAt(SM.getFileOffset(B));
    Last = S.tokenAt(SM.getFileOffset(E));
    if (Last + 1 < T.size() && T[Last + 1].Kind == tok::semi)
      ++Last;
    return First < T.size() && Last < T.size();
  };

  SmallVector<FixItHint, 1> Fixes;
  auto Fix = [&]() -> StringRef {
    if (Creates.size() > 1)
      return "the function creates more than one module";
    // The statement of the body holding the call, and how it holds it.
    const Expr *Outer = Create;
    const Stmt *P = parentStmt(Outer, *Ctx);
    while (isa_and_nonnull<ParenExpr, ImplicitCastExpr>(P)) {
      Outer = cast<Expr>(P);
      P = parentStmt(P, *Ctx);
    }
    const VarDecl *Module = nullptr;
    const Stmt *Statement = nullptr;
    if (const auto *Assign = dyn_cast_or_null<BinaryOperator>(P);
        Assign && Assign->getOpcode() == BO_Assign &&
        Assign->getRHS()->IgnoreParenImpCasts() == Create) {
      if (const auto *Ref =
              dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts()))
        Module = dyn_cast<VarDecl>(Ref->getDecl());
      Statement = Assign;
      // 'if ((m = PyModule_Create(&def)) == NULL)': the statement is the if.
      const Stmt *Up = parentStmt(Assign, *Ctx);
      while (isa_and_nonnull<Expr>(Up)) {
        Statement = Up;
        Up = parentStmt(Up, *Ctx);
      }
      if (const auto *If = dyn_cast_or_null<IfStmt>(Up);
          If && If->getCond() == Statement)
        Statement = If;
    } else if (const auto *Ret = dyn_cast_or_null<ReturnStmt>(P)) {
      Statement = Ret;
    } else {
      auto Parents = parentsOf(*Outer, *Ctx);
      if (!Parents.empty())
        if (const auto *VD = Parents[0].get<VarDecl>();
            VD && VD->getInit() &&
            VD->getInit()->IgnoreParenImpCasts() == Create) {
          Module = VD;
          auto DeclParents = parentsOf(*VD, *Ctx);
          if (!DeclParents.empty())
            if (const auto *DS = DeclParents[0].get<DeclStmt>();
                DS && DS->isSingleDecl())
              Statement = DS;
        }
    }
    const auto *Block =
        Statement ? dyn_cast_or_null<CompoundStmt>(parentStmt(Statement, *Ctx))
                  : nullptr;
    if (!Block || (!Module && !isa<ReturnStmt>(Statement)))
      return "the module is not stored in a variable by a statement of its "
             "own";

    size_t First, Last;
    if (const auto *Ret = dyn_cast<ReturnStmt>(Statement)) {
      // return PyModule_Create(&def);  ->  through a variable.
      bool LabelAfter = false, After = false;
      for (const Stmt *Sibling : Block->body()) {
        if (After)
          LabelAfter |= containsLabel(Sibling);
        After |= Sibling == Ret;
      }
      if (LabelAfter)
        return "a label follows the return statement, and a jump to it "
               "would cross the new variable";
      if (Creator->getDeclaredReturnType()->getContainedDeducedType())
        return "the function's return type is deduced, and 'return NULL' "
               "would change it";
      if (!Extent(Ret, First, Last) || !S.firstOnLine(T[First].Offset) ||
          !S.lastOnLine(Last))
        return "the return statement shares its line with other code";
      FreshNames Names(Creator->getBody(), *Ctx);
      StringRef Name;
      for (StringRef Candidate : {"m", "module", "mod", "ft_module"})
        if (Names.isFree(Candidate)) {
          Name = Candidate;
          break;
        }
      if (Name.empty())
        return "no free name for the module variable";
      StringRef ValueText = Lexer::getSourceText(
          SM.getExpansionRange(Ret->getRetValue()->getSourceRange()), SM,
          Ctx->getLangOpts());
      unsigned At = T[First].Offset;
      std::string Indent = S.indentation(At).str();
      std::string Unit = Indent.find('\t') != std::string::npos ? "\t" : "    ";
      Fixes.push_back(FixItHint::CreateReplacement(
          CharSourceRange::getCharRange(
              SM.getComposedLoc(File, At),
              SM.getComposedLoc(File, T[Last].Offset + T[Last].Length)),
          ("PyObject *" + Name + " = " + ValueText + ";\n" + Indent + "if (" +
           Name + " == NULL)\n" + Indent + Unit + "return NULL;\n" +
           CallGuard + "\n" + Indent + "PyUnstable_Module_SetGIL(" + Name +
           ", " + GilValue + ");\n#endif\n" + Indent + "return " + Name + ";")
              .str()));
      return "";
    }

    // The NULL check: the statement itself ('if ((m = ...) == NULL)') or
    // the next statement compiled wherever the creation is. Statements in
    // other conditional blocks are passed over, so both builds pick the same.
    const Stmt *Check =
        isNullCheckOf(Statement, Module, *Ctx) ? Statement : nullptr;
    size_t SFirst, SLast;
    if (!Extent(Statement, SFirst, SLast))
      return "the creation is written by a macro";
    int CreateBranch = S.branchAt(T[SFirst].Offset);
    if (!Check) {
      bool After = false;
      for (const Stmt *Sibling : Block->body()) {
        if (After) {
          SourceLocation L = SM.getExpansionLoc(Sibling->getBeginLoc());
          if (SM.getFileID(L) == File &&
              !S.within(CreateBranch, S.branchAt(SM.getFileOffset(L))))
            continue;
          if (isNullCheckOf(Sibling, Module, *Ctx))
            Check = Sibling;
          break;
        }
        After |= Sibling == Statement;
      }
    }
    const Stmt *Anchor = Check ? Check : Statement;
    if (!Extent(Anchor, First, Last) ||
        !S.within(CreateBranch, S.branchAt(T[Last].Offset)))
      return "the NULL check is written by a macro or in another "
             "conditional block";
    if (!S.lastOnLine(Last))
      return "other code follows the NULL check on its line";
    std::string Indent = S.indentation(T[First].Offset).str();
    std::string Unit = Indent.find('\t') != std::string::npos ? "\t" : "    ";
    std::string Call = ("PyUnstable_Module_SetGIL(" + Module->getName() +
                        ", " + GilValue + ");\n")
                           .str();
    std::string Text = (CallGuard + "\n").str();
    if (Check)
      Text += Indent + Call;
    else
      Text += Indent + "if (" + Module->getName().str() + " != NULL)\n" +
              Indent + Unit + Call;
    Text += "#endif\n";
    Fixes.push_back(FixItHint::CreateInsertion(
        SM.getComposedLoc(File, S.nextLineStart(T[Last].Offset)), Text));
    return "";
  };
  StringRef Why = Fix();
  // "module 'a'", or "modules 'a' and 'b'" when one helper serves several
  // init functions.
  std::string Names;
  for (size_t I = 0; I < Inits.size(); ++I) {
    if (I > 0)
      Names += I + 1 == Inits.size() ? " and " : ", ";
    Names += ("'" + Inits[I]->getName().drop_front(strlen("PyInit_")) + "'")
                 .str();
  }
  std::string InHelper =
      Creator == Inits.front()
          ? std::string()
          : (" in '" + Creator->getName() + "'").str();
  diag(Where, "%select{module|modules}0 %1 %select{does|do}0 not declare "
              "whether %select{it needs|they need}0 the GIL, so importing "
              "%select{it|them}0 re-enables the GIL on free-threaded builds; "
              "call PyUnstable_Module_SetGIL after creating %select{it|them}0"
              "%2 %3")
      << (Inits.size() > 1) << Names << InHelper << Promise << Fixes;
  if (!Why.empty())
    diag(Where,
         "no fix-it: %0; after the module's NULL check add "
         "'PyUnstable_Module_SetGIL(module, %1);' under '%2'",
         DiagnosticIDs::Note)
        << Why << GilValue << CallGuard;
}

void MissingModGilCheck::checkUnguarded() {
  const SourceManager &SM = Ctx->getSourceManager();

  // Py_mod_gil entries of every slot array.
  for (const VarDecl *Slots : SlotArrays) {
    const auto *ILE = dyn_cast<InitListExpr>(Slots->getInit());
    if (!ILE || ILE->getLBraceLoc().isInvalid() ||
        ILE->getLBraceLoc().isMacroID() || ILE->getRBraceLoc().isMacroID())
      continue;
    auto [File, Begin] = SM.getDecomposedLoc(ILE->getLBraceLoc());
    ConditionalStructure &S = structureOf(File);
    SmallVector<size_t, 2> Entries = occurrences(
        S, "Py_mod_gil", Begin, SM.getFileOffset(ILE->getRBraceLoc()));
    ArrayRef<RawToken> T = S.tokens();
    for (size_t I : Entries) {
      if (S.factsAt(T[I].Offset).HasModGil)
        continue;
      // The entry, '{' ['.' 'slot' '='] Py_mod_gil ... '}' [','], must be
      // alone on its lines.
      size_t Open = I >= 4 && T[I - 1].Text == "=" && T[I - 2].Text == "slot" &&
                            T[I - 3].Text == "."
                        ? I - 4
                        : I - 1;
      size_t Close = T[Open].Kind == tok::l_brace ? matchingClose(T, Open)
                                                   : StringRef::npos;
      if (Close != StringRef::npos && Close + 1 < T.size() &&
          T[Close + 1].Kind == tok::comma)
        ++Close;
      SourceLocation Loc = SM.getComposedLoc(File, T[I].Offset);
      bool Fixable = Close != StringRef::npos && T[Open].StartOfLine &&
                     S.lastOnLine(Close);
      {
        auto D = diag(Loc, "the Py_mod_gil slot is not under '%0' (or '%1'): "
                           "it does not compile before Python 3.13")
                 << SlotGuard << CallGuard;
        if (Fixable)
          D << FixItHint::CreateInsertion(
                   SM.getComposedLoc(File, S.lineStart(T[Open].Offset)),
                   (SlotGuard + "\n").str())
            << FixItHint::CreateInsertion(
                   SM.getComposedLoc(File, S.nextLineStart(T[Close].Offset)),
                   "#endif\n");
      }
      if (!Fixable)
        diag(Loc, "no fix-it: the slot shares its lines with other code; put "
                  "it on lines of its own under '%0'",
             DiagnosticIDs::Note)
            << SlotGuard;
    }
  }

  // PyUnstable_Module_SetGIL anywhere in the main file. The file is lexed
  // only from the first place its text spells the name (a large file of
  // static tables would otherwise be held in memory as tokens for nothing).
  FileID Main = SM.getMainFileID();
  size_t FirstSpelled =
      SM.getBufferData(Main).find("PyUnstable_Module_SetGIL");
  if (FirstSpelled == StringRef::npos)
    return;
  ConditionalStructure &S = structureOf(Main);
  SmallVector<size_t, 2> Calls = occurrences(S, "PyUnstable_Module_SetGIL",
                                             FirstSpelled, S.text().size());
  ArrayRef<RawToken> T = S.tokens();
  for (size_t I : Calls) {
    if (S.factsAt(T[I].Offset).FreeThreaded)
      continue;
    // The statement: the call, '(void)' the call, or 'if (' the call ...
    // ')' followed by a statement or a block, without 'else'; alone on its
    // lines.
    size_t First = I, Last = StringRef::npos;
    if (I >= 3 && T[I - 1].Text == ")" && T[I - 2].Text == "void" &&
        T[I - 3].Text == "(")
      First = I - 3;
    if (I >= 2 && T[I - 1].Kind == tok::l_paren && T[I - 2].Text == "if") {
      First = I - 2;
      size_t CondEnd = matchingClose(T, I - 1);
      if (CondEnd != StringRef::npos && CondEnd + 1 < T.size())
        Last = T[CondEnd + 1].Kind == tok::l_brace
                   ? matchingClose(T, CondEnd + 1)
                   : statementEnd(T, CondEnd + 1);
    } else {
      Last = statementEnd(T, I);
    }
    bool Fixable = Last != StringRef::npos && T[First].StartOfLine &&
                   S.lastOnLine(Last) &&
                   !(Last + 1 < T.size() && T[Last + 1].Text == "else");
    SourceLocation Loc = SM.getComposedLoc(Main, T[I].Offset);
    {
      auto D = diag(Loc, "PyUnstable_Module_SetGIL is declared only on "
                         "free-threaded builds: this call does not compile "
                         "on the default build without '%0'")
               << CallGuard;
      if (Fixable)
        D << FixItHint::CreateInsertion(
                 SM.getComposedLoc(Main, S.lineStart(T[First].Offset)),
                 (CallGuard + "\n").str())
          << FixItHint::CreateInsertion(
                 SM.getComposedLoc(Main, S.nextLineStart(T[Last].Offset)),
                 "#endif\n");
    }
    if (!Fixable)
      diag(Loc, "no fix-it: the call is not a statement on lines of its own; "
                "put it under '%0'",
           DiagnosticIDs::Note)
          << CallGuard;
  }
}

} // namespace clang::tidy::freethreading
