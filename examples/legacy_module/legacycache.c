/* legacycache: a small extension written the pre-free-threading way.
 *
 * It is the demo input of ft-tidy (README, scripts/demo.sh): every function
 * below contains one of the patterns the freethreading-* checks are about.
 * It builds and works on the default (GIL) build of CPython 3.8 and later.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* The project's own backport of the critical-section macros for Pythons
 * before 3.13 (on 3.13+ the real ones are used). */
#ifndef Py_BEGIN_CRITICAL_SECTION
#define Py_BEGIN_CRITICAL_SECTION(op) {
#define Py_END_CRITICAL_SECTION() }
#endif

typedef struct {
    PyObject_HEAD
    PyObject *table;   /* dict: name -> value, shared by every caller */
    PyObject *history; /* list of looked-up names */
} CacheObject;

/* freethreading-borrowed-reference: the borrowed value can be freed by a
 * thread that replaces table[name] before we INCREF it. */
static PyObject *
Cache_get(CacheObject *self, PyObject *name)
{
    PyObject *value = PyDict_GetItem(self->table, name);
    if (value == NULL) {
        PyErr_SetObject(PyExc_KeyError, name);
        return NULL;
    }
    Py_INCREF(value);
    return value;
}

/* freethreading-borrowed-reference: same with a list item. */
static PyObject *
Cache_last(CacheObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_ssize_t n = PyList_Size(self->history);
    if (n <= 0) {
        Py_RETURN_NONE;
    }
    PyObject *item = PyList_GetItem(self->history, n - 1);
    Py_XINCREF(item);
    return item;
}

/* freethreading-unguarded-dict-next: iterating a shared dict with no
 * critical section on it. */
static PyObject *
Cache_total(CacheObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    long total = 0;
    while (PyDict_Next(self->table, &pos, &key, &value)) {
        if (PyLong_Check(value)) {
            total += PyLong_AsLong(value);
        }
    }
    return PyLong_FromLong(total);
}

/* freethreading-critical-section-exit: the early return leaves the section
 * without its END (on the free-threaded build the lock stays held). */
static PyObject *
Cache_remember(CacheObject *self, PyObject *name)
{
    Py_BEGIN_CRITICAL_SECTION(self->history);
    if (PyList_Append(self->history, name) < 0) {
        return NULL;
    }
    Py_END_CRITICAL_SECTION();
    Py_RETURN_NONE;
}

/* freethreading-object-malloc-buffer: a plain byte buffer from the object
 * allocator. */
static PyObject *
Cache_key_of(CacheObject *self, PyObject *args)
{
    const char *prefix, *name;
    if (!PyArg_ParseTuple(args, "ss", &prefix, &name)) {
        return NULL;
    }
    size_t len = strlen(prefix) + 1 + strlen(name) + 1;
    char *buf = PyObject_Malloc(len);
    if (buf == NULL) {
        return PyErr_NoMemory();
    }
    snprintf(buf, len, "%s:%s", prefix, name);
    PyObject *result = PyUnicode_FromString(buf);
    PyObject_Free(buf);
    return result;
}

static PyObject *
Cache_set(CacheObject *self, PyObject *args)
{
    PyObject *name, *value;
    if (!PyArg_ParseTuple(args, "OO", &name, &value)) {
        return NULL;
    }
    if (PyDict_SetItem(self->table, name, value) < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static int
Cache_init(CacheObject *self, PyObject *args, PyObject *kwds)
{
    Py_XSETREF(self->table, PyDict_New());
    Py_XSETREF(self->history, PyList_New(0));
    return (self->table && self->history) ? 0 : -1;
}

static void
Cache_dealloc(CacheObject *self)
{
    Py_XDECREF(self->table);
    Py_XDECREF(self->history);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef Cache_methods[] = {
    {"get", (PyCFunction)Cache_get, METH_O, "Value stored under a name."},
    {"set", (PyCFunction)Cache_set, METH_VARARGS, "Store a value."},
    {"last", (PyCFunction)Cache_last, METH_NOARGS, "Last remembered name."},
    {"total", (PyCFunction)Cache_total, METH_NOARGS, "Sum of the int values."},
    {"remember", (PyCFunction)Cache_remember, METH_O, "Record a name."},
    {"key_of", (PyCFunction)Cache_key_of, METH_VARARGS, "'prefix:name'."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject CacheType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "legacycache.Cache",
    .tp_basicsize = sizeof(CacheObject),
    .tp_dealloc = (destructor)Cache_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A name -> value cache.",
    .tp_methods = Cache_methods,
    .tp_init = (initproc)Cache_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef legacycache_module = {
    PyModuleDef_HEAD_INIT,
    "legacycache",
    "A legacy extension module (ft-tidy's demo input).",
    -1,
    NULL,
};

/* freethreading-missing-mod-gil: single-phase init that never says whether
 * the module needs the GIL, so importing it re-enables the GIL. */
PyMODINIT_FUNC
PyInit_legacycache(void)
{
    if (PyType_Ready(&CacheType) < 0) {
        return NULL;
    }
    PyObject *m = PyModule_Create(&legacycache_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&CacheType);
    if (PyModule_AddObject(m, "Cache", (PyObject *)&CacheType) < 0) {
        Py_DECREF(&CacheType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
