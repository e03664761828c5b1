"""Quality: the expectation suites (:mod:`quality.suites`, packaged as ``expectations/*.json``,
what every run checks), the Great Expectations adapter that runs them through checkpoints
(:mod:`quality.gx`: the row-level checks in the batch tasks, :mod:`quality.batch`; the
cross-batch checks in the load, as its :class:`~schemas.validation.Validator`), the warehouse's
Great Expectations project (:mod:`quality.docs`: stored results, Data Docs, retention), and the
warehouse invariants (:mod:`quality.invariants`, checked on a connection the caller opens). It
imports no other stage."""
