/* No PyInit_, no Extension: listed as a file of no module. Uses the
 * include directories of every Extension (tp.h). */
#include "tp.h"
int gen_limit(void) { return TP_LIMIT; }
