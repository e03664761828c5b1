"""Quality: the expectation suites (:mod:`quality.suites`), the Great Expectations adapter that
runs them (:mod:`quality.gx`: the row-level checks in the batch tasks, :mod:`quality.batch`; the
cross-batch checks in the load, as its :class:`~schemas.validation.Validator`), and the warehouse
invariants (:mod:`quality.invariants`, checked on a connection the caller opens). It imports no
other stage."""
