"""Canned clang-tidy output and findings for the unit tests."""
import ftpath  # noqa: F401
from ft_tidy.clangtidy import Diag, Note

GIL = "freethreading-missing-mod-gil"
EXIT = "freethreading-critical-section-exit"
UNDECLARED = ("module '{0}' does not declare whether it needs the GIL, so importing it "
              "re-enables the GIL on free-threaded builds; call PyUnstable_Module_SetGIL after "
              "creating it (declaring Py_MOD_GIL_NOT_USED promises that the module is "
              "thread-safe: true only when the other freethreading-* checks report nothing in "
              "this file)")
UNGUARDED_SLOT = ("the Py_mod_gil slot is not under '#if PY_VERSION_HEX >= 0x030D0000' (or "
                  "'#ifdef Py_GIL_DISABLED'): it does not compile before Python 3.13")
LEAVES = ("'return' leaves the critical section of Py_BEGIN_CRITICAL_SECTION without reaching "
          "Py_END_CRITICAL_SECTION(); on the free-threaded build the lock stays held")


def diag(file, line, col, check, message, tus=(), notes=()):
    d = Diag(file, line, col, "warning", message, check)
    d.tus = set(tus) or {file}
    d.notes = [Note(*n) for n in notes]
    return d


# What clang-tidy --export-fixes writes for a file with a critical-section
# exit and a missing single-phase declaration (both fixable), trimmed.
EXPORT = """---
MainSourceFile:  '{dir}/ready.c'
Diagnostics:
  - DiagnosticName:  freethreading-critical-section-exit
    DiagnosticMessage:
      Message:         '''return'' leaves the section'
      FilePath:        '{dir}/ready.c'
      FileOffset:      12
      Replacements:
        - FilePath:        '{dir}/ready.c'
          Offset:          12
          Length:          6
          ReplacementText: 'result ='
    Notes:
      - Message:         critical section begins here
        FilePath:        '{dir}/ready.c'
        FileOffset:      0
        Replacements:    []
    Level:           Warning
    BuildDirectory:  '{dir}'
  - DiagnosticName:  freethreading-missing-mod-gil
    DiagnosticMessage:
      Message:         'module ''ready'' does not declare whether it needs the GIL'
      FilePath:        '{dir}/ready.c'
      FileOffset:      20
      Replacements:
        - FilePath:        '{dir}/ready.c'
          Offset:          20
          Length:          0
          ReplacementText: "#ifdef Py_GIL_DISABLED\\n  PyUnstable_Module_SetGIL(m, Py_MOD_GIL_NOT_USED);\\n#endif\\n"
    Level:           Warning
    BuildDirectory:  '{dir}'
  - DiagnosticName:  freethreading-missing-mod-gil
    DiagnosticMessage:
      Message:         'the Py_mod_gil slot is not under a guard'
      FilePath:        '{dir}/ready.c'
      FileOffset:      30
      Replacements:
        - FilePath:        '{dir}/ready.c'
          Offset:          30
          Length:          0
          ReplacementText: "#if PY_VERSION_HEX >= 0x030D0000\\n"
    Level:           Warning
    BuildDirectory:  '{dir}'
...
"""
