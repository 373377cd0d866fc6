//===--- ObjectRecords.h - which structs are Python objects ---------------===//
//
// A struct is a Python object when its first member (or first base class) is
// PyObject, at any depth: PyObject_HEAD, PyVarObject, an embedded base type's
// object struct.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_OBJECTRECORDS_H
#define FT_TIDY_LIB_OBJECTRECORDS_H

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"

namespace clang::tidy::freethreading {

/// True for PyObject (struct _object) and for records whose first member
/// (or first base class) is one, at any depth.
bool isObjectRecord(const RecordDecl *RD);

/// True when \p T points to a Python object. A type that depends on a
/// template parameter counts as one: it is decided per instantiation.
bool isObjectPointer(QualType T);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_OBJECTRECORDS_H
