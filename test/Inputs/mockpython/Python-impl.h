/*
 * Mock CPython C-API header for the ft-tidy lit test-suite.
 *
 * One implementation for every mocked version.  The entry headers
 * test/Inputs/py3.NN/Python.h define FT_MOCK_MINOR (12, 13, 14 or 15) and
 * include this file.  Declarations follow the signatures documented in the
 * CPython C-API reference; bodies of the static inline functions are
 * trivial stand-ins (the tests only parse, they never link).
 *
 * Version-dependent shapes modelled here (see test/Inputs/mockpython/README.md):
 *   - Py_REFCNT, PyList_GET_ITEM/SET_ITEM/GET_SIZE, PyTuple_GET_ITEM/...,
 *     PyCell_GET/SET, PyWeakref_GET_OBJECT: plain macros in 3.12,
 *     static inline functions with a same-name casting wrapper macro in 3.13+.
 *   - 3.13+: critical sections, PyMutex, Py_mod_gil, the *Ref functions.
 *   - 3.14+: PyCriticalSection*_BeginMutex and the *_MUTEX macros.
 *   - 3.15: Py_mod_gil is an expression, PyWeakref_GetObject and
 *     PyWeakref_GET_OBJECT are gone.
 *   - Py_GIL_DISABLED changes the critical-section macros and declares
 *     PyUnstable_Module_SetGIL (3.13+ only; 3.12 ignores it, as the real
 *     3.12 headers do).
 *
 * Like the real headers (installed under /usr/include), this file marks itself
 * as a system header, so diagnostics are not reported inside it and
 * clang-tidy's isExpansionInSystemHeader() holds for its macros.  Define
 * FT_MOCK_NO_SYSTEM_HEADER to turn that off (the self test does, to prove the
 * mock is -Wall -Wextra clean).  Define FT_MOCK_DEPRECATIONS to get the
 * deprecation attributes the real 3.13+ headers put on the weakref getters.
 */
#ifndef FT_MOCK_PYTHON_IMPL_H
#define FT_MOCK_PYTHON_IMPL_H

#ifndef FT_MOCK_NO_SYSTEM_HEADER
#pragma clang system_header
#endif

#ifndef FT_MOCK_MINOR
#error "include test/Inputs/py3.NN/Python.h, which defines FT_MOCK_MINOR"
#endif
#if FT_MOCK_MINOR < 12 || FT_MOCK_MINOR > 15
#error "FT_MOCK_MINOR must be 12, 13, 14 or 15"
#endif

/* ------------------------------------------------------------------ */
/* Version                                                             */
/* ------------------------------------------------------------------ */

#define PY_MAJOR_VERSION 3
#define PY_MINOR_VERSION FT_MOCK_MINOR
#define PY_MICRO_VERSION 0
#define PY_RELEASE_LEVEL 0xF
#define PY_RELEASE_SERIAL 0

#if FT_MOCK_MINOR == 12
#  define PY_VERSION_HEX 0x030C00F0
#  define PY_VERSION "3.12.0"
#elif FT_MOCK_MINOR == 13
#  define PY_VERSION_HEX 0x030D00F0
#  define PY_VERSION "3.13.0"
#elif FT_MOCK_MINOR == 14
#  define PY_VERSION_HEX 0x030E00F0
#  define PY_VERSION "3.14.0"
#else
#  define PY_VERSION_HEX 0x030F00F0
#  define PY_VERSION "3.15.0"
#endif

/* ------------------------------------------------------------------ */
/* Standard headers that Python.h makes available                      */
/* ------------------------------------------------------------------ */

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* ------------------------------------------------------------------ */
/* Port macros                                                         */
/* ------------------------------------------------------------------ */

#ifdef __cplusplus
#  define FT_MOCK_BEGIN_DECLS extern "C" {
#  define FT_MOCK_END_DECLS }
#else
#  define FT_MOCK_BEGIN_DECLS
#  define FT_MOCK_END_DECLS
#endif

#define PyAPI_FUNC(RTYPE) RTYPE
#define PyAPI_DATA(RTYPE) extern RTYPE
#define Py_EXPORTED_SYMBOL __attribute__((visibility("default")))
#define Py_LOCAL(type) static type
#define Py_LOCAL_INLINE(type) static inline type
#define Py_ALWAYS_INLINE __attribute__((always_inline))
#define Py_NO_INLINE __attribute__((noinline))
#define Py_UNUSED(name) _unused_##name __attribute__((unused))
#define Py_STRINGIFY(x) #x
#define Py_ARRAY_LENGTH(array) (sizeof(array) / sizeof((array)[0]))
#define Py_MIN(x, y) (((x) > (y)) ? (y) : (x))
#define Py_MAX(x, y) (((x) > (y)) ? (x) : (y))
#define Py_ABS(x) ((x) < 0 ? -(x) : (x))
#define Py_UNREACHABLE() __builtin_unreachable()
#define Py_CHARMASK(c) ((unsigned char)((c) & 0xff))
#define _Py_NULL NULL

#if defined(FT_MOCK_DEPRECATIONS)
#  define Py_DEPRECATED(VERSION) __attribute__((deprecated))
#else
#  define Py_DEPRECATED(VERSION)
#endif

#ifdef __cplusplus
#  define PyMODINIT_FUNC extern "C" Py_EXPORTED_SYMBOL PyObject *
#else
#  define PyMODINIT_FUNC Py_EXPORTED_SYMBOL PyObject *
#endif

FT_MOCK_BEGIN_DECLS

/* ------------------------------------------------------------------ */
/* Basic integer types                                                 */
/* ------------------------------------------------------------------ */

typedef ptrdiff_t Py_ssize_t;
typedef Py_ssize_t Py_hash_t;
typedef size_t Py_uhash_t;
typedef uint32_t Py_UCS4;
typedef uint16_t Py_UCS2;
typedef uint8_t Py_UCS1;

#define PY_SSIZE_T_MAX ((Py_ssize_t)(((size_t)-1) >> 1))
#define PY_SSIZE_T_MIN (-PY_SSIZE_T_MAX - 1)

/* ------------------------------------------------------------------ */
/* Object header                                                       */
/* ------------------------------------------------------------------ */

typedef struct _object PyObject;
typedef struct _typeobject PyTypeObject;

/* The free-threaded build of the real interpreter splits the reference count
 * into ob_ref_local/ob_ref_shared.  The mock keeps one ob_refcnt field on both
 * builds so that test code reading it parses everywhere.  Define
 * FT_MOCK_FT_OBJECT_LAYOUT (with Py_GIL_DISABLED, 3.13+) to get the real
 * free-threaded layout instead, where 'op->ob_refcnt' does not compile. */
#if defined(Py_GIL_DISABLED) && defined(FT_MOCK_FT_OBJECT_LAYOUT) && FT_MOCK_MINOR >= 13
#  define FT_MOCK_SPLIT_REFCOUNT 1
#endif

#ifdef FT_MOCK_SPLIT_REFCOUNT
struct _object {
    uintptr_t ob_tid;
    uint16_t ob_flags;
    struct { uint8_t _bits; } ob_mutex;
    uint8_t ob_gc_bits;
    uint32_t ob_ref_local;
    Py_ssize_t ob_ref_shared;
    PyTypeObject *ob_type;
};
#  define FT_MOCK_REFCOUNT_OF(op) \
    ((Py_ssize_t)(op)->ob_ref_local + ((op)->ob_ref_shared >> 2))
#else
struct _object {
    Py_ssize_t ob_refcnt;
    PyTypeObject *ob_type;
};
#  define FT_MOCK_REFCOUNT_OF(op) ((op)->ob_refcnt)
#endif

typedef struct {
    PyObject ob_base;
    Py_ssize_t ob_size;
} PyVarObject;

#define PyObject_HEAD PyObject ob_base;
#define PyObject_VAR_HEAD PyVarObject ob_base;
#ifdef FT_MOCK_SPLIT_REFCOUNT
#  define PyObject_HEAD_INIT(type) { 0, 0, { 0 }, 0, 1, 0, (type) },
#else
#  define PyObject_HEAD_INIT(type) { 1, (type) },
#endif
#define PyVarObject_HEAD_INIT(type, size) { PyObject_HEAD_INIT(type) (size) },

#define _PyObject_CAST(op) ((PyObject *)(op))
#define _PyVarObject_CAST(op) ((PyVarObject *)(op))
#define _Py_CAST(type, expr) ((type)(expr))

void _Py_Dealloc(PyObject *op);

/* Py_REFCNT: a macro in the 3.12 mock, a static inline function wrapped by a
 * same-name macro from 3.13 on. */
#if FT_MOCK_MINOR == 12
#  define Py_REFCNT(ob) (_PyObject_CAST(ob)->ob_refcnt)
#else
static inline Py_ssize_t Py_REFCNT(PyObject *ob) {
    return FT_MOCK_REFCOUNT_OF(ob);
}
#  define Py_REFCNT(ob) Py_REFCNT(_PyObject_CAST(ob))
#endif

static inline PyTypeObject *Py_TYPE(PyObject *ob) {
    return ob->ob_type;
}
#define Py_TYPE(ob) Py_TYPE(_PyObject_CAST(ob))

