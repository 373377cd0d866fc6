"""pytest plugin for the corpus runs of projects whose suites use Hypothesis.

Loaded with `-p corpus_hypothesis` (test/corpus/support is on PYTHONPATH).
It makes the property tests deterministic, so that the original and the
fixed build of a project run exactly the same examples and their results can
be compared, and bounds their cost: fewer examples per test, and no deadline
(the machine is shared, so a slow example is not a failure).
"""

from hypothesis import settings

settings.register_profile("ft-corpus", max_examples=30, derandomize=True, deadline=None,
                          database=None)
settings.load_profile("ft-corpus")
