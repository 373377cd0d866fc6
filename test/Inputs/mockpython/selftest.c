/*
 * Self test of the mock CPython headers (and of the real-header shim).
 * Valid C99/C11 and C++11/C++17; parsed by selftest.sh with
 * -fsyntax-only -Wall -Wextra -Werror for every mock version and build.
 *
 * FT_SELFTEST_COMPAT: also include the pythoncapi_compat.h mock.
 */
#include <Python.h>
#include "structmember.h"
#ifdef FT_SELFTEST_COMPAT
#include "pythoncapi_compat.h"
#endif

/* Something that provides the 3.13 strong-reference API: the 3.13+ headers,
 * the compat mock, or the real-header shim. */
#if PY_VERSION_HEX >= 0x030D0000 || defined(FT_SELFTEST_COMPAT) || \
    defined(FT_TEST_SHIM_H)
#  define SELFTEST_HAVE_REF_API 1
#endif
/* Something that provides Py_mod_gil and Py_MOD_GIL_*. */
#if PY_VERSION_HEX >= 0x030D0000 || defined(FT_TEST_SHIM_H)
#  define SELFTEST_HAVE_MOD_GIL 1
#endif

/* ---- an object type ------------------------------------------------ */

typedef struct {
    PyObject_HEAD
    PyObject *dict;
    PyObject *weakreflist;
    double *buffer;
    Py_ssize_t nbuffer;
    int flag;
} FooObject;

static PyTypeObject Foo_Type;

static PyObject *Foo_alloc(PyTypeObject *type, Py_ssize_t nitems) {
    size_t size = (size_t)type->tp_basicsize + (size_t)nitems * (size_t)type->tp_itemsize;
    PyObject *obj = (PyObject *)PyObject_Malloc(size);
    if (obj == NULL) {
        return PyErr_NoMemory();
    }
    memset(obj, 0, size);
    return PyObject_Init(obj, type);
}

static PyObject *Foo_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    FooObject *self;
    (void)args;
    (void)kwds;
    self = (FooObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        return NULL;
    }
    self->dict = PyDict_New();
    self->buffer = PyMem_New(double, 16);
    if (self->buffer == NULL) {
        Py_DECREF(self);
        return PyErr_NoMemory();
    }
    self->nbuffer = 16;
    return (PyObject *)self;
}

static int Foo_init(PyObject *op, PyObject *args, PyObject *kwds) {
    FooObject *self = (FooObject *)op;
    static char kw_flag[] = "flag";
    static char *kwlist[] = {kw_flag, NULL};
    int flag = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|i", kwlist, &flag)) {
        return -1;
    }
    self->flag = flag;
    return 0;
}

static int Foo_traverse(PyObject *op, visitproc visit, void *arg) {
    FooObject *self = (FooObject *)op;
    Py_VISIT(self->dict);
    Py_VISIT(Py_TYPE(op));
    return 0;
}

static int Foo_clear(PyObject *op) {
    FooObject *self = (FooObject *)op;
    Py_CLEAR(self->dict);
    return 0;
}

static void Foo_dealloc(PyObject *op) {
    FooObject *self = (FooObject *)op;
    PyTypeObject *tp = Py_TYPE(op);
    PyObject_GC_UnTrack(op);
    if (self->weakreflist != NULL) {
        PyObject_ClearWeakRefs(op);
    }
    (void)Foo_clear(op);
    PyMem_Free(self->buffer);
    tp->tp_free(op);
}

static PyObject *Foo_get_flag(PyObject *op, void *Py_UNUSED(closure)) {
    return PyBool_FromLong(((FooObject *)op)->flag);
}

static int Foo_set_flag(PyObject *op, PyObject *value, void *Py_UNUSED(closure)) {
    int v = PyObject_IsTrue(value);
    if (v < 0) {
        return -1;
    }
    ((FooObject *)op)->flag = v;
    return 0;
}

static PyObject *Foo_repr(PyObject *op) {
    return PyUnicode_FromFormat("<Foo flag=%d>", ((FooObject *)op)->flag);
}

