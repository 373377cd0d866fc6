"""ft-tidy: run the freethreading-* clang-tidy checks over a CPython extension.

The driver of the plugin (docs/usage.md). Standard library only. Modules, in
the order a run uses them:

  cli           the command line (Options) and main()
  toolchain     the plugin, a clang-tidy of its LLVM, clang-apply-replacements
  pythonconfig  the interpreter's include directories and defines
  project       project roots, setup.py / setup.cfg / pyproject.toml,
                compile_commands.json, the sources to check
  clangtidy     running clang-tidy and reading its diagnostics
  fixes         the fixes clang-tidy exports, and applying them
  pipeline      one run: lint, or --fix with the GIL declarations last
  verdicts      extension modules and whether each is ready
  reports       text, JSON and SARIF
"""

VERSION = "0.1.0"