static inline Py_ssize_t Py_SIZE(PyObject *ob) {
    return ((PyVarObject *)ob)->ob_size;
}
#define Py_SIZE(ob) Py_SIZE(_PyObject_CAST(ob))

static inline int Py_IS_TYPE(PyObject *ob, PyTypeObject *type) {
    return ob->ob_type == type;
}
#define Py_IS_TYPE(ob, type) Py_IS_TYPE(_PyObject_CAST(ob), (type))

static inline void Py_SET_REFCNT(PyObject *ob, Py_ssize_t refcnt) {
#ifdef FT_MOCK_SPLIT_REFCOUNT
    ob->ob_ref_local = (uint32_t)refcnt;
    ob->ob_ref_shared = 0;
#else
    ob->ob_refcnt = refcnt;
#endif
}
#define Py_SET_REFCNT(ob, refcnt) Py_SET_REFCNT(_PyObject_CAST(ob), (refcnt))

static inline void Py_SET_TYPE(PyObject *ob, PyTypeObject *type) {
    ob->ob_type = type;
}
#define Py_SET_TYPE(ob, type) Py_SET_TYPE(_PyObject_CAST(ob), (type))

static inline void Py_SET_SIZE(PyVarObject *ob, Py_ssize_t size) {
    ob->ob_size = size;
}
#define Py_SET_SIZE(ob, size) Py_SET_SIZE(_PyVarObject_CAST(ob), (size))

/* Reference counting: static inline functions plus casting wrapper macros.
 * Each wrapper is defined after its function so the definition itself is
 * not macro-expanded. */
static inline void Py_INCREF(PyObject *op) {
#ifdef FT_MOCK_SPLIT_REFCOUNT
    op->ob_ref_local++;
#else
    op->ob_refcnt++;
#endif
}
#define Py_INCREF(op) Py_INCREF(_PyObject_CAST(op))

static inline void Py_DECREF(PyObject *op) {
#ifdef FT_MOCK_SPLIT_REFCOUNT
    if (--op->ob_ref_local == 0 && op->ob_ref_shared == 0) {
#else
    if (--op->ob_refcnt == 0) {
#endif
        _Py_Dealloc(op);
    }
}
#define Py_DECREF(op) Py_DECREF(_PyObject_CAST(op))

static inline void Py_XINCREF(PyObject *op) {
    if (op != NULL) {
        Py_INCREF(op);
    }
}
#define Py_XINCREF(op) Py_XINCREF(_PyObject_CAST(op))

static inline void Py_XDECREF(PyObject *op) {
    if (op != NULL) {
        Py_DECREF(op);
    }
}
#define Py_XDECREF(op) Py_XDECREF(_PyObject_CAST(op))

static inline PyObject *Py_NewRef(PyObject *obj) {
    Py_INCREF(obj);
    return obj;
}
#define Py_NewRef(obj) Py_NewRef(_PyObject_CAST(obj))

static inline PyObject *Py_XNewRef(PyObject *obj) {
    Py_XINCREF(obj);
    return obj;
}
#define Py_XNewRef(obj) Py_XNewRef(_PyObject_CAST(obj))

/* Py_CLEAR has to assign to its argument, so it stays a statement macro. */
#define Py_CLEAR(op)                                \
    do {                                            \
        PyObject *_py_clear_tmp = _PyObject_CAST(op); \
        if (_py_clear_tmp != NULL) {                \
            (op) = NULL;                            \
            Py_DECREF(_py_clear_tmp);               \
        }                                           \
    } while (0)

#define Py_SETREF(dst, src)                         \
    do {                                            \
        PyObject *_py_setref_tmp = _PyObject_CAST(dst); \
        (dst) = (src);                              \
        Py_DECREF(_py_setref_tmp);                  \
    } while (0)

#define Py_XSETREF(dst, src)                        \
    do {                                            \
        PyObject *_py_xsetref_tmp = _PyObject_CAST(dst); \
        (dst) = (src);                              \
        Py_XDECREF(_py_xsetref_tmp);                \
    } while (0)

/* Singletons. */
typedef struct _longobject PyLongObject;

extern PyObject _Py_NoneStruct;
extern PyObject _Py_NotImplementedStruct;
extern PyObject _Py_EllipsisObject;
extern PyLongObject _Py_FalseStruct;
extern PyLongObject _Py_TrueStruct;

#define Py_None (&_Py_NoneStruct)
#define Py_NotImplemented (&_Py_NotImplementedStruct)
#define Py_Ellipsis (&_Py_EllipsisObject)
#define Py_False ((PyObject *)&_Py_FalseStruct)
#define Py_True ((PyObject *)&_Py_TrueStruct)

/* From 3.12 the singletons are immortal; the real headers return them
 * without a new reference. */
#define Py_RETURN_NONE return Py_None
#define Py_RETURN_TRUE return Py_True
#define Py_RETURN_FALSE return Py_False
#define Py_RETURN_NOTIMPLEMENTED return Py_NotImplemented

#define Py_Is(x, y) ((x) == (y))
#define Py_IsNone(x) Py_Is((x), Py_None)
#define Py_IsTrue(x) Py_Is((x), Py_True)
#define Py_IsFalse(x) Py_Is((x), Py_False)

/* ------------------------------------------------------------------ */
/* Slot function types                                                 */
/* ------------------------------------------------------------------ */

typedef struct bufferinfo {
    void *buf;
    PyObject *obj;
    Py_ssize_t len;
    Py_ssize_t itemsize;
    int readonly;
    int ndim;
    char *format;
    Py_ssize_t *shape;
    Py_ssize_t *strides;
    Py_ssize_t *suboffsets;
    void *internal;
} Py_buffer;

#define PyBUF_SIMPLE 0
#define PyBUF_WRITABLE 0x0001
#define PyBUF_FORMAT 0x0004
#define PyBUF_ND 0x0008
#define PyBUF_STRIDES (0x0010 | PyBUF_ND)
#define PyBUF_CONTIG_RO (PyBUF_ND)
#define PyBUF_FULL_RO (PyBUF_STRIDES | 0x0100 | PyBUF_FORMAT)
#define PyBUF_READ 0x100
#define PyBUF_WRITE 0x200

typedef PyObject *(*unaryfunc)(PyObject *);
typedef PyObject *(*binaryfunc)(PyObject *, PyObject *);
typedef PyObject *(*ternaryfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*inquiry)(PyObject *);
typedef Py_ssize_t (*lenfunc)(PyObject *);
typedef PyObject *(*ssizeargfunc)(PyObject *, Py_ssize_t);
typedef PyObject *(*ssizessizeargfunc)(PyObject *, Py_ssize_t, Py_ssize_t);
typedef int (*ssizeobjargproc)(PyObject *, Py_ssize_t, PyObject *);
typedef int (*ssizessizeobjargproc)(PyObject *, Py_ssize_t, Py_ssize_t, PyObject *);
typedef int (*objobjargproc)(PyObject *, PyObject *, PyObject *);
typedef int (*objobjproc)(PyObject *, PyObject *);
typedef int (*visitproc)(PyObject *, void *);
typedef int (*traverseproc)(PyObject *, visitproc, void *);
typedef void (*freefunc)(void *);
typedef void (*destructor)(PyObject *);
typedef PyObject *(*getattrfunc)(PyObject *, char *);
typedef PyObject *(*getattrofunc)(PyObject *, PyObject *);
typedef int (*setattrfunc)(PyObject *, char *, PyObject *);
typedef int (*setattrofunc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*reprfunc)(PyObject *);
typedef Py_hash_t (*hashfunc)(PyObject *);
typedef PyObject *(*richcmpfunc)(PyObject *, PyObject *, int);
typedef PyObject *(*getiterfunc)(PyObject *);
typedef PyObject *(*iternextfunc)(PyObject *);
typedef PyObject *(*descrgetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*descrsetfunc)(PyObject *, PyObject *, PyObject *);
typedef int (*initproc)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*newfunc)(PyTypeObject *, PyObject *, PyObject *);
typedef PyObject *(*allocfunc)(PyTypeObject *, Py_ssize_t);
typedef PyObject *(*vectorcallfunc)(PyObject *callable, PyObject *const *args,
                                    size_t nargsf, PyObject *kwnames);
typedef int (*getbufferproc)(PyObject *, Py_buffer *, int);
typedef void (*releasebufferproc)(PyObject *, Py_buffer *);

typedef enum {
    PYGEN_RETURN = 0,
    PYGEN_ERROR = -1,
    PYGEN_NEXT = 1
} PySendResult;
typedef PySendResult (*sendfunc)(PyObject *iter, PyObject *value, PyObject **result);

