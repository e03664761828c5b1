"""``python -m news_etl``: the ``news-etl`` command, for when the script is not on PATH."""

from news_etl.cli import main

if __name__ == "__main__":  # run as a module only: importing this module runs nothing
    main()
