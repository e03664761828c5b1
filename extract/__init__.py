"""Extract: find the raw files under the sources, read them safely, plan what a run must parse,
and turn one batch of files into Arrow tables (the batch worker)."""