typedef struct {
    binaryfunc nb_add;
    binaryfunc nb_subtract;
    binaryfunc nb_multiply;
    binaryfunc nb_remainder;
    binaryfunc nb_divmod;
    ternaryfunc nb_power;
    unaryfunc nb_negative;
    unaryfunc nb_positive;
    unaryfunc nb_absolute;
    inquiry nb_bool;
    unaryfunc nb_invert;
    binaryfunc nb_lshift;
    binaryfunc nb_rshift;
    binaryfunc nb_and;
    binaryfunc nb_xor;
    binaryfunc nb_or;
    unaryfunc nb_int;
    void *nb_reserved;
    unaryfunc nb_float;
    binaryfunc nb_inplace_add;
    binaryfunc nb_inplace_subtract;
    binaryfunc nb_inplace_multiply;
    binaryfunc nb_inplace_remainder;
    ternaryfunc nb_inplace_power;
    binaryfunc nb_inplace_lshift;
    binaryfunc nb_inplace_rshift;
    binaryfunc nb_inplace_and;
    binaryfunc nb_inplace_xor;
    binaryfunc nb_inplace_or;
    binaryfunc nb_floor_divide;
    binaryfunc nb_true_divide;
    binaryfunc nb_inplace_floor_divide;
    binaryfunc nb_inplace_true_divide;
    unaryfunc nb_index;
    binaryfunc nb_matrix_multiply;
    binaryfunc nb_inplace_matrix_multiply;
} PyNumberMethods;

typedef struct {
    lenfunc sq_length;
    binaryfunc sq_concat;
    ssizeargfunc sq_repeat;
    ssizeargfunc sq_item;
    void *was_sq_slice;
    ssizeobjargproc sq_ass_item;
    void *was_sq_ass_slice;
    objobjproc sq_contains;
    binaryfunc sq_inplace_concat;
    ssizeargfunc sq_inplace_repeat;
} PySequenceMethods;

typedef struct {
    lenfunc mp_length;
    binaryfunc mp_subscript;
    objobjargproc mp_ass_subscript;
} PyMappingMethods;

typedef struct {
    unaryfunc am_await;
    unaryfunc am_aiter;
    unaryfunc am_anext;
    sendfunc am_send;
} PyAsyncMethods;

typedef struct {
    getbufferproc bf_getbuffer;
    releasebufferproc bf_releasebuffer;
} PyBufferProcs;

/* ------------------------------------------------------------------ */
/* Methods, members, getsets                                           */
/* ------------------------------------------------------------------ */

typedef PyObject *(*PyCFunction)(PyObject *, PyObject *);
typedef PyObject *(*PyCFunctionWithKeywords)(PyObject *, PyObject *, PyObject *);
typedef PyObject *(*_PyCFunctionFast)(PyObject *, PyObject *const *, Py_ssize_t);
typedef PyObject *(*_PyCFunctionFastWithKeywords)(PyObject *, PyObject *const *,
                                                  Py_ssize_t, PyObject *);
typedef PyObject *(*PyCMethod)(PyObject *, PyTypeObject *, PyObject *const *,
                               size_t, PyObject *);
#if FT_MOCK_MINOR >= 13
typedef _PyCFunctionFast PyCFunctionFast;
typedef _PyCFunctionFastWithKeywords PyCFunctionFastWithKeywords;
#endif

struct PyMethodDef {
    const char *ml_name;
    PyCFunction ml_meth;
    int ml_flags;
    const char *ml_doc;
};
typedef struct PyMethodDef PyMethodDef;

#define METH_VARARGS 0x0001
#define METH_KEYWORDS 0x0002
#define METH_NOARGS 0x0004
#define METH_O 0x0008
#define METH_CLASS 0x0010
#define METH_STATIC 0x0020
#define METH_COEXIST 0x0040
#define METH_FASTCALL 0x0080
#define METH_METHOD 0x0200

typedef struct PyMemberDef {
    const char *name;
    int type;
    Py_ssize_t offset;
    int flags;
    const char *doc;
} PyMemberDef;

/* Member types, new spelling (3.12+). */
#define Py_T_SHORT 0
#define Py_T_INT 1
#define Py_T_LONG 2
#define Py_T_FLOAT 3
#define Py_T_DOUBLE 4
#define Py_T_STRING 5
#define _Py_T_OBJECT 6
#define Py_T_CHAR 7
#define Py_T_BYTE 8
#define Py_T_UBYTE 9
#define Py_T_UINT 11
#define Py_T_USHORT 10
#define Py_T_ULONG 12
#define Py_T_STRING_INPLACE 13
#define Py_T_BOOL 14
#define Py_T_OBJECT_EX 16
#define Py_T_LONGLONG 17
#define Py_T_ULONGLONG 18
#define Py_T_PYSSIZET 19
#define _Py_T_NONE 20
#define Py_READONLY 1
#define Py_AUDIT_READ 2
#define Py_RELATIVE_OFFSET 8

/* Member types, legacy structmember.h spelling. */
#define T_SHORT Py_T_SHORT
#define T_INT Py_T_INT
#define T_LONG Py_T_LONG
#define T_FLOAT Py_T_FLOAT
#define T_DOUBLE Py_T_DOUBLE
#define T_STRING Py_T_STRING
#define T_OBJECT _Py_T_OBJECT
#define T_CHAR Py_T_CHAR
#define T_BYTE Py_T_BYTE
#define T_UBYTE Py_T_UBYTE
#define T_UINT Py_T_UINT
#define T_USHORT Py_T_USHORT
#define T_ULONG Py_T_ULONG
#define T_BOOL Py_T_BOOL
#define T_OBJECT_EX Py_T_OBJECT_EX
#define T_LONGLONG Py_T_LONGLONG
#define T_ULONGLONG Py_T_ULONGLONG
#define T_PYSSIZET Py_T_PYSSIZET
#define T_NONE _Py_T_NONE
#define READONLY Py_READONLY
#define READ_RESTRICTED Py_AUDIT_READ
#define PY_WRITE_RESTRICTED 4
#define RESTRICTED (READ_RESTRICTED | PY_WRITE_RESTRICTED)

typedef PyObject *(*getter)(PyObject *, void *);
typedef int (*setter)(PyObject *, PyObject *, void *);

typedef struct PyGetSetDef {
    const char *name;
    getter get;
    setter set;
    const char *doc;
    void *closure;
} PyGetSetDef;

/* ------------------------------------------------------------------ */
/* Type objects                                                        */
/* ------------------------------------------------------------------ */

/* Field order is the documented one, so positional initializers written for
 * the real headers work unchanged. */
struct _typeobject {
    PyObject_VAR_HEAD
    const char *tp_name;
    Py_ssize_t tp_basicsize;
    Py_ssize_t tp_itemsize;

    destructor tp_dealloc;
    Py_ssize_t tp_vectorcall_offset;
    getattrfunc tp_getattr;
    setattrfunc tp_setattr;
    PyAsyncMethods *tp_as_async;
    reprfunc tp_repr;

    PyNumberMethods *tp_as_number;
    PySequenceMethods *tp_as_sequence;
    PyMappingMethods *tp_as_mapping;

    hashfunc tp_hash;
    ternaryfunc tp_call;
    reprfunc tp_str;
    getattrofunc tp_getattro;
    setattrofunc tp_setattro;

    PyBufferProcs *tp_as_buffer;
    unsigned long tp_flags;
    const char *tp_doc;

    traverseproc tp_traverse;
    inquiry tp_clear;
    richcmpfunc tp_richcompare;
    Py_ssize_t tp_weaklistoffset;

    getiterfunc tp_iter;
    iternextfunc tp_iternext;

    PyMethodDef *tp_methods;
    PyMemberDef *tp_members;
    PyGetSetDef *tp_getset;
    PyTypeObject *tp_base;
    PyObject *tp_dict;
    descrgetfunc tp_descr_get;
    descrsetfunc tp_descr_set;
    Py_ssize_t tp_dictoffset;
    initproc tp_init;
    allocfunc tp_alloc;
    newfunc tp_new;
    freefunc tp_free;
    inquiry tp_is_gc;
    PyObject *tp_bases;
    PyObject *tp_mro;
    PyObject *tp_cache;
    void *tp_subclasses;
    PyObject *tp_weaklist;
    destructor tp_del;
    unsigned int tp_version_tag;
    destructor tp_finalize;
    vectorcallfunc tp_vectorcall;
    unsigned char tp_watched;
#if FT_MOCK_MINOR >= 13
    uint16_t tp_versions_used;
#endif
};

#define Py_TPFLAGS_MANAGED_WEAKREF (1UL << 3)
#define Py_TPFLAGS_MANAGED_DICT (1UL << 4)
#define Py_TPFLAGS_SEQUENCE (1UL << 5)
#define Py_TPFLAGS_MAPPING (1UL << 6)
#define Py_TPFLAGS_DISALLOW_INSTANTIATION (1UL << 7)
#define Py_TPFLAGS_IMMUTABLETYPE (1UL << 8)
#define Py_TPFLAGS_HEAPTYPE (1UL << 9)
#define Py_TPFLAGS_BASETYPE (1UL << 10)
#define Py_TPFLAGS_HAVE_VECTORCALL (1UL << 11)
#define Py_TPFLAGS_READY (1UL << 12)
#define Py_TPFLAGS_READYING (1UL << 13)
#define Py_TPFLAGS_HAVE_GC (1UL << 14)
#define Py_TPFLAGS_METHOD_DESCRIPTOR (1UL << 17)
#define Py_TPFLAGS_VALID_VERSION_TAG (1UL << 19)
#define Py_TPFLAGS_IS_ABSTRACT (1UL << 20)
#define Py_TPFLAGS_LONG_SUBCLASS (1UL << 24)
#define Py_TPFLAGS_LIST_SUBCLASS (1UL << 25)
#define Py_TPFLAGS_TUPLE_SUBCLASS (1UL << 26)
#define Py_TPFLAGS_BYTES_SUBCLASS (1UL << 27)
#define Py_TPFLAGS_UNICODE_SUBCLASS (1UL << 28)
#define Py_TPFLAGS_DICT_SUBCLASS (1UL << 29)
#define Py_TPFLAGS_BASE_EXC_SUBCLASS (1UL << 30)
#define Py_TPFLAGS_TYPE_SUBCLASS (1UL << 31)
#define Py_TPFLAGS_HAVE_STACKLESS_EXTENSION 0
#define Py_TPFLAGS_HAVE_VERSION_TAG (1UL << 18)
#define Py_TPFLAGS_DEFAULT \
    (Py_TPFLAGS_HAVE_STACKLESS_EXTENSION | Py_TPFLAGS_HAVE_VERSION_TAG)
