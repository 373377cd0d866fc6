//===--- CPythonAPI.cpp - the table of CPython APIs -----------------------===//

#include "lib/CPythonAPI.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::freethreading {

namespace {

const BorrowedAPI BorrowedTable[] = {
#define FT_BORROWED_API(Name, Spelling, BorrowedSignature, Replacement,        \
                        ReplacementSignature, AddedIn, RemovedIn, Protocol,    \
                        SwallowsErrors)                                        \
  {#Name,                                                                      \
   APISpelling::Spelling,                                                      \
   BorrowedSignature,                                                          \
   #Replacement,                                                               \
   ReplacementSignature,                                                       \
   AddedIn,                                                                    \
   RemovedIn,                                                                  \
   ResultProtocol::Protocol,                                                   \
   SwallowsErrors},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef SafeTable[] = {
#define FT_SAFE_BORROWED_API(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ConstructorTable[] = {
#define FT_CONTAINER_CONSTRUCTOR(Name) #Name,
#include "lib/CPythonAPI.def"
};

struct ContainerOperation {
  llvm::StringRef Name;
  int ContainerArg;
};

const ContainerOperation OperationTable[] = {
#define FT_CONTAINER_OPERATION(Name, ContainerArg) {#Name, ContainerArg},
#include "lib/CPythonAPI.def"
};

const ContainerOperation StealingTable[] = {
#define FT_STEALING_API(Name, StolenArg) {#Name, StolenArg},
#include "lib/CPythonAPI.def"
};

const CriticalSectionAPI SectionMacroTable[] = {
#define FT_CRITICAL_SECTION_MACRO(Name, Role, Objects, IsMutex, Closer)        \
  {#Name, SectionRole::Role, Objects, IsMutex, Closer},
#include "lib/CPythonAPI.def"
};

const CriticalSectionAPI SectionFunctionTable[] = {
#define FT_CRITICAL_SECTION_FUNCTION(Name, Role, Objects, Closer)              \
  {#Name, SectionRole::Role, Objects, false, Closer},
#include "lib/CPythonAPI.def"
};

struct LockFunction {
  llvm::StringRef Name;
  SectionRole Role;
};

const LockFunction LockTable[] = {
#define FT_LOCK_FUNCTION(Name, Role) {#Name, SectionRole::Role},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef SynchronizationTypeTable[] = {
#define FT_SYNCHRONIZATION_TYPE(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef SuspendingTable[] = {
#define FT_SECTION_SUSPENDING_API(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef NewReferenceTable[] = {
#define FT_NEW_REFERENCE_TAKER(Name) #Name,
#include "lib/CPythonAPI.def"
};

const UnlockedContainerAPI UnlockedContainerTable[] = {
#define FT_UNLOCKED_CONTAINER_API(Name, Kind, Replacement)                     \
  {#Name, UnlockedAccess::Kind, #Replacement},
#include "lib/CPythonAPI.def"
};

template <typename T, size_t N>
const T *findByName(const T (&Table)[N], llvm::StringRef Name) {
  const T *It = llvm::find_if(Table, [&](const T &E) { return E.Name == Name; });
  return It == std::end(Table) ? nullptr : It;
}

} // namespace

llvm::ArrayRef<BorrowedAPI> borrowedAPIs() { return BorrowedTable; }

const BorrowedAPI *findBorrowedAPI(llvm::StringRef Name) {
  return findByName(BorrowedTable, Name);
}

bool isSafeBorrowedAPI(llvm::StringRef Name) {
  return llvm::is_contained(SafeTable, Name);
}

bool mayRunPythonCode(llvm::StringRef Name) {
  return llvm::is_contained(SuspendingTable, Name);
}

bool takesNewReference(llvm::StringRef Name) {
  return llvm::is_contained(NewReferenceTable, Name);
}

int stolenArgument(llvm::StringRef Name) {
  const ContainerOperation *Op = findByName(StealingTable, Name);
  return Op ? Op->ContainerArg : -1;
}

bool isContainerConstructor(llvm::StringRef Name) {
  return llvm::is_contained(ConstructorTable, Name);
}

int containerOperationArg(llvm::StringRef Name) {
  const ContainerOperation *Op = findByName(OperationTable, Name);
  return Op ? Op->ContainerArg : -1;
}

const CriticalSectionAPI *findCriticalSectionMacro(llvm::StringRef Name) {
  return findByName(SectionMacroTable, Name);
}

const CriticalSectionAPI *findCriticalSectionFunction(llvm::StringRef Name) {
  return findByName(SectionFunctionTable, Name);
}

SectionRole lockFunctionRole(llvm::StringRef Name) {
  const LockFunction *F = findByName(LockTable, Name);
  return F ? F->Role : SectionRole::None;
}

bool isSynchronizationType(llvm::StringRef Name) {
  return llvm::is_contained(SynchronizationTypeTable, Name);
}

std::string formatPythonVersion(unsigned Hex) {
  if (Hex == 0)
    return "all versions";
  return llvm::utostr(Hex >> 24) + "." + llvm::utostr((Hex >> 16) & 0xFF);
}

llvm::StringRef describeProtocol(ResultProtocol P) {
  switch (P) {
  case ResultProtocol::NewReference:
    return "new reference, NULL with an exception set";
  case ResultProtocol::FoundMissingError:
    return "int: 1 found, 0 missing (*result = NULL), -1 error";
  case ResultProtocol::PresentInsertedError:
    return "int: 1 key present, 0 inserted, -1 error; *result is a new "
           "reference";
  case ResultProtocol::AliveDeadError:
    return "int: 1 alive, 0 dead (*pobj = NULL), -1 error";
  case ResultProtocol::CriticalSectionRequired:
    return "no replacement: hold a critical section on the container";
  }
  return "";
}

const UnlockedContainerAPI *findUnlockedContainerAPI(llvm::StringRef Name) {
  return findByName(UnlockedContainerTable, Name);
}

} // namespace clang::tidy::freethreading
