// RUN: %check_ft_probe %s ftprobe-file-conditionals %t

// What the #if branches around a place in the file's text guarantee
// (lib/ConditionalStructure), read from the text: the branches this build
// skips count as much as those it compiles, so both builds answer alike.

#include <Python.h>

void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: top level: no guarantee [ftprobe-file-conditionals]

#ifdef Py_GIL_DISABLED
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: free-threaded, 3.13+ [ftprobe-file-conditionals]
#else
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: never free-threaded [ftprobe-file-conditionals]
#endif

#if PY_VERSION_HEX >= 0x030D0000
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: 3.13+ [ftprobe-file-conditionals]
#elif defined(SOMETHING_ELSE)
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: never free-threaded [ftprobe-file-conditionals]
#endif

#if PY_VERSION_HEX < 0x030D0000 || defined(OTHER)
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: no guarantee [ftprobe-file-conditionals]
#endif

#ifndef Py_GIL_DISABLED
#  if 1
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: never free-threaded [ftprobe-file-conditionals]
#  endif
#endif

/* A directive inside a comment is not one:
#ifdef Py_GIL_DISABLED
*/
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: top level: no guarantee [ftprobe-file-conditionals]

// Nor is one in a string, and a line continued with a backslash is one line.
const char *probe_text = "#ifdef Py_GIL_DISABLED";
#if defined(Py_GIL_DISABLED) && \
    PY_VERSION_HEX >= 0x030E0000
void ft_probe(void);
// CHECK-MESSAGES: :[[@LINE-1]]:6: warning: in a branch: free-threaded, 3.13+ [ftprobe-file-conditionals]
#endif

// In a directive the name is not reported.
#define USE ft_probe