#define Py_TPFLAGS_HAVE_FINALIZE (1UL << 0)

typedef struct {
    int slot;
    void *pfunc;
} PyType_Slot;

typedef struct {
    const char *name;
    int basicsize;
    int itemsize;
    unsigned int flags;
    PyType_Slot *slots;
} PyType_Spec;

#define Py_bf_getbuffer 1
#define Py_bf_releasebuffer 2
#define Py_mp_ass_subscript 3
#define Py_mp_length 4
#define Py_mp_subscript 5
#define Py_nb_absolute 6
#define Py_nb_add 7
#define Py_nb_and 8
#define Py_nb_bool 9
#define Py_sq_ass_item 39
#define Py_sq_concat 40
#define Py_sq_contains 41
#define Py_sq_item 44
#define Py_sq_length 45
#define Py_tp_alloc 47
#define Py_tp_base 48
#define Py_tp_bases 49
#define Py_tp_call 50
#define Py_tp_clear 51
#define Py_tp_dealloc 52
#define Py_tp_del 53
#define Py_tp_descr_get 54
#define Py_tp_descr_set 55
#define Py_tp_doc 56
#define Py_tp_getattr 57
#define Py_tp_getattro 58
#define Py_tp_hash 59
#define Py_tp_init 60
#define Py_tp_is_gc 61
#define Py_tp_iter 62
#define Py_tp_iternext 63
#define Py_tp_methods 64
#define Py_tp_new 65
#define Py_tp_repr 66
#define Py_tp_richcompare 67
#define Py_tp_setattr 68
#define Py_tp_setattro 69
#define Py_tp_str 70
#define Py_tp_traverse 71
#define Py_tp_members 72
#define Py_tp_getset 73
#define Py_tp_free 74
#define Py_tp_finalize 80

extern PyTypeObject PyType_Type;
extern PyTypeObject PyBaseObject_Type;
extern PyTypeObject PySuper_Type;

int PyType_Ready(PyTypeObject *type);
PyObject *PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems);
PyObject *PyType_GenericNew(PyTypeObject *type, PyObject *args, PyObject *kwds);
int PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b);
unsigned long PyType_GetFlags(PyTypeObject *type);
void PyType_Modified(PyTypeObject *type);
void *PyType_GetSlot(PyTypeObject *type, int slot);
PyObject *PyType_FromSpec(PyType_Spec *spec);
PyObject *PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases);
PyObject *PyType_FromModuleAndSpec(PyObject *module, PyType_Spec *spec, PyObject *bases);
PyObject *PyType_FromMetaclass(PyTypeObject *metaclass, PyObject *module,
                               PyType_Spec *spec, PyObject *bases);
PyObject *PyType_GetModule(PyTypeObject *type);
void *PyType_GetModuleState(PyTypeObject *type);
PyObject *PyType_GetName(PyTypeObject *type);
PyObject *PyType_GetQualName(PyTypeObject *type);

#define PyType_HasFeature(type, feature) ((PyType_GetFlags(type) & (feature)) != 0)
#define PyType_FastSubclass(type, flag) PyType_HasFeature((type), (flag))

static inline int PyObject_TypeCheck(PyObject *ob, PyTypeObject *type) {
    return Py_IS_TYPE(ob, type) || PyType_IsSubtype(Py_TYPE(ob), type);
}
#define PyObject_TypeCheck(ob, type) PyObject_TypeCheck(_PyObject_CAST(ob), (type))

#define PyType_Check(op) PyObject_TypeCheck((op), &PyType_Type)
#define PyType_CheckExact(op) Py_IS_TYPE((op), &PyType_Type)

/* ------------------------------------------------------------------ */
/* Memory                                                              */
/* ------------------------------------------------------------------ */

void *PyMem_RawMalloc(size_t size);
void *PyMem_RawCalloc(size_t nelem, size_t elsize);
void *PyMem_RawRealloc(void *ptr, size_t new_size);
void PyMem_RawFree(void *ptr);

void *PyMem_Malloc(size_t size);
void *PyMem_Calloc(size_t nelem, size_t elsize);
void *PyMem_Realloc(void *ptr, size_t new_size);
void PyMem_Free(void *ptr);

#define PyMem_New(type, n)                                        \
    (((size_t)(n) > (size_t)PY_SSIZE_T_MAX / sizeof(type)) ? NULL \
        : ((type *)PyMem_Malloc((size_t)(n) * sizeof(type))))
#define PyMem_Resize(p, type, n)                                        \
    ((p) = (((size_t)(n) > (size_t)PY_SSIZE_T_MAX / sizeof(type)) ? NULL \
        : (type *)PyMem_Realloc((p), (size_t)(n) * sizeof(type))))
#define PyMem_Del PyMem_Free
#define PyMem_MALLOC(n) PyMem_Malloc(n)
#define PyMem_REALLOC(p, n) PyMem_Realloc((p), (n))
#define PyMem_FREE(p) PyMem_Free(p)

void *PyObject_Malloc(size_t size);
void *PyObject_Calloc(size_t nelem, size_t elsize);
void *PyObject_Realloc(void *ptr, size_t new_size);
void PyObject_Free(void *ptr);

#define PyObject_MALLOC PyObject_Malloc
#define PyObject_REALLOC PyObject_Realloc
#define PyObject_FREE PyObject_Free
#define PyObject_Del PyObject_Free
#define PyObject_DEL PyObject_Free

PyObject *PyObject_Init(PyObject *op, PyTypeObject *type);
PyVarObject *PyObject_InitVar(PyVarObject *op, PyTypeObject *type, Py_ssize_t size);
PyObject *_PyObject_New(PyTypeObject *type);
PyVarObject *_PyObject_NewVar(PyTypeObject *type, Py_ssize_t size);

#define PyObject_New(type, typeobj) ((type *)_PyObject_New(typeobj))
#define PyObject_NewVar(type, typeobj, n) \
    ((type *)_PyObject_NewVar((typeobj), (n)))
#define PyObject_INIT(op, typeobj) PyObject_Init(_PyObject_CAST(op), (typeobj))
#define PyObject_INIT_VAR(op, typeobj, size) \
    PyObject_InitVar(_PyVarObject_CAST(op), (typeobj), (size))

PyObject *_PyObject_GC_New(PyTypeObject *type);
PyVarObject *_PyObject_GC_NewVar(PyTypeObject *type, Py_ssize_t size);
PyVarObject *_PyObject_GC_Resize(PyVarObject *op, Py_ssize_t size);
void PyObject_GC_Track(void *op);
void PyObject_GC_UnTrack(void *op);
void PyObject_GC_Del(void *op);
int PyObject_IS_GC(PyObject *obj);
int PyObject_GC_IsTracked(PyObject *op);

#define PyObject_GC_New(type, typeobj) ((type *)_PyObject_GC_New(typeobj))
#define PyObject_GC_NewVar(type, typeobj, n) \
    ((type *)_PyObject_GC_NewVar((typeobj), (n)))
#define PyObject_GC_Resize(type, op, n) \
    ((type *)_PyObject_GC_Resize(_PyVarObject_CAST(op), (n)))

#define Py_VISIT(op)                                      \
    do {                                                  \
        if (op) {                                         \
            int _py_visit_ret = visit(_PyObject_CAST(op), arg); \
            if (_py_visit_ret) {                          \
                return _py_visit_ret;                     \
            }                                             \
        }                                                 \
    } while (0)

/* ------------------------------------------------------------------ */
/* Threads, GIL                                                        */
/* ------------------------------------------------------------------ */

typedef struct _ts PyThreadState;
typedef struct _is PyInterpreterState;

typedef enum {
    PyGILState_LOCKED,
    PyGILState_UNLOCKED
} PyGILState_STATE;

PyGILState_STATE PyGILState_Ensure(void);
void PyGILState_Release(PyGILState_STATE state);
PyThreadState *PyGILState_GetThisThreadState(void);
PyThreadState *PyThreadState_Get(void);
PyThreadState *PyEval_SaveThread(void);
void PyEval_RestoreThread(PyThreadState *tstate);
PyInterpreterState *PyInterpreterState_Get(void);

#define Py_BEGIN_ALLOW_THREADS { \
        PyThreadState *_save; \
        _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS PyEval_RestoreThread(_save); \
    }

/* ------------------------------------------------------------------ */
/* Critical sections and PyMutex (3.13+; the *_MUTEX forms 3.14+)      */
/* ------------------------------------------------------------------ */

