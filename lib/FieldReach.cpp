//===--- FieldReach.cpp - fields reached other than by member access -----===//

#include "lib/FieldReach.h"
#include "lib/SharedMemory.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/STLExtras.h"

namespace clang::tidy::freethreading {

namespace {

const RecordDecl *canonicalRecord(const RecordDecl *RD) {
  return RD ? cast<RecordDecl>(RD->getCanonicalDecl()) : nullptr;
}

std::string quoted(const NamedDecl *D) {
  std::string Name = D->getNameAsString();
  if (Name.empty())
    if (const auto *RD = dyn_cast<RecordDecl>(D))
      if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
        Name = TD->getNameAsString();
  return "'" + (Name.empty() ? std::string("an unnamed struct") : Name) + "'";
}

/// The struct of \p T, or of its elements for an array; null when none.
const RecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return canonicalRecord(T->getAsRecordDecl());
}

} // namespace

void FieldReach::markRecord(const RecordDecl *RD, const FixPlan &Why,
                            unsigned Depth) {
  RD = canonicalRecord(RD);
  if (Depth > 16 || !RD || !Records.try_emplace(RD, Why).second)
    return;
  // The structs it holds by value are reached too.
  if (const RecordDecl *Def = RD->getDefinition())
    for (const FieldDecl *F : Def->fields())
      markRecord(recordOf(F->getType()), Why, Depth + 1);
}

void FieldReach::unionDefined(const RecordDecl *Union) {
  if (!Union->isUnion() || !Union->isThisDeclarationADefinition())
    return;
  for (const FieldDecl *F : Union->fields()) {
    // A pointer member aliases the other members as a pointer to its
    // struct: the struct is reached through them.
    QualType T = F->getType();
    if (const auto *PT = T->getAs<PointerType>())
      T = PT->getPointeeType();
    const RecordDecl *Held = recordOf(T);
    if (!Held)
      continue;
    markRecord(Held,
               at(quoted(Held) + " is held in union " + quoted(Union) +
                      " here, whose other members alias its fields",
                  F->getLocation()),
               0);
  }
}

void FieldReach::offsetOf(const OffsetOfExpr *E) {
  for (unsigned I = 0; I < E->getNumComponents(); ++I) {
    const OffsetOfNode &N = E->getComponent(I);
    if (N.getKind() == OffsetOfNode::Field)
      Fields.try_emplace(N.getField(),
                         at(quoted(N.getField()) +
                                           " is reached by its offset here",
                                       E->getBeginLoc()));
  }
}

void FieldReach::fieldNamed(const DeclRefExpr *E) {
  if (const auto *F = dyn_cast<FieldDecl>(E->getDecl()))
    Fields.try_emplace(F, at(quoted(F) + " is named here other "
                                                    "than in a member access",
                                        E->getLocation()));
}

void FieldReach::decomposed(const DecompositionDecl *D) {
  const RecordDecl *RD =
      canonicalRecord(D->getType().getNonReferenceType()->getAsRecordDecl());
  if (RD)
    Records.try_emplace(
        RD, at(quoted(RD) + " is unpacked by a structured "
                                       "binding here",
                          D->getLocation()));
}

void FieldReach::dependentMember(llvm::StringRef Name, SourceLocation Loc) {
  if (!Name.empty())
    DependentNames.try_emplace(Name, Loc);
}

void FieldReach::converted(const RecordDecl *A, const RecordDecl *B,
                           SourceLocation Loc) {
  const FixPlan Why = at("the bytes of " + quoted(A) + " are taken as " +
                             quoted(B) + " here",
                         Loc);
  for (const RecordDecl *RD : {A, B})
    markRecord(RD, Why, 0);
}

void FieldReach::asBytes(const RecordDecl *R, SourceLocation Loc) {
  markRecord(R,
             at("the bytes of " + quoted(R) +
                    " are copied to or taken from untyped memory here",
                Loc),
             0);
}

std::optional<FixPlan> FieldReach::why(const FieldDecl *F) const {
  if (auto It = Fields.find(F); It != Fields.end())
    return It->second;
  if (F->getIdentifier())
    if (auto It = DependentNames.find(F->getName()); It != DependentNames.end())
      return at(quoted(F) + " may be the member a template names "
                                       "here, whose instantiations ft-tidy "
                                       "does not follow",
                           It->second);
  for (const DeclContext *DC = F->getDeclContext(); DC; DC = DC->getParent()) {
    const auto *RD = dyn_cast<RecordDecl>(DC);
    if (!RD)
      break;
    if (auto It = Records.find(canonicalRecord(RD)); It != Records.end())
      return It->second;
  }
  return std::nullopt;
}

std::vector<std::string> FieldReach::reachedKeys() const {
  std::vector<std::string> Keys;
  auto Add = [&](const FieldDecl *F) {
    if (std::string K = fieldKey(F); !K.empty())
      Keys.push_back(std::move(K));
  };
  for (const auto &[F, Why] : Fields)
    Add(F);
  for (const auto &[RD, Why] : Records)
    if (const RecordDecl *Def = RD->getDefinition())
      for (const FieldDecl *F : Def->fields())
        Add(F);
  for (const auto &Entry : DependentNames)
    Keys.push_back("name " + Entry.getKey().str());
  llvm::sort(Keys);
  Keys.erase(std::unique(Keys.begin(), Keys.end()), Keys.end());
  return Keys;
}

} // namespace clang::tidy::freethreading
