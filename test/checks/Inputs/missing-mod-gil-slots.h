/* Slot array of freethreading-missing-mod-gil-nofix.c, defined in a header
 * of the project (not a system header). */
static int header_exec(PyObject *m) { return 0; }
static PyModuleDef_Slot header_slots[] = {
    {Py_mod_exec, header_exec},
    {0, NULL}
};