#if FT_MOCK_MINOR >= 13
typedef struct PyMutex {
    uint8_t _bits;
} PyMutex;

void PyMutex_Lock(PyMutex *m);
void PyMutex_Unlock(PyMutex *m);
#  if FT_MOCK_MINOR >= 14
int PyMutex_IsLocked(PyMutex *m);
#  endif

typedef struct PyCriticalSection {
    uintptr_t _cs_prev;
    PyMutex *_cs_mutex;
} PyCriticalSection;

typedef struct PyCriticalSection2 {
    PyCriticalSection _cs_base;
    PyMutex *_cs_mutex2;
} PyCriticalSection2;

void PyCriticalSection_Begin(PyCriticalSection *c, PyObject *op);
void PyCriticalSection_End(PyCriticalSection *c);
void PyCriticalSection2_Begin(PyCriticalSection2 *c, PyObject *a, PyObject *b);
void PyCriticalSection2_End(PyCriticalSection2 *c);
#  if FT_MOCK_MINOR >= 14
void PyCriticalSection_BeginMutex(PyCriticalSection *c, PyMutex *m);
void PyCriticalSection2_BeginMutex(PyCriticalSection2 *c, PyMutex *m1, PyMutex *m2);
#  endif

#  ifdef Py_GIL_DISABLED
#    define Py_BEGIN_CRITICAL_SECTION(op) \
    { PyCriticalSection _py_cs; PyCriticalSection_Begin(&_py_cs, _PyObject_CAST(op))
#    define Py_END_CRITICAL_SECTION() \
    PyCriticalSection_End(&_py_cs); }
#    define Py_BEGIN_CRITICAL_SECTION2(a, b) \
    { PyCriticalSection2 _py_cs2; \
      PyCriticalSection2_Begin(&_py_cs2, _PyObject_CAST(a), _PyObject_CAST(b))
#    define Py_END_CRITICAL_SECTION2() \
    PyCriticalSection2_End(&_py_cs2); }
#    if FT_MOCK_MINOR >= 14
#      define Py_BEGIN_CRITICAL_SECTION_MUTEX(mutex) \
    { PyCriticalSection _py_cs; PyCriticalSection_BeginMutex(&_py_cs, (mutex))
#      define Py_BEGIN_CRITICAL_SECTION2_MUTEX(m1, m2) \
    { PyCriticalSection2 _py_cs2; PyCriticalSection2_BeginMutex(&_py_cs2, (m1), (m2))
#    endif
#  else
#    define Py_BEGIN_CRITICAL_SECTION(op) {
#    define Py_END_CRITICAL_SECTION() }
#    define Py_BEGIN_CRITICAL_SECTION2(a, b) {
#    define Py_END_CRITICAL_SECTION2() }
#    if FT_MOCK_MINOR >= 14
#      define Py_BEGIN_CRITICAL_SECTION_MUTEX(mutex) {
#      define Py_BEGIN_CRITICAL_SECTION2_MUTEX(m1, m2) {
#    endif
#  endif
#endif /* FT_MOCK_MINOR >= 13 */

/* ------------------------------------------------------------------ */
/* Generic object protocol                                             */
/* ------------------------------------------------------------------ */

#define Py_LT 0
#define Py_LE 1
#define Py_EQ 2
#define Py_NE 3
#define Py_GT 4
#define Py_GE 5

PyObject *PyObject_Repr(PyObject *o);
PyObject *PyObject_Str(PyObject *o);
PyObject *PyObject_ASCII(PyObject *o);
PyObject *PyObject_Bytes(PyObject *o);
Py_hash_t PyObject_Hash(PyObject *o);
Py_hash_t PyObject_HashNotImplemented(PyObject *o);
int PyObject_IsTrue(PyObject *o);
int PyObject_Not(PyObject *o);
PyObject *PyObject_RichCompare(PyObject *o1, PyObject *o2, int opid);
int PyObject_RichCompareBool(PyObject *o1, PyObject *o2, int opid);
PyObject *PyObject_GetAttr(PyObject *o, PyObject *attr_name);
PyObject *PyObject_GetAttrString(PyObject *o, const char *attr_name);
int PyObject_SetAttr(PyObject *o, PyObject *attr_name, PyObject *v);
int PyObject_SetAttrString(PyObject *o, const char *attr_name, PyObject *v);
int PyObject_DelAttr(PyObject *o, PyObject *attr_name);
int PyObject_DelAttrString(PyObject *o, const char *attr_name);
int PyObject_HasAttr(PyObject *o, PyObject *attr_name);
int PyObject_HasAttrString(PyObject *o, const char *attr_name);
#if FT_MOCK_MINOR >= 13
int PyObject_GetOptionalAttr(PyObject *obj, PyObject *attr_name, PyObject **result);
int PyObject_GetOptionalAttrString(PyObject *obj, const char *attr_name, PyObject **result);
int PyObject_HasAttrWithError(PyObject *o, PyObject *attr_name);
#endif
PyObject *PyObject_GenericGetAttr(PyObject *o, PyObject *name);
int PyObject_GenericSetAttr(PyObject *o, PyObject *name, PyObject *value);
PyObject *PyObject_GenericGetDict(PyObject *o, void *context);
PyObject *PyObject_GetItem(PyObject *o, PyObject *key);
int PyObject_SetItem(PyObject *o, PyObject *key, PyObject *v);
int PyObject_DelItem(PyObject *o, PyObject *key);
PyObject *PyObject_GetIter(PyObject *o);
PyObject *PyObject_Dir(PyObject *o);
Py_ssize_t PyObject_Size(PyObject *o);
Py_ssize_t PyObject_Length(PyObject *o);
int PyObject_IsInstance(PyObject *inst, PyObject *cls);
int PyObject_IsSubclass(PyObject *derived, PyObject *cls);
void PyObject_ClearWeakRefs(PyObject *object);
int PyObject_GetBuffer(PyObject *exporter, Py_buffer *view, int flags);
void PyBuffer_Release(Py_buffer *view);
int PyCallable_Check(PyObject *o);
PyObject *PyIter_Next(PyObject *o);
int PyIter_Check(PyObject *o);
PyObject *PyObject_SelfIter(PyObject *o);
#if FT_MOCK_MINOR >= 14
int PyUnstable_Object_IsUniquelyReferenced(PyObject *op);
#endif

/* Calls. */
PyObject *PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs);
PyObject *PyObject_CallObject(PyObject *callable, PyObject *args);
PyObject *PyObject_CallFunction(PyObject *callable, const char *format, ...);
PyObject *PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...);
PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...);
PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...);
PyObject *PyObject_CallNoArgs(PyObject *callable);
PyObject *PyObject_CallOneArg(PyObject *callable, PyObject *arg);
int Py_EnterRecursiveCall(const char *where);
void Py_LeaveRecursiveCall(void);
PyObject *PyObject_CallMethodNoArgs(PyObject *obj, PyObject *name);
PyObject *PyObject_CallMethodOneArg(PyObject *obj, PyObject *name, PyObject *arg);
PyObject *PyObject_Vectorcall(PyObject *callable, PyObject *const *args,
                              size_t nargsf, PyObject *kwnames);
PyObject *PyObject_VectorcallDict(PyObject *callable, PyObject *const *args,
                                  size_t nargsf, PyObject *kwdict);
PyObject *PyObject_VectorcallMethod(PyObject *name, PyObject *const *args,
                                    size_t nargsf, PyObject *kwnames);

#define PY_VECTORCALL_ARGUMENTS_OFFSET ((size_t)1 << (8 * sizeof(size_t) - 1))

