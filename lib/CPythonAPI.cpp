//===--- CPythonAPI.cpp - the table of CPython APIs -----------------------===//

#include "lib/CPythonAPI.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"
#include <array>
#include <vector>

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

struct FinishedObjectConstructor {
  llvm::StringRef Name;
  bool EmptyOnly;
};

const FinishedObjectConstructor FinishedTable[] = {
#define FT_FINISHED_OBJECT_CONSTRUCTOR(Name, EmptyOnly) {#Name, EmptyOnly},
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

const UnlockedContainerAPI UnlockedContainerTable[] = {
#define FT_UNLOCKED_CONTAINER_API(Name, Kind, Replacement)                     \
  {#Name, UnlockedAccess::Kind, #Replacement},
#include "lib/CPythonAPI.def"
};

const ModulePhaseFunction ModulePhaseTable[] = {
#define FT_MODULE_SLOT_FUNCTION(Record, SlotId, Phase)                         \
  {#Record, #SlotId, true, ModulePhase::Phase},
#define FT_MODULE_FIELD_FUNCTION(Record, Field, Phase)                         \
  {#Record, #Field, false, ModulePhase::Phase},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ModuleInitPrefixTable[] = {
#define FT_MODULE_INIT_PREFIX(Prefix) #Prefix,
#include "lib/CPythonAPI.def"
};

const RefcountFunction RefcountTable[] = {
#define FT_REFCOUNT_FUNCTION(Name, Role, Macro)                                \
  {#Name, RefcountRole::Role, #Macro},
#include "lib/CPythonAPI.def"
};

struct UniquenessTest {
  llvm::StringRef Name;
  unsigned AddedIn;
};

const UniquenessTest UniquenessTable[] = {
#define FT_UNIQUENESS_TEST(Name, AddedIn) {#Name, AddedIn},
#include "lib/CPythonAPI.def"
};

struct GilValue {
  llvm::StringRef Name;
  bool UsesGil;
};

const GilValue GilValueTable[] = {
#define FT_GIL_VALUE(Name, UsesGil) {#Name, UsesGil},
#include "lib/CPythonAPI.def"
};

ModuleGilAPI makeModuleGilAPI() {
  ModuleGilAPI API{};
#define FT_MODULE_DEFINITION(Def, Slot, Slots, Id)                             \
  API.DefinitionRecord = #Def;                                                 \
  API.SlotRecord = #Slot;                                                      \
  API.SlotsField = #Slots;                                                     \
  API.SlotIdField = #Id;
#define FT_MODULE_CREATE_FUNCTION(Name) API.CreateFunction = #Name;
#define FT_GIL_SLOT(Name, Version)                                             \
  API.GilSlot = #Name;                                                         \
  API.GilSlotAddedIn = Version;
#define FT_GIL_SETTER(Name) API.GilSetter = #Name;
#define FT_FREE_THREADED_BUILD(Name, Version)                                  \
  API.FreeThreadedMacro = #Name;                                               \
  API.FreeThreadedSince = Version;
#define FT_VERSION_MACRO(Name) API.VersionMacro = #Name;
#define FT_MAJOR_VERSION_MACRO(Name, Oldest)                                   \
  API.MajorVersionMacro = #Name;                                               \
  API.OldestMajor = Oldest;
#include "lib/CPythonAPI.def"
  for (const GilValue &V : GilValueTable)
    (V.UsesGil ? API.GilUsed : API.GilNotUsed) = V.Name;
  return API;
}

struct CoreType {
  llvm::StringRef Kind, Typedef, Record;
};

const CoreType CoreTypeTable[] = {
#define FT_CORE_TYPE(Kind, Typedef, Record) {#Kind, #Typedef, #Record},
#include "lib/CPythonAPI.def"
};

const CoreType &coreType(llvm::StringRef Kind) {
  return *llvm::find_if(CoreTypeTable,
                        [&](const CoreType &T) { return T.Kind == Kind; });
}

const MemoryAPI MemoryTable[] = {
#define FT_MEMORY_API(Name, Role, Twin) {#Name, MemoryRole::Role, #Twin},
#include "lib/CPythonAPI.def"
};

struct MemoryAlias {
  llvm::StringRef Name; ///< The macro.
  llvm::StringRef Function;
};

const MemoryAlias AliasTable[] = {
#define FT_MEMORY_ALIAS(Macro, Function) {#Macro, #Function},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ByteAccessTable[] = {
#define FT_BYTE_ACCESS_FUNCTION(Name) #Name,
#include "lib/CPythonAPI.def"
};

struct ReferenceOperationEntry {
  llvm::StringRef Name;
  ReferenceOperation Kind;
  bool Written; ///< The spelling a user writes.
};

const ReferenceOperationEntry ReferenceOperationTable[] = {
#define FT_REFERENCE_OPERATION(Name, Kind, Written)                            \
  {#Name, ReferenceOperation::Kind, Written},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef RefcountFieldTable[] = {
#define FT_REFCOUNT_FIELD(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef APIPrefixTable[] = {
#define FT_API_PREFIX(Prefix) #Prefix,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ObjectCastTable[] = {
#define FT_OBJECT_CAST_MACRO(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef PythonHeaderTable[] = {
#define FT_PYTHON_HEADER(File) File,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef KeywordsFieldTable[] = {
#define FT_KEYWORDS_FIELD(Field) #Field,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef KeywordsSlotTable[] = {
#define FT_KEYWORDS_SLOT(Record, Slot) #Slot,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef KeywordsParameterTable[] = {
#define FT_KEYWORDS_PARAMETER(Name) #Name,
#include "lib/CPythonAPI.def"
};

KeywordArgumentsAPI makeKeywordArgumentsAPI() {
  KeywordArgumentsAPI API{};
  API.TypeFields = KeywordsFieldTable;
  API.Slots = KeywordsSlotTable;
  API.ParameterNames = KeywordsParameterTable;
#define FT_KEYWORDS_SLOT(Record, Slot) API.SlotRecord = #Record;
#define FT_KEYWORDS_METHOD(Record, Flag, NotFlag)                              \
  API.MethodRecord = #Record;                                                  \
  API.MethodFlag = #Flag;                                                      \
  API.MethodNotFlag = #NotFlag;
#include "lib/CPythonAPI.def"
  return API;
}
const llvm::StringRef LifecycleFieldTable[] = {
#define FT_TYPE_LIFECYCLE_FIELD(Field) #Field,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef NotFollowedRecordTable[] = {
#define FT_TYPE_NESTED_TABLE_RECORD(Record) #Record,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef NoInstanceFlagTable[] = {
#define FT_METHOD_WITHOUT_INSTANCE(Flag) #Flag,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef LockHandleTypeTable[] = {
#define FT_LOCK_HANDLE_TYPE(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef AtomicPrefixTable[] = {
#define FT_ATOMIC_FUNCTION_PREFIX(Prefix) #Prefix,
#include "lib/CPythonAPI.def"
};

const ExtensionTypeAPI::NullableParameter NullableParameterTable[] = {
#define FT_NULLABLE_PARAMETER(Member, Index) {#Member, Index},
#include "lib/CPythonAPI.def"
};

ExtensionTypeAPI makeExtensionTypeAPI() {
  ExtensionTypeAPI API{};
  API.LifecycleFields = LifecycleFieldTable;
  API.NotFollowedRecords = NotFollowedRecordTable;
  API.NoInstanceFlags = NoInstanceFlagTable;
  API.LockHandleTypes = LockHandleTypeTable;
  API.AtomicPrefixes = AtomicPrefixTable;
  API.NullableParameters = NullableParameterTable;
#define FT_METHOD_SINGLE_ARGUMENT_FLAG(Flag) API.SingleArgumentFlag = #Flag;
#define FT_TYPE_DEFINITION(Record, SizeField)                                  \
  API.TypeRecord = #Record;                                                    \
  API.TypeSizeField = #SizeField;
#define FT_TYPE_SPEC(Record, SizeField, SlotsField)                            \
  API.SpecRecord = #Record;                                                    \
  API.SpecSizeField = #SizeField;                                              \
  API.SpecSlotsField = #SlotsField;
#define FT_TYPE_SLOTS(Record, Prefix)                                          \
  API.SlotRecord = #Record;                                                    \
  API.SlotPrefix = #Prefix;
#define FT_METHOD_TABLE(Record, FlagsField)                                    \
  API.MethodRecord = #Record;                                                  \
  API.MethodFlagsField = #FlagsField;
#include "lib/CPythonAPI.def"
  return API;
}

// === freethreading-borrowed-reference: names its fixer reads and writes ====

const llvm::StringRef ReleaseCallTable[] = {
#define FT_RELEASE_CALL(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ReleaseCallPartTable[] = {
#define FT_RELEASE_CALL_PART(Part) #Part,
#include "lib/CPythonAPI.def"
};

struct MembershipTest {
  llvm::StringRef Name; ///< The replacement of the lookup.
  llvm::StringRef Test;
};

const MembershipTest MembershipTestTable[] = {
#define FT_MEMBERSHIP_TEST(Replacement, Test) {#Replacement, #Test},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef PrivateLookupTable[] = {
#define FT_PRIVATE_CONTAINER_LOOKUP(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ByNameTable[] = {
#define FT_BORROWED_BY_NAME(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef CheckedWeakrefTable[] = {
#define FT_CHECKED_WEAKREF_GETTER(Name) #Name,
#include "lib/CPythonAPI.def"
};

const llvm::StringRef ExceptionSetterTable[] = {
#define FT_EXCEPTION_SETTER(Name) #Name,
#include "lib/CPythonAPI.def"
};

struct ArgumentParserEntry {
  llvm::StringRef Name;
  int FormatArg;
};

const ArgumentParserEntry ArgumentParserTable[] = {
#define FT_ARGUMENT_PARSER(Name, FormatArg) {#Name, FormatArg},
#include "lib/CPythonAPI.def"
};

const llvm::StringRef StateCallTable[] = {
#define FT_STATE_CALL(Name) #Name,
#include "lib/CPythonAPI.def"
};

const GetOrInsertAPI GetOrInsertTable[] = {
#define FT_GET_OR_INSERT(Lookup, Insertion, AtomicInsertion)                   \
  {#Lookup, #Insertion, #AtomicInsertion},
#include "lib/CPythonAPI.def"
};

struct PlainConstructorEntry {
  llvm::StringRef Name;
  int NullArgument;
};

const PlainConstructorEntry PlainConstructorTable[] = {
#define FT_PLAIN_CONSTRUCTOR(Name, NullArgument) {#Name, NullArgument},
#include "lib/CPythonAPI.def"
};

struct FixNameEntry {
  FixName Role;
  llvm::StringRef Name;
};

const FixNameEntry FixNameTable[] = {
#define FT_FIX_NAME(Role, Name) {FixName::Role, #Name},
#include "lib/CPythonAPI.def"
};

// === end of freethreading-borrowed-reference names ==========================

/// A name -> entry index of a table, the first entry winning (as a linear
/// search would). The lookups run on every macro expansion (the
/// preprocessor hooks ask whether a macro is an API of interest), so they
/// hash instead of scanning.
template <typename T, size_t N>
llvm::StringMap<const T *> indexByName(const T (&Table)[N]) {
  llvm::StringMap<const T *> Index;
  for (const T &E : Table)
    Index.try_emplace(E.Name, &E);
  return Index;
}

template <size_t N>
llvm::StringSet<> nameSet(const llvm::StringRef (&Table)[N]) {
  llvm::StringSet<> Set;
  for (llvm::StringRef Name : Table)
    Set.insert(Name);
  return Set;
}

/// The names of the rows of \p Table that \p Keep accepts, in table order.
template <typename T, size_t N, typename Pred>
std::vector<llvm::StringRef> namesWhere(const T (&Table)[N], Pred Keep) {
  std::vector<llvm::StringRef> Names;
  for (const T &E : Table)
    if (Keep(E))
      Names.push_back(E.Name);
  return Names;
}

template <typename T>
const T *lookup(const llvm::StringMap<const T *> &Index, llvm::StringRef Name) {
  auto It = Index.find(Name);
  return It == Index.end() ? nullptr : It->second;
}

/// The reference operation named \p Name, or nullptr.
const ReferenceOperationEntry *findReferenceOperation(llvm::StringRef Name) {
  static const auto Index = indexByName(ReferenceOperationTable);
  return lookup(Index, Name);
}

/// True when \p Name is a reference operation of kind \p Kind; only as the
/// user writes it when \p WrittenOnly.
bool isReferenceOperation(llvm::StringRef Name, ReferenceOperation Kind,
                          bool WrittenOnly) {
  const ReferenceOperationEntry *Op = findReferenceOperation(Name);
  return Op && Op->Kind == Kind && (Op->Written || !WrittenOnly);
}

} // namespace

llvm::ArrayRef<BorrowedAPI> borrowedAPIs() { return BorrowedTable; }

const BorrowedAPI *findBorrowedAPI(llvm::StringRef Name) {
  static const auto Index = indexByName(BorrowedTable);
  return lookup(Index, Name);
}

bool isSafeBorrowedAPI(llvm::StringRef Name) {
  static const auto Set = nameSet(SafeTable);
  return Set.contains(Name);
}

bool mayRunPythonCode(llvm::StringRef Name) {
  static const auto Set = nameSet(SuspendingTable);
  return Set.contains(Name);
}

int stolenArgument(llvm::StringRef Name) {
  static const auto Index = indexByName(StealingTable);
  const ContainerOperation *Op = lookup(Index, Name);
  return Op ? Op->ContainerArg : -1;
}

bool isContainerConstructor(llvm::StringRef Name) {
  static const auto Set = nameSet(ConstructorTable);
  return Set.contains(Name);
}

std::optional<bool> finishedObjectConstructor(llvm::StringRef Name) {
  static const auto Index = indexByName(FinishedTable);
  const FinishedObjectConstructor *C = lookup(Index, Name);
  return C ? std::optional<bool>(C->EmptyOnly) : std::nullopt;
}

int containerOperationArg(llvm::StringRef Name) {
  static const auto Index = indexByName(OperationTable);
  const ContainerOperation *Op = lookup(Index, Name);
  return Op ? Op->ContainerArg : -1;
}

const CriticalSectionAPI *findCriticalSectionMacro(llvm::StringRef Name) {
  static const auto Index = indexByName(SectionMacroTable);
  return lookup(Index, Name);
}

const CriticalSectionAPI *findCriticalSectionFunction(llvm::StringRef Name) {
  static const auto Index = indexByName(SectionFunctionTable);
  return lookup(Index, Name);
}

SectionRole lockFunctionRole(llvm::StringRef Name) {
  static const auto Index = indexByName(LockTable);
  const LockFunction *F = lookup(Index, Name);
  return F ? F->Role : SectionRole::None;
}

llvm::ArrayRef<llvm::StringRef> lockTakingFunctionNames() {
  static const auto Names = namesWhere(LockTable, [](const LockFunction &F) {
    return F.Role == SectionRole::Begin;
  });
  return Names;
}

llvm::ArrayRef<llvm::StringRef> criticalSectionMacroNames() {
  static const auto Names =
      namesWhere(SectionMacroTable, [](const CriticalSectionAPI &) { return true; });
  return Names;
}

bool isSynchronizationType(llvm::StringRef Name) {
  static const auto Set = nameSet(SynchronizationTypeTable);
  return Set.contains(Name);
}

llvm::ArrayRef<ModulePhaseFunction> modulePhaseFunctions() {
  return ModulePhaseTable;
}

bool isModuleInitFunctionName(llvm::StringRef Name) {
  return llvm::any_of(ModuleInitPrefixTable, [&](llvm::StringRef Prefix) {
    return Name.starts_with(Prefix);
  });
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
  static const auto Index = indexByName(UnlockedContainerTable);
  return lookup(Index, Name);
}

const RefcountFunction *findRefcountFunction(llvm::StringRef Name) {
  static const auto Index = indexByName(RefcountTable);
  return lookup(Index, Name);
}

llvm::StringRef refcountMacro(RefcountRole Role) {
  for (const RefcountFunction &F : RefcountTable)
    if (F.Role == Role)
      return F.Macro;
  return "";
}

// === freethreading-borrowed-reference: names its fixer reads and writes ====

bool releasesReference(llvm::StringRef Name) {
  auto InName = [&](llvm::StringRef Part) { return Name.contains(Part); };
  return llvm::is_contained(ReleaseCallTable, Name) ||
         llvm::any_of(ReleaseCallPartTable, InName);
}

llvm::StringRef membershipTestFor(llvm::StringRef Replacement) {
  for (const MembershipTest &M : MembershipTestTable)
    if (M.Name == Replacement)
      return M.Test;
  return "";
}

bool isPrivateContainerLookup(llvm::StringRef Name) {
  return llvm::is_contained(PrivateLookupTable, Name);
}

bool isBorrowedByName(llvm::StringRef Name) {
  return llvm::is_contained(ByNameTable, Name);
}

bool setsException(llvm::StringRef Name) {
  return llvm::is_contained(ExceptionSetterTable, Name);
}

const GetOrInsertAPI *getOrInsertAfter(llvm::StringRef Lookup) {
  for (const GetOrInsertAPI &E : GetOrInsertTable)
    if (E.Lookup == Lookup)
      return &E;
  return nullptr;
}

std::optional<int> plainConstructorNullArgument(llvm::StringRef Name) {
  for (const PlainConstructorEntry &E : PlainConstructorTable)
    if (E.Name == Name)
      return E.NullArgument;
  return std::nullopt;
}

std::optional<int> argumentParserFormat(llvm::StringRef Name) {
  for (const ArgumentParserEntry &E : ArgumentParserTable)
    if (E.Name == Name)
      return E.FormatArg;
  return std::nullopt;
}

bool storesOnlyBorrowed(llvm::StringRef Format) {
  // The units end where the function name (':') or message (';') starts.
  Format = Format.take_until([](char C) { return C == ':' || C == ';'; });
  return Format.find_first_of("&e*") == llvm::StringRef::npos;
}

bool holdsState(llvm::StringRef Name) {
  return llvm::is_contained(StateCallTable, Name);
}

bool isCheckedWeakrefGetter(llvm::StringRef Name) {
  return llvm::is_contained(CheckedWeakrefTable, Name);
}

llvm::StringRef fixName(FixName Role) {
  for (const FixNameEntry &E : FixNameTable)
    if (E.Role == Role)
      return E.Name;
  return "";
}

// === end of freethreading-borrowed-reference names ==========================

llvm::StringRef uniquenessTest() { return UniquenessTable[0].Name; }

unsigned uniquenessTestAddedIn() { return UniquenessTable[0].AddedIn; }

const ModuleGilAPI &moduleGilAPI() {
  static const ModuleGilAPI API = makeModuleGilAPI();
  return API;
}

std::string gilSlotGuard() {
  const ModuleGilAPI &API = moduleGilAPI();
  std::string Guard;
  llvm::raw_string_ostream(Guard)
      << "#if " << API.VersionMacro << " >= "
      << llvm::format_hex(API.GilSlotAddedIn, 10, /*Upper=*/true);
  return Guard;
}

std::string gilSetterGuard() {
  return ("#ifdef " + moduleGilAPI().FreeThreadedMacro).str();
}

llvm::StringRef moduleNameOfInitFunction(llvm::StringRef Name) {
  for (llvm::StringRef Prefix : ModuleInitPrefixTable)
    if (Name.starts_with(Prefix))
      return Name.drop_front(Prefix.size());
  return Name;
}

llvm::StringRef objectTypeName() { return coreType("Object").Typedef; }

llvm::StringRef objectRecordName() { return coreType("Object").Record; }

llvm::StringRef typeObjectRecordName() { return coreType("Type").Record; }

llvm::StringRef objectCastMacro() { return ObjectCastTable[0]; }

llvm::StringRef pythonHeaderName() { return PythonHeaderTable[0]; }

const KeywordArgumentsAPI &keywordArgumentsAPI() {
  static const KeywordArgumentsAPI API = makeKeywordArgumentsAPI();
  return API;
}

const ExtensionTypeAPI &extensionTypeAPI() {
  static const ExtensionTypeAPI API = makeExtensionTypeAPI();
  return API;
}

const MemoryAPI *findMemoryAPI(llvm::StringRef Name) {
  static const auto Index = indexByName(MemoryTable);
  return lookup(Index, Name);
}

llvm::ArrayRef<MemoryAPI> memoryAPIs() { return MemoryTable; }

bool isMemoryAlias(llvm::StringRef Macro, llvm::StringRef Function) {
  return llvm::any_of(AliasTable, [&](const MemoryAlias &A) {
    return A.Name == Macro && A.Function == Function;
  });
}

bool isByteAccessFunction(llvm::StringRef Name) {
  static const auto Set = nameSet(ByteAccessTable);
  return Set.contains(Name);
}

llvm::ArrayRef<CriticalSectionAPI> criticalSectionFunctions() {
  return SectionFunctionTable;
}

llvm::ArrayRef<llvm::StringRef> referenceOperations(ReferenceOperation Kind) {
  static const auto ByKind = [] {
    std::array<llvm::SmallVector<llvm::StringRef, 4>, 4> Names;
    for (const ReferenceOperationEntry &E : ReferenceOperationTable)
      if (E.Written)
        Names[static_cast<unsigned>(E.Kind)].push_back(E.Name);
    return Names;
  }();
  return ByKind[static_cast<unsigned>(Kind)];
}

bool takesNewReference(llvm::StringRef Name) {
  return isReferenceOperation(Name, ReferenceOperation::Incref, false) ||
         isReferenceOperation(Name, ReferenceOperation::NewRef, false);
}

bool isOwningWrapper(llvm::StringRef Name) {
  return isReferenceOperation(Name, ReferenceOperation::NewRef, false);
}

bool isWrittenOwningWrapper(llvm::StringRef Name) {
  return isReferenceOperation(Name, ReferenceOperation::NewRef, true);
}

bool startsWithWrittenOwningWrapper(llvm::StringRef Text) {
  return llvm::any_of(
      referenceOperations(ReferenceOperation::NewRef),
      [&](llvm::StringRef Name) { return Text.starts_with(Name); });
}

bool isWrittenIncref(llvm::StringRef Name) {
  return isReferenceOperation(Name, ReferenceOperation::Incref, true);
}

bool isWrittenRelease(llvm::StringRef Name) {
  return isReferenceOperation(Name, ReferenceOperation::Release, true);
}

llvm::StringRef refcountField() { return RefcountFieldTable[0]; }

bool hasCPythonAPIPrefix(llvm::StringRef Name) {
  return llvm::any_of(APIPrefixTable, [&](llvm::StringRef Prefix) {
    return Name.starts_with(Prefix);
  });
}

llvm::StringRef dictIterationFunction() {
  for (const BorrowedAPI &API : BorrowedTable)
    if (API.Protocol == ResultProtocol::CriticalSectionRequired)
      return API.Name;
  return "";
}

const CriticalSectionAPI &criticalSectionMacro(unsigned Objects) {
  return *llvm::find_if(SectionMacroTable, [&](const CriticalSectionAPI &M) {
    return M.Role == SectionRole::Begin && !M.IsMutex && M.Objects == Objects;
  });
}

} // namespace clang::tidy::freethreading
