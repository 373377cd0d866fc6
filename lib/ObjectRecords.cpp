//===--- ObjectRecords.cpp - which structs are Python objects -------------===//

#include "lib/ObjectRecords.h"
#include "lib/CPythonAPI.h"
#include "clang/AST/DeclCXX.h"

namespace clang::tidy::freethreading {

namespace {

bool isObjectRecordAt(const RecordDecl *RD, unsigned Depth) {
  if (!RD || Depth > 16)
    return false;
  if (RD->getName() == objectRecordName())
    return true;
  if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    if (TD->getName() == objectTypeName())
      return true;
  RD = RD->getDefinition();
  if (!RD)
    return false;
  if (const auto *CRD = dyn_cast<CXXRecordDecl>(RD))
    if (CRD->getNumBases() > 0)
      return isObjectRecordAt(
          CRD->bases_begin()->getType()->getAsRecordDecl(), Depth + 1);
  if (RD->field_empty())
    return false;
  return isObjectRecordAt(RD->field_begin()->getType()->getAsRecordDecl(),
                          Depth + 1);
}

} // namespace

bool isObjectRecord(const RecordDecl *RD) { return isObjectRecordAt(RD, 0); }

bool isObjectPointer(QualType T) {
  if (T.isNull())
    return false;
  T = T.getNonReferenceType();
  if (T->isDependentType())
    return true;
  const auto *PT = T->getAs<PointerType>();
  if (!PT)
    return false;
  QualType Pointee = PT->getPointeeType();
  if (Pointee->isDependentType())
    return true;
  return isObjectRecord(Pointee->getAsRecordDecl());
}

} // namespace clang::tidy::freethreading
