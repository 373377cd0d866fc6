//===--- CPythonAPI.h - what ft-tidy knows about the CPython C API --------===//
//
// Read-only accessors of lib/CPythonAPI.def, the one place that names CPython.
//===----------------------------------------------------------------------===//

#ifndef FT_TIDY_LIB_CPYTHONAPI_H
#define FT_TIDY_LIB_CPYTHONAPI_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace clang::tidy::freethreading {

/// How a use of an API is spelled across header versions.
enum class APISpelling {
  Function,      ///< A function in every header version.
  MacroOrInline, ///< A macro in some headers, a static inline in others.
};

/// What the strong replacement returns.
enum class ResultProtocol {
  NewReference,         ///< PyObject *: new reference, NULL with an exception.
  FoundMissingError,    ///< int: 1 found, 0 missing (*result = NULL), -1 error.
  PresentInsertedError, ///< int: 1 key present, 0 inserted, -1 error.
  AliveDeadError,       ///< int: 1 alive, 0 dead (*pobj = NULL), -1 error.
  CriticalSectionRequired, ///< No replacement: hold a critical section.
};

/// One borrowed-reference API and its strong replacement.
struct BorrowedAPI {
  llvm::StringRef Name;
  APISpelling Spelling;
  llvm::StringRef BorrowedSignature;
  llvm::StringRef Replacement; ///< Empty when there is none (PyDict_Next).
  llvm::StringRef ReplacementSignature;
  unsigned AddedIn;   ///< PY_VERSION_HEX; 0 = every supported version.
  unsigned RemovedIn; ///< PY_VERSION_HEX; 0 = not removed.
  ResultProtocol Protocol;
  bool SwallowsErrors; ///< The borrowed API clears lookup errors.
};

/// Every borrowed-reference API in table order.
llvm::ArrayRef<BorrowedAPI> borrowedAPIs();

/// The table entry for \p Name, or nullptr.
const BorrowedAPI *findBorrowedAPI(llvm::StringRef Name);

/// True for borrowed accessors that are always safe (immutable containers).
bool isSafeBorrowedAPI(llvm::StringRef Name);

/// True for calls that return a new container not yet visible to others.
bool isContainerConstructor(llvm::StringRef Name);

/// For a call that returns a new reference to an object complete when it
/// returns (FT_FINISHED_OBJECT_CONSTRUCTOR): whether only its all-zero
/// arguments do (PyTuple_New(0)); nullopt for any other name.
std::optional<bool> finishedObjectConstructor(llvm::StringRef Name);

/// For an operation that uses a container without keeping or sharing it
/// (PyList_Append, PyDict_SetItem, Py_DECREF, ...): the index of the
/// container argument. -1 for any other name.
int containerOperationArg(llvm::StringRef Name);

/// For a call that steals a reference (PyTuple_SET_ITEM, PyModule_AddObject,
/// ...): the index of the stolen argument. -1 for any other name.
int stolenArgument(llvm::StringRef Name);

/// Role of a critical-section macro or function.
enum class SectionRole { None, Begin, End };

/// A critical-section macro or function.
struct CriticalSectionAPI {
  llvm::StringRef Name;
  SectionRole Role;
  unsigned Objects; ///< Number of guarded objects/mutexes for Begin.
  bool IsMutex;     ///< Guards PyMutex pointers, not objects.
  llvm::StringRef Closer; ///< For Begin: what ends it, e.g. "Py_END_CRITICAL_SECTION()".
};

/// The critical-section macro named \p Name, or nullptr.
const CriticalSectionAPI *findCriticalSectionMacro(llvm::StringRef Name);

/// The critical-section function named \p Name, or nullptr.
const CriticalSectionAPI *findCriticalSectionFunction(llvm::StringRef Name);

/// For a function that takes (Begin) or releases (End) the lock given as its
/// first argument (PyMutex_Lock, PyThread_release_lock...): its role; None
/// for any other name.
SectionRole lockFunctionRole(llvm::StringRef Name);

/// The names of the functions whose role is Begin (they take a lock).
llvm::ArrayRef<llvm::StringRef> lockTakingFunctionNames();
/// The names of the critical-section macros (findCriticalSectionMacro).
llvm::ArrayRef<llvm::StringRef> criticalSectionMacroNames();

/// True for the name of a lock or once-flag type (PyMutex, std::mutex...).
bool isSynchronizationType(llvm::StringRef Name);

/// True for calls that can run Python code or block, and so suspend the
/// critical sections held by the thread (PyObject_Call, Py_DECREF...).
bool mayRunPythonCode(llvm::StringRef Name);

/// "3.13" for 0x030D0000; "all versions" for 0.
std::string formatPythonVersion(unsigned Hex);

/// A one-line description of \p P, e.g. "int: 1 found, 0 missing, -1 error".
llvm::StringRef describeProtocol(ResultProtocol P);