static inline Py_ssize_t PyVectorcall_NARGS(size_t n) {
    return (Py_ssize_t)(n & ~PY_VECTORCALL_ARGUMENTS_OFFSET);
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

extern PyTypeObject PyLong_Type;
extern PyTypeObject PyBool_Type;
extern PyTypeObject PyFloat_Type;

#define PyLong_Check(op) PyObject_TypeCheck((op), &PyLong_Type)
#define PyLong_CheckExact(op) Py_IS_TYPE((op), &PyLong_Type)
#define PyBool_Check(op) Py_IS_TYPE((op), &PyBool_Type)
#define PyFloat_Check(op) PyObject_TypeCheck((op), &PyFloat_Type)
#define PyFloat_CheckExact(op) Py_IS_TYPE((op), &PyFloat_Type)

PyObject *PyLong_FromLong(long v);
PyObject *PyLong_FromUnsignedLong(unsigned long v);
PyObject *PyLong_FromLongLong(long long v);
PyObject *PyLong_FromUnsignedLongLong(unsigned long long v);
PyObject *PyLong_FromSsize_t(Py_ssize_t v);
PyObject *PyLong_FromSize_t(size_t v);
PyObject *PyLong_FromDouble(double v);
PyObject *PyLong_FromVoidPtr(void *p);
long PyLong_AsLong(PyObject *obj);
long PyLong_AsLongAndOverflow(PyObject *obj, int *overflow);
long long PyLong_AsLongLong(PyObject *obj);
unsigned long PyLong_AsUnsignedLong(PyObject *obj);
unsigned long long PyLong_AsUnsignedLongLong(PyObject *obj);
Py_ssize_t PyLong_AsSsize_t(PyObject *obj);
size_t PyLong_AsSize_t(PyObject *obj);
double PyLong_AsDouble(PyObject *obj);
void *PyLong_AsVoidPtr(PyObject *obj);
#if FT_MOCK_MINOR >= 13
int PyLong_AsInt(PyObject *obj);
#endif

PyObject *PyBool_FromLong(long v);

PyObject *PyFloat_FromDouble(double v);
PyObject *PyFloat_FromString(PyObject *str);
double PyFloat_AsDouble(PyObject *obj);

int PyNumber_Check(PyObject *o);
PyObject *PyNumber_Add(PyObject *o1, PyObject *o2);
PyObject *PyNumber_Subtract(PyObject *o1, PyObject *o2);
PyObject *PyNumber_Multiply(PyObject *o1, PyObject *o2);
PyObject *PyNumber_TrueDivide(PyObject *o1, PyObject *o2);
PyObject *PyNumber_FloorDivide(PyObject *o1, PyObject *o2);
PyObject *PyNumber_Index(PyObject *o);
PyObject *PyNumber_Long(PyObject *o);
PyObject *PyNumber_Float(PyObject *o);
Py_ssize_t PyNumber_AsSsize_t(PyObject *o, PyObject *exc);

/* ------------------------------------------------------------------ */
/* Strings and bytes                                                   */
/* ------------------------------------------------------------------ */

extern PyTypeObject PyUnicode_Type;
extern PyTypeObject PyBytes_Type;
extern PyTypeObject PyByteArray_Type;

#define PyUnicode_Check(op) PyObject_TypeCheck((op), &PyUnicode_Type)
#define PyUnicode_CheckExact(op) Py_IS_TYPE((op), &PyUnicode_Type)
#define PyBytes_Check(op) PyObject_TypeCheck((op), &PyBytes_Type)
#define PyBytes_CheckExact(op) Py_IS_TYPE((op), &PyBytes_Type)
#define PyByteArray_Check(op) PyObject_TypeCheck((op), &PyByteArray_Type)

PyObject *PyUnicode_FromString(const char *str);
PyObject *PyUnicode_FromStringAndSize(const char *str, Py_ssize_t size);
PyObject *PyUnicode_FromFormat(const char *format, ...);
PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs);
PyObject *PyUnicode_FromObject(PyObject *obj);
PyObject *PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size);
PyObject *PyUnicode_DecodeUTF8(const char *str, Py_ssize_t size, const char *errors);
PyObject *PyUnicode_AsUTF8String(PyObject *unicode);
const char *PyUnicode_AsUTF8(PyObject *unicode);
const char *PyUnicode_AsUTF8AndSize(PyObject *unicode, Py_ssize_t *size);
PyObject *PyUnicode_InternFromString(const char *str);
void PyUnicode_InternInPlace(PyObject **p_unicode);
PyObject *PyUnicode_Concat(PyObject *left, PyObject *right);
PyObject *PyUnicode_Join(PyObject *separator, PyObject *seq);
PyObject *PyUnicode_Split(PyObject *unicode, PyObject *sep, Py_ssize_t maxsplit);
Py_ssize_t PyUnicode_GetLength(PyObject *unicode);
int PyUnicode_Compare(PyObject *left, PyObject *right);
int PyUnicode_CompareWithASCIIString(PyObject *unicode, const char *string);
#if FT_MOCK_MINOR >= 13
int PyUnicode_EqualToUTF8(PyObject *unicode, const char *string);
#endif

PyObject *PyBytes_FromString(const char *v);
PyObject *PyBytes_FromStringAndSize(const char *v, Py_ssize_t len);
PyObject *PyBytes_FromFormat(const char *format, ...);
char *PyBytes_AsString(PyObject *o);
Py_ssize_t PyBytes_Size(PyObject *o);
int PyBytes_AsStringAndSize(PyObject *obj, char **buffer, Py_ssize_t *length);
int _PyBytes_Resize(PyObject **bytes, Py_ssize_t newsize);

PyObject *PyByteArray_FromStringAndSize(const char *string, Py_ssize_t len);
char *PyByteArray_AsString(PyObject *bytearray);
Py_ssize_t PyByteArray_Size(PyObject *bytearray);

/* ------------------------------------------------------------------ */
/* Tuples                                                              */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_VAR_HEAD
    PyObject *ob_item[1];
} PyTupleObject;

extern PyTypeObject PyTuple_Type;

#define PyTuple_Check(op) PyObject_TypeCheck((op), &PyTuple_Type)
#define PyTuple_CheckExact(op) Py_IS_TYPE((op), &PyTuple_Type)

PyObject *PyTuple_New(Py_ssize_t len);
Py_ssize_t PyTuple_Size(PyObject *p);
PyObject *PyTuple_GetItem(PyObject *p, Py_ssize_t pos);
int PyTuple_SetItem(PyObject *p, Py_ssize_t pos, PyObject *o);
PyObject *PyTuple_GetSlice(PyObject *p, Py_ssize_t low, Py_ssize_t high);
PyObject *PyTuple_Pack(Py_ssize_t n, ...);
int _PyTuple_Resize(PyObject **p, Py_ssize_t newsize);

#if FT_MOCK_MINOR == 12
#  define PyTuple_GET_SIZE(op) Py_SIZE(op)
#  define PyTuple_GET_ITEM(op, index) (((PyTupleObject *)(op))->ob_item[(index)])
#  define PyTuple_SET_ITEM(op, index, value) \
    ((void)(((PyTupleObject *)(op))->ob_item[(index)] = (value)))
#else
static inline Py_ssize_t PyTuple_GET_SIZE(PyObject *op) {
    return Py_SIZE(op);
}
#  define PyTuple_GET_SIZE(op) PyTuple_GET_SIZE(_PyObject_CAST(op))
static inline PyObject *PyTuple_GET_ITEM(PyObject *op, Py_ssize_t index) {
    return ((PyTupleObject *)op)->ob_item[index];
}
#  define PyTuple_GET_ITEM(op, index) PyTuple_GET_ITEM(_PyObject_CAST(op), (index))
static inline void PyTuple_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    ((PyTupleObject *)op)->ob_item[index] = value;
}
#  define PyTuple_SET_ITEM(op, index, value) \
    PyTuple_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))
#endif

/* ------------------------------------------------------------------ */
/* Lists                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_VAR_HEAD
    PyObject **ob_item;
    Py_ssize_t allocated;
} PyListObject;

extern PyTypeObject PyList_Type;

#define PyList_Check(op) PyObject_TypeCheck((op), &PyList_Type)
#define PyList_CheckExact(op) Py_IS_TYPE((op), &PyList_Type)

PyObject *PyList_New(Py_ssize_t len);
Py_ssize_t PyList_Size(PyObject *list);
PyObject *PyList_GetItem(PyObject *list, Py_ssize_t index);
#if FT_MOCK_MINOR >= 13
PyObject *PyList_GetItemRef(PyObject *list, Py_ssize_t index);
#endif
int PyList_SetItem(PyObject *list, Py_ssize_t index, PyObject *item);
int PyList_Insert(PyObject *list, Py_ssize_t index, PyObject *item);
int PyList_Append(PyObject *list, PyObject *item);
PyObject *PyList_GetSlice(PyObject *list, Py_ssize_t low, Py_ssize_t high);
int PyList_SetSlice(PyObject *list, Py_ssize_t low, Py_ssize_t high, PyObject *itemlist);
int PyList_Sort(PyObject *list);
int PyList_Reverse(PyObject *list);
PyObject *PyList_AsTuple(PyObject *list);
#if FT_MOCK_MINOR >= 13
int PyList_Extend(PyObject *list, PyObject *iterable);
int PyList_Clear(PyObject *list);
#endif

#if FT_MOCK_MINOR == 12
#  define PyList_GET_SIZE(op) Py_SIZE(op)
#  define PyList_GET_ITEM(op, index) (((PyListObject *)(op))->ob_item[(index)])
#  define PyList_SET_ITEM(op, index, value) \
    ((void)(((PyListObject *)(op))->ob_item[(index)] = (value)))
#else
static inline Py_ssize_t PyList_GET_SIZE(PyObject *op) {
    return Py_SIZE(op);
}
#  define PyList_GET_SIZE(op) PyList_GET_SIZE(_PyObject_CAST(op))
static inline PyObject *PyList_GET_ITEM(PyObject *op, Py_ssize_t index) {
    return ((PyListObject *)op)->ob_item[index];
}
#  define PyList_GET_ITEM(op, index) PyList_GET_ITEM(_PyObject_CAST(op), (index))
static inline void PyList_SET_ITEM(PyObject *op, Py_ssize_t index, PyObject *value) {
    ((PyListObject *)op)->ob_item[index] = value;
}
#  define PyList_SET_ITEM(op, index, value) \
    PyList_SET_ITEM(_PyObject_CAST(op), (index), _PyObject_CAST(value))
#endif

/* ------------------------------------------------------------------ */
/* Dicts                                                               */
/* ------------------------------------------------------------------ */

extern PyTypeObject PyDict_Type;

#define PyDict_Check(op) PyObject_TypeCheck((op), &PyDict_Type)
#define PyDict_CheckExact(op) Py_IS_TYPE((op), &PyDict_Type)

