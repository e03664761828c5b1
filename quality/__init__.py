"""Quality: the expectation suites (:mod:`quality.suites`), the Great Expectations adapter that
validates pandas batches (:mod:`quality.gx`, given to the load as its
:class:`~schemas.validation.Validator`), and the warehouse invariants (:mod:`quality.invariants`,
checked on a connection the caller opens). It imports no other stage."""