/// When CPython calls a function a module names: while it sets the module up
/// (before any other thread can call into it) or while it tears it down. The
/// values are bits: a set of phases is their OR.
enum class ModulePhase : unsigned { Init = 1, Teardown = 2 };

/// A function named in a module's definition for CPython to call in one
/// phase: the value of a slot ({Py_mod_exec, fn}) or a field (m_free).
struct ModulePhaseFunction {
  llvm::StringRef Record; ///< The initialized type (PyModuleDef_Slot...).
  llvm::StringRef Key;    ///< The slot id (first member) or the field name.
  bool IsSlot;            ///< Key is a slot id; the second member names it.
  ModulePhase Phase;
};

/// Every function a module definition can name for a phase, in table order.
llvm::ArrayRef<ModulePhaseFunction> modulePhaseFunctions();

/// True for the name of a module's initialization function (PyInit_<name>).
bool isModuleInitFunctionName(llvm::StringRef Name);

/// How an unchecked container accessor touches the container.
enum class UnlockedAccess {
  Read,  ///< Returns a borrowed item (PyList_GET_ITEM).
  Write, ///< Stores an item without releasing the old one (PyList_SET_ITEM).
  Array, ///< Exposes the item array (PySequence_Fast_ITEMS).
  Size,  ///< Reads the length (PyList_GET_SIZE).
};

/// An unchecked list or fast-sequence accessor (used by
/// freethreading-unlocked-container-access).
struct UnlockedContainerAPI {
  llvm::StringRef Name;
  UnlockedAccess Kind;
  /// The bounds-checked call returning a new reference with the same
  /// arguments (PyList_GetItemRef), or empty.
  llvm::StringRef Replacement;
};

/// The unchecked container accessor named \p Name, or nullptr.
const UnlockedContainerAPI *findUnlockedContainerAPI(llvm::StringRef Name);

/// What a reference-count accessor does.
enum class RefcountRole { Read, Write };

/// A function behind a reference-count accessor macro (Py_REFCNT,
/// Py_SET_REFCNT).
struct RefcountFunction {
  llvm::StringRef Name;
  RefcountRole Role;
  llvm::StringRef Macro; ///< The macro the user writes.
};

/// The reference-count function named \p Name, or nullptr.
const RefcountFunction *findRefcountFunction(llvm::StringRef Name);

/// The macro the user writes for \p Role (Py_REFCNT, Py_SET_REFCNT).
llvm::StringRef refcountMacro(RefcountRole Role);

/// The thread-safe uniqueness test (PyUnstable_Object_IsUniquelyReferenced).
llvm::StringRef uniquenessTest();

/// The PY_VERSION_HEX of the first release with uniquenessTest().
unsigned uniquenessTestAddedIn();

/// How a module declares its GIL use, and what it declares it in.
struct ModuleGilAPI {
  llvm::StringRef DefinitionRecord; ///< PyModuleDef.
  llvm::StringRef SlotRecord;       ///< PyModuleDef_Slot.
  llvm::StringRef SlotsField;       ///< m_slots.
  llvm::StringRef SlotIdField;      ///< slot: a slot's id member.
  llvm::StringRef CreateFunction;   ///< Creates a single-phase module.
  llvm::StringRef GilSlot;          ///< Py_mod_gil.
  unsigned GilSlotAddedIn;          ///< PY_VERSION_HEX of the first release.
  llvm::StringRef GilSetter;        ///< PyUnstable_Module_SetGIL.
  llvm::StringRef FreeThreadedMacro; ///< Py_GIL_DISABLED.
  unsigned FreeThreadedSince;       ///< The first release with such builds.
  llvm::StringRef GilUsed, GilNotUsed; ///< The values either one takes.
  llvm::StringRef VersionMacro;     ///< PY_VERSION_HEX.
  llvm::StringRef MajorVersionMacro; ///< PY_MAJOR_VERSION.
  unsigned OldestMajor;             ///< 3: older branches are dead code.
};

/// The table's facts about declaring a module's GIL use.
const ModuleGilAPI &moduleGilAPI();

/// The directive under which the GIL slot compiles:
/// "#if PY_VERSION_HEX >= 0x030D0000".
std::string gilSlotGuard();

/// The directive under which the GIL setter compiles: "#ifdef Py_GIL_DISABLED".
std::string gilSetterGuard();

/// The module name of init function \p Name ("spam" for PyInit_spam).
llvm::StringRef moduleNameOfInitFunction(llvm::StringRef Name);

/// The typedef name of every object: PyObject.
llvm::StringRef objectTypeName();

/// The struct tag of every object: _object (struct _object).
llvm::StringRef objectRecordName();

/// The struct tag of every type object: _typeobject.
llvm::StringRef typeObjectRecordName();

