"""The Python API: a store's incidents, events, tallies and documents as pandas DataFrames.

    import warlog

    with warlog.open("warlog.db") as db:
        strikes = db.incidents(country="SY", type="Air/drone strike", since="2023-10-01")

The queries are those of the CLI's listings (queries.py), and their filters the HTTP API's
(docs/api.md), by the same names; a row has the columns of the API's items, and
``db.records`` answers the same queries with the API's very items (lists of dicts, days
written YYYY-MM-DD). Bad filters raise ``ValueError`` naming the filter. docs/python.md
shows an analysis.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from warlog.queries import Queries
from warlog.store import Store, database_url


def open(db: str = "warlog.db") -> Database:  # noqa: A001 (warlog.open, as the built-in opens a file)
    """The store at ``db`` (a SQLite path or a database URL), ready to query; close it after
    use, or use it in a ``with`` block. A SQLite file that does not exist is refused rather
    than made: a mistyped name would otherwise answer every query with nothing."""
    url = database_url(db)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).is_file():
        raise FileNotFoundError(f"{db}: no such database file (make one with warlog ingest or warlog demo)")
    try:
        return Database(db)
    except sa.exc.SQLAlchemyError as error:
        raise ValueError(f"cannot open database {db}: {str(error).splitlines()[0]}") from error


class Database(Queries[pd.DataFrame]):
    """A store opened for analysis: each query gives a DataFrame, typed by the store's columns
    (days as datetimes, counts as nullable integers, coordinates as floats)."""

    def __init__(self, db: str):
        super().__init__(Store(db))
        self.records: Queries[list[dict[str, Any]]] = Queries(self.store)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
        self._store = self.records._store = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _result(self, rows: list[dict[str, Any]], columns: list[str], table: sa.Table) -> pd.DataFrame:
        return frame(rows, columns, table)


def frame(rows: list[dict[str, Any]], columns: list[str], table: sa.Table) -> pd.DataFrame:
    """Rows as a DataFrame whose columns take their types from the table's columns of the same name."""
    found = pd.DataFrame.from_records(rows, columns=columns)
    for name in columns:
        column = table.c.get(name)
        if column is None:
            continue
        if isinstance(column.type, sa.Date):
            found[name] = pd.to_datetime(found[name], format="%Y-%m-%d")
        elif isinstance(column.type, sa.Integer):
            found[name] = found[name].astype("Int64")
        elif isinstance(column.type, sa.Float):
            found[name] = found[name].astype("float64")
    return found
