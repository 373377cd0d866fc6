/* Included with -isystem: a system header. */
static long system_header_counter;
static inline void system_header_bump(void) { system_header_counter++; }
