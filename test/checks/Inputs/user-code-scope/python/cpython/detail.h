/* A subdirectory of CPython's include directory. */
static long python_subdir_counter;
static inline void python_subdir_bump(void) { python_subdir_counter++; }
