//===--- ExtensionTypes.cpp - the functions an extension type installs ----===//

#include "lib/ExtensionTypes.h"
#include "lib/CPythonAPI.h"
#include "lib/ObjectRecords.h"
#include "lib/Parents.h"
#include "lib/SourceText.h"

namespace clang::tidy::freethreading {

namespace {

/// A record's name, or for `typedef struct { ... } Name;` the typedef's.
llvm::StringRef recordName(const RecordDecl *RD) {
  if (!RD)
    return {};
  if (!RD->getName().empty())
    return RD->getName();
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    return TD->getName();
  return {};
}

/// The record of \p T, through arrays.
const RecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  while (const ArrayType *AT = T->getAsArrayTypeUnsafe())
    T = AT->getElementType();
  return T->getAsRecordDecl();
}

class TypeReader {
public:
  TypeReader(ASTContext &Ctx, ExtensionTypes &Out)
      : Ctx(Ctx), API(extensionTypeAPI()), Out(Out) {}

  /// The declarations of \p DC and of the namespaces and linkage
  /// specifications in it: the tables a type definition uses are variables
  /// at file scope. Only their types are looked at; their initializers (a
  /// unit's large data tables) are read only for type definitions.
  void readScope(const DeclContext *DC) {
    for (const Decl *D : DC->decls())
      readDecl(D);
  }
  void readDecl(const Decl *D) {
    if (const auto *VD = dyn_cast<VarDecl>(D)) {
      llvm::StringRef Name = recordName(recordOf(VD->getType()));
      if (!Name.empty() && VD->hasInit() &&
          (Name == API.TypeRecord || Name == API.SlotRecord ||
           Name == API.SpecRecord))
        readTable(VD);
    } else if (isa<NamespaceDecl, LinkageSpecDecl>(D)) {
      readScope(cast<DeclContext>(D));
    }
  }

  /// `Type.tp_methods = table;`: types filled in at run time (C++ code
  /// without designated initializers, the tutorial's `tp_new` assignment).
  void readAssignment(const BinaryOperator *BO) {
    const auto *ME = cast<MemberExpr>(BO->getLHS()->IgnoreParens());
    const auto *F = cast<FieldDecl>(ME->getMemberDecl());
    if (F->getName() == API.TypeSizeField)
      readSize(BO->getRHS());
    else
      readMember(F->getName(), BO->getRHS(), /*NoInstance=*/false);
  }

  /// Adds the records entry points point to: types without a size read.
  void addSelfRecords() {
    for (auto &[FD, Entry] : Out.Entries) {
      if (FD->getNumParams() == 0)
        continue;
      QualType T = FD->getParamDecl(0)->getType();
      const auto *PT = T->getAs<PointerType>();
      const RecordDecl *RD = PT ? PT->getPointeeType()->getAsRecordDecl() : nullptr;
      if (RD && isObjectRecord(RD) && recordName(RD) != objectTypeName() &&
          RD->getName() != objectRecordName())
        Out.Records.insert(RD->getDefinition() ? RD->getDefinition() : RD);
    }
  }

private:
  void readTable(const VarDecl *VD) {
    VD = VD->getDefinition() ? VD->getDefinition() : VD;
    if (!VD->hasInit() || !Visited.insert(VD).second)
      return;
    if (const auto *ILE = dyn_cast<InitListExpr>(VD->getInit()->IgnoreImplicit()))
      readInitList(ILE);
  }

  void readInitList(const InitListExpr *ILE) {
    if (const InitListExpr *Semantic = ILE->getSemanticForm())
      ILE = Semantic;
    if (ILE->getType()->isArrayType()) {
      for (const Expr *E : ILE->inits())
        if (const auto *Inner = dyn_cast<InitListExpr>(E->IgnoreImplicit()))
          readInitList(Inner);
      return;
    }
    const RecordDecl *RD = recordOf(ILE->getType());
    if (!RD)
      return;
    llvm::SmallVector<std::pair<const FieldDecl *, const Expr *>, 16> Inits;
    unsigned I = 0;
    for (const FieldDecl *F : RD->fields()) {
      if (I >= ILE->getNumInits())
        break;
      Inits.push_back({F, ILE->getInit(I++)});
    }
    llvm::StringRef Record = recordName(RD);
    if (Record == API.SlotRecord) {
      if (Inits.size() >= 2) {
        llvm::StringRef Slot = writtenText(Inits[0].second, Ctx).trim();
        if (Slot.consume_front(API.SlotPrefix))
          readMember(Slot, Inits[1].second, /*NoInstance=*/false);
      }
      return;
    }
    bool NoInstance = false;
    SingleArgument = false;
    if (Record == API.MethodRecord)
      for (auto [F, Init] : Inits)
        if (F->getName() == API.MethodFlagsField) {
          llvm::StringRef Flags = writtenText(Init, Ctx);
          for (llvm::StringRef Flag : API.NoInstanceFlags)
            if (findIdentifier(Flags, Flag) != llvm::StringRef::npos)
              NoInstance = true;
          SingleArgument = findIdentifier(Flags, API.SingleArgumentFlag) !=
                           llvm::StringRef::npos;
        }
    for (auto [F, Init] : Inits) {
      llvm::StringRef Member = F->getName();
      if (Member == API.TypeSizeField || Member == API.SpecSizeField)
        readSize(Init);
      else
        readMember(Record == API.MethodRecord ? Record : Member, Init,
                   NoInstance);
    }
  }