/// The headers' macro casting any pointer to PyObject * (_PyObject_CAST).
llvm::StringRef objectCastMacro();

/// The header that includes all of the C API (Python.h).
llvm::StringRef pythonHeaderName();

/// Where a function receives a keyword-arguments dict as third argument.
struct KeywordArgumentsAPI {
  llvm::ArrayRef<llvm::StringRef> TypeFields; ///< tp_init, tp_new.
  llvm::StringRef SlotRecord;                 ///< PyType_Slot.
  llvm::ArrayRef<llvm::StringRef> Slots;      ///< Py_tp_init, Py_tp_new.
  llvm::StringRef MethodRecord;               ///< PyMethodDef.
  llvm::StringRef MethodFlag;                 ///< METH_KEYWORDS...
  llvm::StringRef MethodNotFlag;              ///< ...without METH_FASTCALL.
  llvm::ArrayRef<llvm::StringRef> ParameterNames; ///< kwds, kwargs, kw.
};

/// The table's facts about keyword-arguments dicts.
const KeywordArgumentsAPI &keywordArgumentsAPI();

/// What an extension type's definition names for CPython to call
/// (FT_TYPE_* rows of the table).
struct ExtensionTypeAPI {
  llvm::StringRef TypeRecord;    ///< _typeobject: a static type object.
  llvm::StringRef TypeSizeField; ///< tp_basicsize.
  llvm::StringRef SpecRecord;    ///< PyType_Spec.
  llvm::StringRef SpecSizeField; ///< basicsize.
  llvm::StringRef SpecSlotsField; ///< slots.
  llvm::StringRef SlotRecord;    ///< PyType_Slot.
  llvm::StringRef SlotPrefix;    ///< Py_: Py_tp_new names what tp_new does.
  /// Members naming functions that run while an object is created or
  /// destroyed (tp_new, tp_dealloc...).
  llvm::ArrayRef<llvm::StringRef> LifecycleFields;
  /// Records of tables never followed from a type (other type objects...).
  llvm::ArrayRef<llvm::StringRef> NotFollowedRecords;
  llvm::StringRef MethodRecord;     ///< PyMethodDef.
  llvm::StringRef MethodFlagsField; ///< ml_flags.
  /// Flags of methods that get no instance (METH_CLASS, METH_STATIC).
  llvm::ArrayRef<llvm::StringRef> NoInstanceFlags;
  /// Parameters that can be NULL, by the member naming the function.
  struct NullableParameter {
    llvm::StringRef Member;
    unsigned Index;
  };
  llvm::ArrayRef<NullableParameter> NullableParameters;
  /// The flag of methods with one object argument, never NULL (METH_O).
  llvm::StringRef SingleArgumentFlag;
  /// Lock typedefs that are plain pointers (PyThread_type_lock).
  llvm::ArrayRef<llvm::StringRef> LockHandleTypes;
  /// Prefixes of functions accessing memory atomically (_Py_atomic_...).
  llvm::ArrayRef<llvm::StringRef> AtomicPrefixes;
};

/// The table's facts about extension types.
const ExtensionTypeAPI &extensionTypeAPI();

/// What a memory function does, and in which domain.
enum class MemoryRole {
  ObjectAllocator,   ///< PyObject_Malloc, PyObject_Calloc.
  ObjectReallocator, ///< PyObject_Realloc.
  ObjectRelease,     ///< PyObject_Free.
  BufferAllocator,   ///< PyMem_Malloc, PyMem_Calloc.
  BufferReallocator, ///< PyMem_Realloc.
  BufferRelease,     ///< PyMem_Free.
  ObjectInit,        ///< Makes its first argument's memory an object.
};

/// A memory allocation or release function.
struct MemoryAPI {
  llvm::StringRef Name;
  MemoryRole Role;
  llvm::StringRef Twin; ///< The PyMem_ function with the same contract.
};

/// The memory function named \p Name, or nullptr.
const MemoryAPI *findMemoryAPI(llvm::StringRef Name);

/// Every memory function, in table order.
llvm::ArrayRef<MemoryAPI> memoryAPIs();

/// True when object-like macro \p Macro expands to exactly function
/// \p Function in every supported header (PyObject_FREE, PyObject_Free).
bool isMemoryAlias(llvm::StringRef Macro, llvm::StringRef Function);

/// True for functions that only read or write the bytes a pointer argument
/// points to (memcpy, PyBytes_FromStringAndSize...).
bool isByteAccessFunction(llvm::StringRef Name);

/// For each critical-section function (PyCriticalSection_Begin...), in
/// table order.
llvm::ArrayRef<CriticalSectionAPI> criticalSectionFunctions();

/// What a reference operation does (see FT_REFERENCE_OPERATION).
enum class ReferenceOperation { Incref, NewRef, Release, Clear };