static PyObject *Foo_richcompare(PyObject *a, PyObject *b, int op) {
    if (op == Py_EQ) {
        if (Py_Is(a, b)) {
            Py_RETURN_TRUE;
        }
        Py_RETURN_FALSE;
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *Foo_grow(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    FooObject *self = (FooObject *)op;
    double *p = self->buffer;
    if (PyMem_Resize(p, double, self->nbuffer * 2) == NULL) {
        return PyErr_NoMemory();
    }
    self->buffer = p;
    self->nbuffer *= 2;
    Py_RETURN_NONE;
}

static PyMethodDef Foo_methods[] = {
    {"grow", Foo_grow, METH_NOARGS, "grow the buffer"},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef Foo_members[] = {
    {"dict", T_OBJECT_EX, offsetof(FooObject, dict), READONLY, NULL},
    {"flag_raw", T_INT, offsetof(FooObject, flag), 0, NULL},
    {NULL, 0, 0, 0, NULL}
};

static PyGetSetDef Foo_getset[] = {
    {"flag", Foo_get_flag, Foo_set_flag, "the flag", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static int setup_foo_type(void) {
    Foo_Type.tp_name = "selftest.Foo";
    Foo_Type.tp_basicsize = (Py_ssize_t)sizeof(FooObject);
    Foo_Type.tp_itemsize = 0;
    Foo_Type.tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC;
    Foo_Type.tp_doc = "Foo objects";
    Foo_Type.tp_dealloc = Foo_dealloc;
    Foo_Type.tp_repr = Foo_repr;
    Foo_Type.tp_traverse = Foo_traverse;
    Foo_Type.tp_clear = Foo_clear;
    Foo_Type.tp_richcompare = Foo_richcompare;
    Foo_Type.tp_weaklistoffset = (Py_ssize_t)offsetof(FooObject, weakreflist);
    Foo_Type.tp_methods = Foo_methods;
    Foo_Type.tp_members = Foo_members;
    Foo_Type.tp_getset = Foo_getset;
    Foo_Type.tp_init = Foo_init;
    Foo_Type.tp_new = Foo_new;
    Foo_Type.tp_alloc = Foo_alloc;
    Foo_Type.tp_free = PyObject_Free;
    Foo_Type.tp_base = &PyBaseObject_Type;
    return PyType_Ready(&Foo_Type);
}

/* A positional type object, the legacy way. */
typedef struct {
    PyObject_VAR_HEAD
    PyObject *items[1];
} BarObject;

static PyTypeObject Bar_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "selftest.Bar",
    sizeof(BarObject),
    sizeof(PyObject *),
    /* tp_dealloc .. tp_vectorcall: 45 fields */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
#if PY_VERSION_HEX >= 0x030C0000
    , 0
#endif
#if PY_VERSION_HEX >= 0x030D0000
    , 0
#endif
};

/* A heap type from a spec. */
static PyType_Slot Baz_slots[] = {
    {Py_tp_doc, (void *)"Baz objects"},
    {Py_tp_repr, (void *)Foo_repr},
    {Py_tp_alloc, (void *)PyType_GenericAlloc},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL}
};

static PyType_Spec Baz_spec = {
    "selftest.Baz", (int)sizeof(FooObject), 0, Py_TPFLAGS_DEFAULT, Baz_slots
};

/* ---- containers, borrowed references, critical sections -------------- */

static PyObject *borrowed_apis(PyObject *self, PyObject *args) {
    PyObject *list, *dict, *item, *value, *ref, *cell, *mod, *seq, *tup;
    Py_ssize_t i, n;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOOO", &list, &dict, &ref, &cell)) {
        return NULL;
    }
    item = PyList_GetItem(list, 0);
    Py_XINCREF(item);
    Py_XDECREF(item);
    if (PyList_Check(list) && PyList_GET_SIZE(list) > 0) {
        item = PyList_GET_ITEM(list, 0);
        Py_INCREF(item);
        PyList_SET_ITEM(list, 0, item);
    }
    value = PyDict_GetItem(dict, Py_None);
    value = PyDict_GetItemWithError(dict, Py_None);
    value = PyDict_GetItemString(dict, "k");
    value = PyDict_SetDefault(dict, Py_None, Py_True);
    (void)value;
#if PY_VERSION_HEX < 0x030F0000
    if (PyWeakref_GET_OBJECT(ref) == Py_None) {
        return NULL;
    }
    if (PyWeakref_GetObject(ref) == Py_None) {
        return NULL;
    }
#endif
    value = PyCell_GET(cell);
    PyCell_SET(cell, value);
    mod = PyImport_AddModule("sys");
    (void)mod;
    seq = PySequence_Fast(list, "need a sequence");
    if (seq == NULL) {
        return NULL;
    }
    n = PySequence_Fast_GET_SIZE(seq);
    for (i = 0; i < n; i++) {
        PyObject *x = PySequence_Fast_GET_ITEM(seq, i);
        PyObject **items = PySequence_Fast_ITEMS(seq);
        if (x != items[i]) {
            Py_DECREF(seq);
            return NULL;
        }
    }
    Py_DECREF(seq);
    tup = PyTuple_Pack(2, Py_None, Py_False);
    if (tup == NULL) {
        return NULL;
    }
    item = PyTuple_GET_ITEM(tup, 0);
    if (PyTuple_GET_SIZE(tup) != 2 || item != PyTuple_GetItem(tup, 0)) {
        Py_DECREF(tup);
        return NULL;
    }
    Py_DECREF(tup);
    if (Py_REFCNT(list) == 1 || list->ob_refcnt == 1) {
        Py_RETURN_TRUE;
    }
    Py_RETURN_NONE;
}

#ifdef SELFTEST_HAVE_REF_API
static PyObject *strong_apis(PyObject *Py_UNUSED(self), PyObject *args) {
    PyObject *list, *dict, *ref, *item, *value = NULL, *obj = NULL, *mod;
    int rc;
    if (!PyArg_UnpackTuple(args, "strong_apis", 3, 3, &list, &dict, &ref)) {
        return NULL;
    }
    item = PyList_GetItemRef(list, 0);
    Py_XDECREF(item);
    rc = PyDict_GetItemRef(dict, Py_None, &value);
    if (rc < 0) {
        return NULL;
    }
    Py_XDECREF(value);
    if (PyDict_GetItemStringRef(dict, "k", &value) < 0) {
        return NULL;
    }
    Py_XDECREF(value);
    if (PyDict_SetDefaultRef(dict, Py_None, Py_True, &value) < 0) {
        return NULL;
    }
    Py_XDECREF(value);
    if (PyDict_SetDefaultRef(dict, Py_None, Py_True, NULL) < 0) {
        return NULL;
    }
    if (PyWeakref_GetRef(ref, &obj) < 0) {
        return NULL;
    }
    if (obj == NULL) {
        Py_RETURN_NONE;
    }
    Py_DECREF(obj);
    mod = PyImport_AddModuleRef("sys");
    Py_XDECREF(mod);
    if (PyDict_ContainsString(dict, "k") < 0 || PyDict_Contains(dict, Py_None) < 0) {
        return NULL;
    }
#if PY_VERSION_HEX >= 0x030D0000
    if (PyDict_Pop(dict, Py_None, &value) < 0) {
        return NULL;
    }
    Py_XDECREF(value);
    if (PyList_Extend(list, dict) < 0 || PyList_Clear(list) < 0) {
        return NULL;
    }
#endif
    return PyCell_Get(ref);
}
#endif

static PyObject *dict_next_loop(PyObject *Py_UNUSED(self), PyObject *d) {
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    long n = 0;
#ifdef Py_BEGIN_CRITICAL_SECTION
    Py_BEGIN_CRITICAL_SECTION(d);
    while (PyDict_Next(d, &pos, &key, &value)) {
        n++;
    }
    Py_END_CRITICAL_SECTION();
    Py_BEGIN_CRITICAL_SECTION2(d, Py_None);
    n += (long)PyDict_Size(d);
    Py_END_CRITICAL_SECTION2();
#else
    while (PyDict_Next(d, &pos, &key, &value)) {
        n++;
    }
#endif
    return PyLong_FromLong(n);
}

#if PY_VERSION_HEX >= 0x030D0000
static PyMutex selftest_mutex;
static PyMutex selftest_mutex2;

static PyObject *mutex_demo(PyObject *Py_UNUSED(self), PyObject *Py_UNUSED(args)) {
    long n = 0;
    PyMutex_Lock(&selftest_mutex);
    n++;
    PyMutex_Unlock(&selftest_mutex);
    PyMutex_Lock(&selftest_mutex2);
    PyMutex_Unlock(&selftest_mutex2);
#if PY_VERSION_HEX >= 0x030E0000
    Py_BEGIN_CRITICAL_SECTION_MUTEX(&selftest_mutex);
    n++;
    Py_END_CRITICAL_SECTION();
    Py_BEGIN_CRITICAL_SECTION2_MUTEX(&selftest_mutex, &selftest_mutex2);
    n++;
    Py_END_CRITICAL_SECTION2();
#endif
    {
        PyCriticalSection cs;
        PyCriticalSection_Begin(&cs, Py_None);
        n++;
        PyCriticalSection_End(&cs);
    }
    return PyLong_FromLong(n);
}
#endif

/* ---- misc API -------------------------------------------------------- */

static PyObject *misc(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *res, *tmp, *capsule, *str;
    PyGILState_STATE st;
    void *mem;
    const char *utf8;
    Py_ssize_t len;
    (void)self;
    if (nargs != 1) {
        PyErr_Format(PyExc_TypeError, "expected 1 argument, got %zd", nargs);
        return NULL;
    }
    res = PyObject_CallOneArg(args[0], Py_None);
    if (res == NULL) {
        if (PyErr_ExceptionMatches(PyExc_KeyError)) {
            PyErr_Clear();
        }
        return NULL;
    }
    tmp = PyObject_CallNoArgs(args[0]);
    Py_XSETREF(res, tmp);
    tmp = PyObject_Vectorcall(args[0], args, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    Py_SETREF(res, Py_NewRef(Py_XNewRef(tmp)));
    Py_XDECREF(tmp);
    str = PyObject_Str(res);
    if (str == NULL) {
        Py_DECREF(res);
        return NULL;
    }
    utf8 = PyUnicode_AsUTF8AndSize(str, &len);
    (void)utf8;
    Py_DECREF(str);
    mem = PyMem_Malloc(16);
    PyMem_Free(mem);
    mem = PyMem_RawMalloc(16);
    PyMem_RawFree(mem);
    mem = PyObject_Calloc(4, 4);
    mem = PyObject_Realloc(mem, 32);
    PyObject_Free(mem);
    capsule = PyCapsule_New(&Foo_Type, "selftest.Foo_Type", NULL);
    Py_XDECREF(capsule);
    st = PyGILState_Ensure();
    PyGILState_Release(st);
    Py_BEGIN_ALLOW_THREADS
    len = 0;
    Py_END_ALLOW_THREADS
    if (Py_IsNone(res) || PyLong_Check(res) || PyUnicode_Check(res) ||
        PyDict_CheckExact(res) || PyTuple_CheckExact(res) ||
        PyObject_TypeCheck(res, &Foo_Type) || PyCallable_Check(res)) {
        return res;
    }
    tmp = PyObject_CallFunction(args[0], "(On)", res, len);
    Py_DECREF(res);
    return tmp;
}

static PyObject *varargs_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
    PyObject *x = NULL;
    static char kw_x[] = "x";
    static char *kwlist[] = {kw_x, NULL};
    (void)self;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|O", kwlist, &x)) {
        return NULL;
    }
    return Py_BuildValue("(Oi)", x ? x : Py_None, PY_VERSION_HEX >= 0x030D0000);
}

static PyMethodDef module_methods[] = {
    {"borrowed_apis", borrowed_apis, METH_VARARGS, NULL},
#ifdef SELFTEST_HAVE_REF_API
    {"strong_apis", strong_apis, METH_VARARGS, NULL},
#endif
    {"dict_next_loop", dict_next_loop, METH_O, NULL},
#if PY_VERSION_HEX >= 0x030D0000
    {"mutex_demo", mutex_demo, METH_NOARGS, NULL},
#endif
    {"misc", (PyCFunction)(void (*)(void))misc, METH_FASTCALL, NULL},
    {"varargs_kw", (PyCFunction)(void (*)(void))varargs_kw,
     METH_VARARGS | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL}
};

/* ---- single-phase init ----------------------------------------------- */

static struct PyModuleDef single_module = {
    PyModuleDef_HEAD_INIT, "selftest_single", "doc", -1, module_methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC PyInit_selftest_single(void) {
    PyObject *m, *bar, *baz;
    if (setup_foo_type() < 0 || PyType_Ready(&Bar_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&single_module);
    if (m == NULL) {
        return NULL;
    }
#ifdef SELFTEST_HAVE_MOD_GIL
#ifdef Py_GIL_DISABLED
    PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);
#endif
#endif
    if (PyModule_AddType(m, &Foo_Type) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    bar = (PyObject *)&Bar_Type;
    Py_INCREF(bar);
    if (PyModule_AddObject(m, "Bar", bar) < 0) {
        Py_DECREF(bar);
        Py_DECREF(m);
        return NULL;
    }
    baz = PyType_FromSpec(&Baz_spec);
    if (PyModule_AddObjectRef(m, "Baz", baz) < 0) {
        Py_XDECREF(baz);
        Py_DECREF(m);
        return NULL;
    }
    Py_XDECREF(baz);
#if PY_VERSION_HEX >= 0x030D0000
    if (PyModule_Add(m, "answer", PyLong_FromLong(42)) < 0) {
        Py_DECREF(m);
        return NULL;
    }
#endif
    if (PyModule_AddIntConstant(m, "ONE", 1) < 0 ||
        PyModule_AddStringConstant(m, "NAME", "selftest") < 0 ||
        PyDict_SetItemString(PyModule_GetDict(m), "x", Py_None) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

/* ---- multi-phase init ------------------------------------------------ */

typedef struct {
    PyObject *error;
} module_state;

static int multi_exec(PyObject *m) {
    module_state *st = (module_state *)PyModule_GetState(m);
    st->error = PyErr_NewException("selftest_multi.Error", NULL, NULL);
    if (st->error == NULL) {
        return -1;
    }
    return PyModule_AddObjectRef(m, "Error", st->error);
}

static int multi_traverse(PyObject *m, visitproc visit, void *arg) {
    module_state *st = (module_state *)PyModule_GetState(m);
    Py_VISIT(st->error);
    return 0;
}

static int multi_clear(PyObject *m) {
    module_state *st = (module_state *)PyModule_GetState(m);
    Py_CLEAR(st->error);
    return 0;
}

static void multi_free(void *m) {
    (void)multi_clear((PyObject *)m);
}

static PyModuleDef_Slot multi_slots[] = {
    {Py_mod_exec, (void *)multi_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef SELFTEST_HAVE_MOD_GIL
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL}
};

static struct PyModuleDef multi_module = {
    PyModuleDef_HEAD_INIT, "selftest_multi", NULL, (Py_ssize_t)sizeof(module_state),
    module_methods, multi_slots, multi_traverse, multi_clear, multi_free
};

PyMODINIT_FUNC PyInit_selftest_multi(void) {
    return PyModuleDef_Init(&multi_module);
}

#if PY_VERSION_HEX >= 0x030D0000
/* Py_mod_gil must be usable in a constant expression (a case label). */
static const char *slot_name(int slot) {
    switch (slot) {
    case Py_mod_create: return "create";
    case Py_mod_exec: return "exec";
    case Py_mod_gil: return "gil";
    default: return "other";
    }
}
const char *(*selftest_slot_name)(int) = slot_name;
#endif
