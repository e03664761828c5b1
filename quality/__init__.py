"""Quality: the expectation suites, the Great Expectations adapter that validates pandas batches
(given to the load as its :class:`~schemas.validation.Validator`), and the warehouse invariants
(checked on a connection the caller opens). It imports no other stage."""
