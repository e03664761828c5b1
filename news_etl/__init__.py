"""news-etl: scraped news articles to validated Arrow tables, Parquet and DuckDB."""