PyObject *PyDict_New(void);
PyObject *_PyDict_NewPresized(Py_ssize_t minused);
PyObject *PyDict_Copy(PyObject *p);
PyObject *PyDictProxy_New(PyObject *mapping);
void PyDict_Clear(PyObject *p);
int PyDict_Contains(PyObject *p, PyObject *key);
int PyDict_SetItem(PyObject *p, PyObject *key, PyObject *val);
int PyDict_SetItemString(PyObject *p, const char *key, PyObject *val);
int PyDict_DelItem(PyObject *p, PyObject *key);
int PyDict_DelItemString(PyObject *p, const char *key);
PyObject *PyDict_GetItem(PyObject *p, PyObject *key);
PyObject *PyDict_GetItemWithError(PyObject *p, PyObject *key);
PyObject *PyDict_GetItemString(PyObject *p, const char *key);
PyObject *_PyDict_GetItemStringWithError(PyObject *p, const char *key);
PyObject *PyDict_SetDefault(PyObject *p, PyObject *key, PyObject *defaultobj);
PyObject *PyDict_Items(PyObject *p);
PyObject *PyDict_Keys(PyObject *p);
PyObject *PyDict_Values(PyObject *p);
Py_ssize_t PyDict_Size(PyObject *p);
int PyDict_Next(PyObject *p, Py_ssize_t *ppos, PyObject **pkey, PyObject **pvalue);
int PyDict_Merge(PyObject *a, PyObject *b, int override);
int PyDict_Update(PyObject *a, PyObject *b);
#if FT_MOCK_MINOR >= 13
int PyDict_GetItemRef(PyObject *p, PyObject *key, PyObject **result);
int PyDict_GetItemStringRef(PyObject *p, const char *key, PyObject **result);
int PyDict_SetDefaultRef(PyObject *p, PyObject *key, PyObject *default_value,
                         PyObject **result);
int PyDict_ContainsString(PyObject *p, const char *key);
int PyDict_Pop(PyObject *p, PyObject *key, PyObject **result);
int PyDict_PopString(PyObject *p, const char *key, PyObject **result);
#endif

/* ------------------------------------------------------------------ */
/* Sets                                                                */
/* ------------------------------------------------------------------ */

extern PyTypeObject PySet_Type;
extern PyTypeObject PyFrozenSet_Type;

#define PySet_Check(op) PyObject_TypeCheck((op), &PySet_Type)
#define PySet_CheckExact(op) Py_IS_TYPE((op), &PySet_Type)
#define PyFrozenSet_Check(op) PyObject_TypeCheck((op), &PyFrozenSet_Type)

PyObject *PySet_New(PyObject *iterable);
PyObject *PyFrozenSet_New(PyObject *iterable);
Py_ssize_t PySet_Size(PyObject *anyset);
int PySet_Contains(PyObject *anyset, PyObject *key);
int PySet_Add(PyObject *set, PyObject *key);
int PySet_Discard(PyObject *set, PyObject *key);
PyObject *PySet_Pop(PyObject *set);
int PySet_Clear(PyObject *set);

/* ------------------------------------------------------------------ */
/* Sequences and mappings                                              */
/* ------------------------------------------------------------------ */

int PySequence_Check(PyObject *o);
Py_ssize_t PySequence_Size(PyObject *o);
Py_ssize_t PySequence_Length(PyObject *o);
PyObject *PySequence_GetItem(PyObject *o, Py_ssize_t i);
int PySequence_SetItem(PyObject *o, Py_ssize_t i, PyObject *v);
PyObject *PySequence_GetSlice(PyObject *o, Py_ssize_t i1, Py_ssize_t i2);
int PySequence_Contains(PyObject *o, PyObject *value);
Py_ssize_t PySequence_Index(PyObject *o, PyObject *value);
PyObject *PySequence_Concat(PyObject *o1, PyObject *o2);
PyObject *PySequence_List(PyObject *o);
PyObject *PySequence_Tuple(PyObject *o);
PyObject *PySequence_Fast(PyObject *o, const char *m);

#define PySequence_Fast_GET_SIZE(o) \
    (PyList_Check(o) ? PyList_GET_SIZE(o) : PyTuple_GET_SIZE(o))
#define PySequence_Fast_GET_ITEM(o, i) \
    (PyList_Check(o) ? PyList_GET_ITEM((o), (i)) : PyTuple_GET_ITEM((o), (i)))
#define PySequence_Fast_ITEMS(sf) \
    (PyList_Check(sf) ? ((PyListObject *)(sf))->ob_item \
                      : ((PyTupleObject *)(sf))->ob_item)
#define PySequence_ITEM(o, i) PySequence_GetItem((o), (i))

int PyMapping_Check(PyObject *o);
Py_ssize_t PyMapping_Size(PyObject *o);
PyObject *PyMapping_Keys(PyObject *o);
PyObject *PyMapping_Values(PyObject *o);
PyObject *PyMapping_Items(PyObject *o);
PyObject *PyMapping_GetItemString(PyObject *o, const char *key);
int PyMapping_SetItemString(PyObject *o, const char *key, PyObject *v);
int PyMapping_HasKey(PyObject *o, PyObject *key);
#if FT_MOCK_MINOR >= 13
int PyMapping_GetOptionalItem(PyObject *obj, PyObject *key, PyObject **result);
#endif

/* ------------------------------------------------------------------ */
/* Weak references                                                     */
/* ------------------------------------------------------------------ */

typedef struct _PyWeakReference PyWeakReference;
struct _PyWeakReference {
    PyObject_HEAD
    PyObject *wr_object;
    PyObject *wr_callback;
    Py_hash_t hash;
    PyWeakReference *wr_prev;
    PyWeakReference *wr_next;
    vectorcallfunc vectorcall;
};

extern PyTypeObject _PyWeakref_RefType;
extern PyTypeObject _PyWeakref_ProxyType;
extern PyTypeObject _PyWeakref_CallableProxyType;

#define PyWeakref_CheckRef(op) PyObject_TypeCheck((op), &_PyWeakref_RefType)
#define PyWeakref_CheckProxy(op) \
    (Py_IS_TYPE((op), &_PyWeakref_ProxyType) || \
     Py_IS_TYPE((op), &_PyWeakref_CallableProxyType))
#define PyWeakref_Check(op) (PyWeakref_CheckRef(op) || PyWeakref_CheckProxy(op))

PyObject *PyWeakref_NewRef(PyObject *ob, PyObject *callback);
PyObject *PyWeakref_NewProxy(PyObject *ob, PyObject *callback);
#if FT_MOCK_MINOR >= 13
int PyWeakref_GetRef(PyObject *ref, PyObject **pobj);
#endif

/* The borrowed getters: returns Py_None (borrowed) for a dead referent;
 * deprecated in 3.13, removed in 3.15. */
#if FT_MOCK_MINOR <= 14
Py_DEPRECATED(3.13) PyObject *PyWeakref_GetObject(PyObject *ref);
#  if FT_MOCK_MINOR == 12
#    define PyWeakref_GET_OBJECT(ref)                          \
    (Py_REFCNT(((PyWeakReference *)(ref))->wr_object) > 0      \
         ? ((PyWeakReference *)(ref))->wr_object               \
         : Py_None)
#  else
Py_DEPRECATED(3.13) static inline PyObject *PyWeakref_GET_OBJECT(PyObject *ref) {
    PyObject *obj = ((PyWeakReference *)ref)->wr_object;
    if (obj != NULL && Py_REFCNT(obj) > 0) {
        return obj;
    }
    return Py_None;
}
#    define PyWeakref_GET_OBJECT(ref) PyWeakref_GET_OBJECT(_PyObject_CAST(ref))
#  endif
#endif

/* ------------------------------------------------------------------ */
/* Cells                                                               */
/* ------------------------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *ob_ref;
} PyCellObject;

extern PyTypeObject PyCell_Type;

#define PyCell_Check(op) Py_IS_TYPE((op), &PyCell_Type)

PyObject *PyCell_New(PyObject *ob);
PyObject *PyCell_Get(PyObject *cell);
int PyCell_Set(PyObject *cell, PyObject *value);

#if FT_MOCK_MINOR == 12
#  define PyCell_GET(op) (((PyCellObject *)(op))->ob_ref)
#  define PyCell_SET(op, v) ((void)(((PyCellObject *)(op))->ob_ref = (v)))
#else
static inline PyObject *PyCell_GET(PyObject *op) {
    return ((PyCellObject *)op)->ob_ref;
}
#  define PyCell_GET(op) PyCell_GET(_PyObject_CAST(op))
static inline void PyCell_SET(PyObject *op, PyObject *value) {
    ((PyCellObject *)op)->ob_ref = value;
}
#  define PyCell_SET(op, value) PyCell_SET(_PyObject_CAST(op), (value))
#endif

/* ------------------------------------------------------------------ */
/* Capsules                                                            */
/* ------------------------------------------------------------------ */

typedef void (*PyCapsule_Destructor)(PyObject *);
extern PyTypeObject PyCapsule_Type;

#define PyCapsule_CheckExact(op) Py_IS_TYPE((op), &PyCapsule_Type)

