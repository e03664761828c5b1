"""Load: the warehouse — the store and its load protocol (:mod:`load.warehouse`), its tables
(:mod:`load.ddl`), duplicate settling (:mod:`load.dedupe`), replacement of changed files and the
ledger (:mod:`load.replace`), the quality checks' input and quarantine (:mod:`load.quarantine`),
the Parquet export and its rename journal (:mod:`load.export`), the run history
(:mod:`load.history`), memory (:mod:`load.memory`) — and the read-only SQL sandbox over it
(:mod:`load.sql_sandbox`). It imports no other stage: the checks come in as a
:class:`~schemas.validation.Validator`, the files still present as a
:class:`~schemas.uris.SourcesPresent`."""
