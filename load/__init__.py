"""Load: the warehouse — its lock, DDL, duplicate settling, replacement of changed files, the
ledger, the commit and the Parquet export — and the read-only SQL sandbox over it."""