  void readSize(const Expr *Init) {
    const auto *Size = dyn_cast_or_null<UnaryExprOrTypeTraitExpr>(
        ignoreCasts(Init));
    if (!Size || Size->getKind() != UETT_SizeOf)
      return;
    QualType T = Size->isArgumentType() ? Size->getArgumentType()
                                        : Size->getArgumentExpr()->getType();
    if (const RecordDecl *RD = T->getAsRecordDecl())
      if (isObjectRecord(RD))
        Out.Records.insert(RD->getDefinition() ? RD->getDefinition() : RD);
  }

  /// The member \p Member (a type member's name) initialized by \p Init.
  void readMember(llvm::StringRef Member, const Expr *Init, bool NoInstance) {
    const Expr *E = ignoreCasts(Init);
    if (const auto *AddrOf = dyn_cast_or_null<UnaryOperator>(E))
      if (AddrOf->getOpcode() == UO_AddrOf)
        E = ignoreCasts(AddrOf->getSubExpr());
    const auto *Ref = dyn_cast_or_null<DeclRefExpr>(E);
    if (!Ref)
      return;
    if (const auto *FD = dyn_cast<FunctionDecl>(Ref->getDecl())) {
      addFunction(FD, Member, NoInstance);
      return;
    }
    const auto *VD = dyn_cast<VarDecl>(Ref->getDecl());
    if (!VD)
      return;
    llvm::StringRef Record = recordName(recordOf(VD->getType()));
    if (Record.empty() || llvm::is_contained(API.NotFollowedRecords, Record))
      return;
    readTable(VD);
  }

  void addFunction(const FunctionDecl *FD, llvm::StringRef Member,
                   bool NoInstance) {
    const FunctionDecl *Canonical = FD->getCanonicalDecl();
    if (llvm::is_contained(API.LifecycleFields, Member)) {
      Out.Lifecycle.insert(Canonical);
      return;
    }
    if (NoInstance)
      return;
    llvm::SmallVector<unsigned, 2> Nullable;
    if (Member == API.MethodRecord) {
      for (unsigned I = 1; I < FD->getNumParams(); ++I)
        if (I != 1 || !SingleArgument)
          Nullable.push_back(I);
    } else {
      for (const auto &P : API.NullableParameters)
        if (P.Member == Member)
          Nullable.push_back(P.Index);
    }
    const FunctionDecl *Def = FD->getDefinition();
    auto [It, New] =
        Out.Entries.insert({Canonical, {Def ? Def : FD, Member.str(), {}}});
    for (unsigned I : Nullable) // installed twice: NULL if either can pass it
      if (!llvm::is_contained(It->second.Nullable, I))
        It->second.Nullable.push_back(I);
  }

  ASTContext &Ctx;
  const ExtensionTypeAPI &API;
  ExtensionTypes &Out;
  llvm::DenseSet<const VarDecl *> Visited;
  /// The method entry being read has METH_O.
  bool SingleArgument = false;
};

} // namespace

bool ExtensionTypes::isTypeMemberAssignment(const BinaryOperator *BO) {
  if (BO->getOpcode() != BO_Assign)
    return false;
  const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParens());
  const auto *F = ME ? dyn_cast<FieldDecl>(ME->getMemberDecl()) : nullptr;
  return F && recordName(F->getParent()) == extensionTypeAPI().TypeRecord;
}

ExtensionTypes
ExtensionTypes::find(ASTContext &Ctx,
                     llvm::ArrayRef<const BinaryOperator *> Assignments) {
  ExtensionTypes Out;
  TypeReader Reader(Ctx, Out);
  for (Decl *D : Ctx.getTraversalScope())
    if (isa<TranslationUnitDecl>(D))
      Reader.readScope(cast<TranslationUnitDecl>(D));
    else
      Reader.readDecl(D);
  for (const BinaryOperator *BO : Assignments)
    Reader.readAssignment(BO);
  Reader.addSelfRecords();
  return Out;
}

} // namespace clang::tidy::freethreading