/// The names a user writes for the reference operations of kind \p Kind, in
/// table order (Py_INCREF, Py_XINCREF for Incref).
llvm::ArrayRef<llvm::StringRef> referenceOperations(ReferenceOperation Kind);

/// True for calls that make a borrowed reference strong, in either spelling
/// (Py_INCREF, _Py_INCREF, Py_NewRef...).
bool takesNewReference(llvm::StringRef Name);

/// True for a call that returns its argument as a new reference, in either
/// spelling (Py_NewRef, _Py_NewRef).
bool isOwningWrapper(llvm::StringRef Name);

/// True for an owning wrapper as a user writes it (Py_NewRef, Py_XNewRef).
bool isWrittenOwningWrapper(llvm::StringRef Name);

/// True when \p Text starts with an owning wrapper as a user writes it.
bool startsWithWrittenOwningWrapper(llvm::StringRef Text);

/// True for an increment a user writes as a statement (Py_INCREF).
bool isWrittenIncref(llvm::StringRef Name);

/// True for a release a user writes as a statement that leaves its argument
/// as it was (Py_DECREF, Py_XDECREF; not Py_CLEAR).
bool isWrittenRelease(llvm::StringRef Name);

/// The object header's reference-count member (ob_refcnt).
llvm::StringRef refcountField();

/// True for a name in the C API's namespace (Py..., _Py...).
bool hasCPythonAPIPrefix(llvm::StringRef Name);

/// The borrowed-reference API that iterates a dict (PyDict_Next): the one
/// whose protocol is CriticalSectionRequired.
llvm::StringRef dictIterationFunction();

/// The critical-section BEGIN macro guarding \p Objects objects (not
/// mutexes): Py_BEGIN_CRITICAL_SECTION for 1.
const CriticalSectionAPI &criticalSectionMacro(unsigned Objects);
// === freethreading-borrowed-reference: names its fixer reads and writes ====

/// True for a call that releases a reference given to it (Py_DECREF...).
bool releasesReference(llvm::StringRef Name);

/// For the replacement of a dict lookup, the call that tests membership
/// alone (PyDict_Contains for PyDict_GetItemRef); empty when none.
llvm::StringRef membershipTestFor(llvm::StringRef Replacement);

/// True for a borrowed API whose first argument is a list or dict that can
/// be private to the function.
bool isPrivateContainerLookup(llvm::StringRef Name);

/// True for a borrowed API whose argument is a name, not an object.
bool isBorrowedByName(llvm::StringRef Name);

/// True for a weakref getter that reports a non-weakref argument as NULL
/// with an exception (PyWeakref_GetObject, not its macro).
bool isCheckedWeakrefGetter(llvm::StringRef Name);

/// True for a call that sets the current exception (PyErr_SetString...).
bool setsException(llvm::StringRef Name);

/// For an argument parser (PyArg_ParseTuple...): the index of its format
/// argument, -1 for one without a format (PyArg_UnpackTuple); nullopt for
/// any other name.
std::optional<int> argumentParserFormat(llvm::StringRef Name);

/// A lookup, the insertion of a get-or-insert after it, and the call that
/// does both at once (FT_GET_OR_INSERT).
struct GetOrInsertAPI {
  llvm::StringRef Lookup;
  llvm::StringRef Insertion;
  llvm::StringRef AtomicInsertion;
};

/// The get-or-insert entry of the lookup \p Lookup, or nullptr.
const GetOrInsertAPI *getOrInsertAfter(llvm::StringRef Lookup);

/// For a plain constructor (PyList_New...; FT_PLAIN_CONSTRUCTOR): the index
/// of the argument that must be NULL, -1 for none; nullopt for any other
/// name.
std::optional<int> plainConstructorNullArgument(llvm::StringRef Name);

/// True when the parser format \p Format stores only borrowed references
/// and plain values: no 'O&' converter, no 'es'/'et' allocation, no '*'
/// buffer.
bool storesOnlyBorrowed(llvm::StringRef Format);

/// True for a call that enters or leaves a state an error exit must
/// restore (Py_EnterRecursiveCall, PyGILState_Ensure, PyObject_GetBuffer...).
bool holdsState(llvm::StringRef Name);

/// The names fixes write.
enum class FixName {
  Release,    ///< Releases a local that may be NULL (Py_XDECREF).
  Increment,  ///< Takes a reference to a non-NULL object (Py_INCREF).
  ClearError, ///< Clears the current exception (PyErr_Clear).
  ErrorOccurred, ///< Tests for a current exception (PyErr_Occurred).
  None,       ///< The None object (Py_None).
};

/// The name written for \p Role.
llvm::StringRef fixName(FixName Role);

// === end of freethreading-borrowed-reference names ==========================

} // namespace clang::tidy::freethreading

#endif // FT_TIDY_LIB_CPYTHONAPI_H
