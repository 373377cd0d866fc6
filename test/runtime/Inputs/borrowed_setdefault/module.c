/* borrowed_setdefault: two get-or-insert functions in the legacy style. The
 * lookup returns a borrowed reference; a missing key gets a new empty
 * container, inserted with PyDict_SetItem and then released (the dict keeps
 * it). freethreading-borrowed-reference makes each lookup PyDict_GetItemRef
 * with the local owned to the end, and the insertion PyDict_SetDefaultRef:
 * without the GIL, two threads that miss the same key at once would both
 * insert, and the items added to the overwritten container would be lost. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* group_add(groups, key, item): groups.setdefault(key, []).append(item) */
static PyObject *
group_add(PyObject *self, PyObject *args)
{
    PyObject *groups, *key, *item;
    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &groups, &key, &item))
        return NULL;
    PyObject *members = PyDict_GetItemWithError(groups, key);
    if (members == NULL) {
        if (PyErr_Occurred())
            return NULL;
        members = PyList_New(0);
        if (members == NULL)
            return NULL;
        if (PyDict_SetItem(groups, key, members) < 0) {
            Py_DECREF(members);
            return NULL;
        }
        Py_DECREF(members);
    }
    if (PyList_Append(members, item) < 0)
        return NULL;
    return PyLong_FromSsize_t(PyList_GET_SIZE(members));
}

/* index_add(index, word, where): index.setdefault(word, set()).add(where) */
static PyObject *
index_add(PyObject *self, PyObject *args)
{
    PyObject *index, *word, *where;
    if (!PyArg_ParseTuple(args, "O!OO", &PyDict_Type, &index, &word, &where))
        return NULL;
    PyObject *places = PyDict_GetItem(index, word);
    if (!places) {
        places = PySet_New(NULL);
        if (!places)
            return NULL;
        if (PyDict_SetItem(index, word, places)) {
            Py_DECREF(places);
            return NULL;
        }
        Py_DECREF(places);
    }
    if (PySet_Add(places, where) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"group_add", group_add, METH_VARARGS, NULL},
    {"index_add", index_add, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef borrowed_setdefault_module = {
    PyModuleDef_HEAD_INIT,
    "borrowed_setdefault",
    NULL,
    -1,
    methods,
};

PyMODINIT_FUNC
PyInit_borrowed_setdefault(void)
{
    return PyModule_Create(&borrowed_setdefault_module);
}
