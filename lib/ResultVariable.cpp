//===--- ResultVariable.cpp -----------------------------------------------===//

#include "lib/ResultVariable.h"

namespace clang::tidy::freethreading {

std::string ResultVariableType::declaration(llvm::StringRef Name) const {
  std::string Decl = Type;
  if (!llvm::StringRef(Type).ends_with("*"))
    Decl += ' ';
  return (Decl + Name + " = " + Zero + ";").str();
}

std::optional<ResultVariableType> resultVariableType(QualType T,
                                                     ASTContext &Ctx) {
  if (T.isNull() || T->isDependentType() || T->isUndeducedType() ||
      T->isReferenceType())
    return std::nullopt;
  ResultVariableType R;
  if (T->isFunctionPointerType() ||
      (T->isPointerType() && T->getPointeeType()->isArrayType()))
    return std::nullopt; // The name would go inside the declarator.
  if (T->isPointerType())
    R.Zero = Ctx.getLangOpts().CPlusPlus ? "nullptr" : "NULL";
  else if ((T->isIntegerType() && !T->isEnumeralType()) ||
           T->isRealFloatingType())
    R.Zero = "0";
  else
    return std::nullopt;
  PrintingPolicy Policy(Ctx.getLangOpts());
  Policy.SuppressTagKeyword = false;
  R.Type = T.getUnqualifiedType().getAsString(Policy);
  return R;
}

} // namespace clang::tidy::freethreading
