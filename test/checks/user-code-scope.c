// The checks narrow the translation unit that clang-tidy traverses to the
// project's code: declarations in CPython's include directory (the one that
// declares PyObject, with its subdirectories) and in system headers are not
// visited. Shown with global-state on code of the same shape in each kind of
// header, and with the header filter and --system-headers letting every
// finding through; LimitTraversalToUserCode=false restores the full
// traversal. (The system header's write is not reported either way:
// global-state leaves system headers alone, so skipping them changes no
// finding.)
//
// RUN: %clang_tidy --load=%ft_plugin -checks='-*,freethreading-global-state' \
// RUN:   -header-filter='.*' --system-headers %s -- \
// RUN:   -I%S/Inputs/user-code-scope/python -I%S/Inputs/user-code-scope/project \
// RUN:   -isystem %S/Inputs/user-code-scope/system > %t.c 2>&1
// RUN: FileCheck %s --check-prefix=CHECK < %t.c
// RUN: not grep -e python_header_counter -e python_subdir_counter %t.c
//
// RUN: %clang_tidy --load=%ft_plugin -checks='-*,freethreading-global-state' \
// RUN:   -config='{CheckOptions: {LimitTraversalToUserCode: false}}' \
// RUN:   -header-filter='.*' --system-headers %s -- \
// RUN:   -I%S/Inputs/user-code-scope/python -I%S/Inputs/user-code-scope/project \
// RUN:   -isystem %S/Inputs/user-code-scope/system 2>&1 \
// RUN: | FileCheck %s --check-prefixes=CHECK,ALL
//
// The same as C++, where the CPython header wraps its declarations (PyObject
// among them) in extern "C":
// RUN: %clang_tidy --load=%ft_plugin -checks='-*,freethreading-global-state' \
// RUN:   -header-filter='.*' --system-headers %s -- -x c++ \
// RUN:   -I%S/Inputs/user-code-scope/python -I%S/Inputs/user-code-scope/project \
// RUN:   -isystem %S/Inputs/user-code-scope/system > %t.cpp 2>&1
// RUN: FileCheck %s --check-prefix=CHECK < %t.cpp
// RUN: not grep -e python_header_counter -e python_subdir_counter %t.cpp
//
// RUN: %clang_tidy --load=%ft_plugin -checks='-*,freethreading-global-state' \
// RUN:   -config='{CheckOptions: {LimitTraversalToUserCode: false}}' \
// RUN:   -header-filter='.*' --system-headers %s -- -x c++ \
// RUN:   -I%S/Inputs/user-code-scope/python -I%S/Inputs/user-code-scope/project \
// RUN:   -isystem %S/Inputs/user-code-scope/system 2>&1 \
// RUN: | FileCheck %s --check-prefixes=CHECK,ALL
//
// (FileCheck's --implicit-check-not does not look between the matches of one
// group of CHECK-DAG lines, so the absence of the CPython headers' findings
// is checked with grep.)

#include <Python.h>
#include <syshdr.h>
#include "project.h"

// ALL-DAG: Inputs/user-code-scope/python/Python.h:11:{{[0-9]+}}: warning: {{.*}}'python_header_counter'
// ALL-DAG: Inputs/user-code-scope/python/cpython/detail.h:3:{{[0-9]+}}: warning: {{.*}}'python_subdir_counter'
// CHECK-DAG: Inputs/user-code-scope/project/project.h:3:{{[0-9]+}}: warning: {{.*}}'project_header_counter'

static long main_file_counter;

void bump_all(void) {
  python_header_bump();
  python_subdir_bump();
  system_header_bump();
  project_header_bump();
  main_file_counter++;
  // CHECK-DAG: user-code-scope.c:[[@LINE-1]]:{{[0-9]+}}: warning: {{.*}}'main_file_counter'
}
