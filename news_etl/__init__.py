"""news-etl: scraped news articles to validated Arrow tables, Parquet and DuckDB."""

__version__ = "0.1.0"
