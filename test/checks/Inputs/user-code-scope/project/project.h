/* The project's own header: checked like the main file. */
static long project_header_counter;
static inline void project_header_bump(void) { project_header_counter++; }
