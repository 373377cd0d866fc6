/* pythoncapi_compat.h - test-only forwarding header for ft-tidy's runtime
 * tests. It is NOT the pythoncapi-compat project's header: it only includes
 * our own ft_compat.h, so that a fix-it configured with the conventional
 * CompatHeader value "pythoncapi_compat.h" builds against compat/ here.
 */
#ifndef FT_RUNTIME_PYTHONCAPI_COMPAT_FORWARD_H
#define FT_RUNTIME_PYTHONCAPI_COMPAT_FORWARD_H
#include "ft_compat.h"
#endif