PyObject *PyCapsule_New(void *pointer, const char *name, PyCapsule_Destructor destructor);
void *PyCapsule_GetPointer(PyObject *capsule, const char *name);
const char *PyCapsule_GetName(PyObject *capsule);
void *PyCapsule_GetContext(PyObject *capsule);
int PyCapsule_SetPointer(PyObject *capsule, void *pointer);
int PyCapsule_SetContext(PyObject *capsule, void *context);
int PyCapsule_IsValid(PyObject *capsule, const char *name);
void *PyCapsule_Import(const char *name, int no_block);

/* ------------------------------------------------------------------ */
/* Exceptions                                                          */
/* ------------------------------------------------------------------ */

extern PyObject *PyExc_BaseException;
extern PyObject *PyExc_Exception;
extern PyObject *PyExc_ArithmeticError;
extern PyObject *PyExc_AssertionError;
extern PyObject *PyExc_AttributeError;
extern PyObject *PyExc_BufferError;
extern PyObject *PyExc_ImportError;
extern PyObject *PyExc_IndexError;
extern PyObject *PyExc_KeyError;
extern PyObject *PyExc_LookupError;
extern PyObject *PyExc_MemoryError;
extern PyObject *PyExc_NotImplementedError;
extern PyObject *PyExc_OSError;
extern PyObject *PyExc_OverflowError;
extern PyObject *PyExc_RecursionError;
extern PyObject *PyExc_RuntimeError;
extern PyObject *PyExc_StopIteration;
extern PyObject *PyExc_SystemError;
extern PyObject *PyExc_TypeError;
extern PyObject *PyExc_ValueError;
extern PyObject *PyExc_ZeroDivisionError;
extern PyObject *PyExc_Warning;
extern PyObject *PyExc_DeprecationWarning;
extern PyObject *PyExc_RuntimeWarning;
extern PyObject *PyExc_UserWarning;

void PyErr_SetString(PyObject *type, const char *message);
void PyErr_SetObject(PyObject *type, PyObject *value);
void PyErr_SetNone(PyObject *type);
PyObject *PyErr_Format(PyObject *exception, const char *format, ...);
PyObject *PyErr_FormatV(PyObject *exception, const char *format, va_list vargs);
PyObject *PyErr_Occurred(void);
void PyErr_Clear(void);
PyObject *PyErr_NoMemory(void);
int PyErr_BadArgument(void);
void PyErr_BadInternalCall(void);
PyObject *PyErr_SetFromErrno(PyObject *type);
int PyErr_ExceptionMatches(PyObject *exc);
int PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc);
void PyErr_Fetch(PyObject **ptype, PyObject **pvalue, PyObject **ptraceback);
void PyErr_Restore(PyObject *type, PyObject *value, PyObject *traceback);
void PyErr_NormalizeException(PyObject **exc, PyObject **val, PyObject **tb);
PyObject *PyErr_GetRaisedException(void);
void PyErr_SetRaisedException(PyObject *exc);
PyObject *PyErr_NewException(const char *name, PyObject *base, PyObject *dict);
int PyErr_WarnEx(PyObject *category, const char *message, Py_ssize_t stack_level);
int PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...);
void PyErr_Print(void);
void PyErr_WriteUnraisable(PyObject *obj);
int PyErr_CheckSignals(void);

/* ------------------------------------------------------------------ */
/* Argument parsing and building                                       */
/* ------------------------------------------------------------------ */

int PyArg_ParseTuple(PyObject *args, const char *format, ...);
#if FT_MOCK_MINOR >= 13
int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kw, const char *format,
                                char *const *keywords, ...);
#else
int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kw, const char *format,
                                char **keywords, ...);
#endif
int PyArg_Parse(PyObject *args, const char *format, ...);
int PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min,
                      Py_ssize_t max, ...);
int PyArg_ValidateKeywordArguments(PyObject *kw);
PyObject *Py_BuildValue(const char *format, ...);
PyObject *Py_VaBuildValue(const char *format, va_list vargs);

/* ------------------------------------------------------------------ */
/* Modules                                                             */
/* ------------------------------------------------------------------ */

extern PyTypeObject PyModule_Type;
extern PyTypeObject PyModuleDef_Type;

#define PyModule_Check(op) PyObject_TypeCheck((op), &PyModule_Type)
#define PyModule_CheckExact(op) Py_IS_TYPE((op), &PyModule_Type)

typedef struct PyModuleDef_Base {
    PyObject_HEAD
    PyObject *(*m_init)(void);
    Py_ssize_t m_index;
    PyObject *m_copy;
} PyModuleDef_Base;

#define PyModuleDef_HEAD_INIT { PyObject_HEAD_INIT(NULL) NULL, 0, NULL }

struct PyModuleDef_Slot {
    int slot;
    void *value;
};
typedef struct PyModuleDef_Slot PyModuleDef_Slot;

struct PyModuleDef {
    PyModuleDef_Base m_base;
    const char *m_name;
    const char *m_doc;
    Py_ssize_t m_size;
    PyMethodDef *m_methods;
    PyModuleDef_Slot *m_slots;
    traverseproc m_traverse;
    inquiry m_clear;
    freefunc m_free;
};
typedef struct PyModuleDef PyModuleDef;

#define Py_mod_create 1
#define Py_mod_exec 2
#define Py_mod_multiple_interpreters 3
#if FT_MOCK_MINOR == 13 || FT_MOCK_MINOR == 14
#  define Py_mod_gil 4
#elif FT_MOCK_MINOR >= 15
/* Deliberately not the literal 4: checks must match the macro name. */
#  define Py_mod_gil (Py_mod_exec + 2)
#endif

#define Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED ((void *)0)
#define Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED ((void *)1)
#define Py_MOD_PER_INTERPRETER_GIL_SUPPORTED ((void *)2)

#if FT_MOCK_MINOR >= 13
#  define Py_MOD_GIL_USED ((void *)0)
#  define Py_MOD_GIL_NOT_USED ((void *)1)
#  ifdef Py_GIL_DISABLED
int PyUnstable_Module_SetGIL(PyObject *module, void *gil);
#  endif
#endif

#define PYTHON_API_VERSION 1013
#define PYTHON_ABI_VERSION 3

PyObject *PyModule_Create2(PyModuleDef *def, int module_api_version);
#define PyModule_Create(module) PyModule_Create2((module), PYTHON_API_VERSION)
PyObject *PyModule_FromDefAndSpec2(PyModuleDef *def, PyObject *spec,
                                   int module_api_version);
#define PyModule_FromDefAndSpec(module, spec) \
    PyModule_FromDefAndSpec2((module), (spec), PYTHON_API_VERSION)
PyObject *PyModuleDef_Init(PyModuleDef *def);
int PyModule_ExecDef(PyObject *module, PyModuleDef *def);
PyObject *PyModule_New(const char *name);
PyObject *PyModule_NewObject(PyObject *name);
PyObject *PyModule_GetDict(PyObject *module);
void *PyModule_GetState(PyObject *module);
PyModuleDef *PyModule_GetDef(PyObject *module);
const char *PyModule_GetName(PyObject *module);
PyObject *PyModule_GetNameObject(PyObject *module);
int PyModule_AddObject(PyObject *module, const char *name, PyObject *value);
int PyModule_AddObjectRef(PyObject *module, const char *name, PyObject *value);
#if FT_MOCK_MINOR >= 13
int PyModule_Add(PyObject *module, const char *name, PyObject *value);
#endif
int PyModule_AddIntConstant(PyObject *module, const char *name, long value);
int PyModule_AddStringConstant(PyObject *module, const char *name, const char *value);
int PyModule_AddType(PyObject *module, PyTypeObject *type);
int PyModule_AddFunctions(PyObject *module, PyMethodDef *functions);
int PyModule_SetDocString(PyObject *module, const char *docstring);
#define PyModule_AddIntMacro(m, c) PyModule_AddIntConstant((m), #c, (c))
#define PyModule_AddStringMacro(m, c) PyModule_AddStringConstant((m), #c, (c))

PyObject *PyState_FindModule(PyModuleDef *def);
int PyState_AddModule(PyObject *module, PyModuleDef *def);
int PyState_RemoveModule(PyModuleDef *def);

/* ------------------------------------------------------------------ */
/* Import, sys, builtins                                               */
/* ------------------------------------------------------------------ */

PyObject *PyImport_ImportModule(const char *name);
PyObject *PyImport_Import(PyObject *name);
PyObject *PyImport_AddModule(const char *name);
PyObject *PyImport_AddModuleObject(PyObject *name);
#if FT_MOCK_MINOR >= 13
PyObject *PyImport_AddModuleRef(const char *name);
#endif
PyObject *PyImport_GetModuleDict(void);
PyObject *PyImport_GetModule(PyObject *name);

PyObject *PySys_GetObject(const char *name);
int PySys_SetObject(const char *name, PyObject *v);
void PySys_WriteStdout(const char *format, ...);
void PySys_WriteStderr(const char *format, ...);
PyObject *PyEval_GetBuiltins(void);
PyObject *PyEval_GetGlobals(void);

int Py_IsInitialized(void);
int Py_AtExit(void (*func)(void));

FT_MOCK_END_DECLS

#endif /* FT_MOCK_PYTHON_IMPL_H */
