/* modgil_return: a single-phase module whose init function returns
 * PyModule_Create(...) directly. The fix goes through a variable
 * ('PyObject *m = ...; if (m == NULL) return NULL; ... return m;'), which is
 * live code on every Python, followed by the guarded SetGIL call. Built as C
 * here and as C++ by modgil_return_cxx. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* join(sep, items): sep.join(str(x) for x in items). */
static PyObject *
join(PyObject *self, PyObject *args)
{
    PyObject *sep, *items, *strs, *result;
    Py_ssize_t i, n;

    if (!PyArg_ParseTuple(args, "UO:join", &sep, &items))
        return NULL;
    items = PySequence_Fast(items, "join() expects a sequence");
    if (items == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(items);
    strs = PyList_New(n);
    if (strs == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    for (i = 0; i < n; i++) {
        PyObject *s = PyObject_Str(PySequence_Fast_GET_ITEM(items, i));
        if (s == NULL) {
            Py_DECREF(strs);
            Py_DECREF(items);
            return NULL;
        }
        PyList_SET_ITEM(strs, i, s);
    }
    result = PyUnicode_Join(sep, strs);
    Py_DECREF(strs);
    Py_DECREF(items);
    return result;
}

static PyMethodDef methods[] = {
    {"join", join, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "modgil_return", NULL, -1, methods,
};

PyMODINIT_FUNC
PyInit_modgil_return(void)
{
    return PyModule_Create(&moduledef);
}
