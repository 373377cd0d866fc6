//===--- FinishedObjects.h - calls that return a finished object -*- C++ -*-===//
//
// Which calls return a new reference to an object complete when it returns,
// that a lazily created constant may publish at once (lib/PublishOnceFix):
// the constructors of FT_FINISHED_OBJECT_CONSTRUCTOR in lib/CPythonAPI.def
// (PyTuple_New only with 0), and a function of the unit (internal linkage)
// each of whose returns gives NULL, such a call, or a local that one such
// call assigns or initializes and nothing but returns names:
//
//   static PyObject *get_object(char *m, char *n) {
//     PyObject *mod = PyImport_ImportModule(m);
//     if (!mod)
//       return NULL;
//     PyObject *obj = PyObject_GetAttrString(mod, n);
//     Py_DECREF(mod);
//     return obj;
//   }
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_FINISHEDOBJECTS_H
#define FT_TIDY_LIB_FINISHEDOBJECTS_H

#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include <string>

namespace clang::tidy::freethreading {

/// Why \p Value may not be published as soon as it returns, or "".
std::string constructorObstacle(const Expr *Value, ASTContext &Ctx);

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_FINISHEDOBJECTS_H
