"""Quality: the expectation suites, the Great Expectations adapter that validates pandas batches,
and the warehouse invariants."""
