"""The Python API: a store's incidents, events, tallies and documents as pandas DataFrames.

    import warlog

    with warlog.open("warlog.db") as db:
        strikes = db.incidents(country="SY", type="Air/drone strike", since="2023-10-01")

The filters are the HTTP API's (docs/api.md), by the same names; a row has the columns of
the API's items, and ``db.records`` answers the same queries with the API's very items
(lists of dicts, days written YYYY-MM-DD). Bad filters raise ``ValueError`` naming the
filter. docs/python.md shows an analysis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import pandas as pd
import sqlalchemy as sa

from warlog.export import EVENT_FIELDS, TALLY_FIELDS, event_record, iso, plain, tally_record
from warlog.knowledge import load_vocabulary
from warlog.store import Filters, Store, database_url
from warlog.store import schema as tables
from warlog.store.browse import COLUMNS, SORTS, Browser, Query, search_words

Result = TypeVar("Result")
Days = dt.date | str | None
Values = str | Iterable[str] | None

INCIDENT_COLUMNS = [column.name for column in COLUMNS]
EVENT_COLUMNS = ["doc_id", *EVENT_FIELDS, "spans"]
TALLY_COLUMNS = ["doc_id", *TALLY_FIELDS, "spans"]
DOCUMENT_COLUMNS = ["doc_id", "title", "source", "url", "published", "language", "text"]


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


class _Queries(Generic[Result]):
    """The queries; what a result is (records or a DataFrame) is the subclass's."""

    def __init__(self, store: Store):
        self._store: Store | None = store

    @property
    def store(self) -> Store:
        if self._store is None:
            raise ValueError("the database is closed")
        return self._store

    def incidents(
        self,
        since: Days = None,
        until: Days = None,
        country: Values = None,
        type: Values = None,
        actor: Values = None,
        grade: Values = None,
        bbox: tuple[float, float, float, float] | None = None,
        q: str | None = None,
        sort: str = "date",
        limit: int | None = None,
        offset: int = 0,
    ) -> Result:
        """Incidents that match every filter given; several values of one filter match any.

        ``sort`` is date, fatalities, sources or mentions, with '-' first for descending.
        """
        query = incident_query(since, until, country, type, actor, grade, bbox, q)
        if sort.lstrip("-") not in SORTS:
            raise ValueError(f"sort: not one of {', '.join(SORTS)} (with '-' for descending): {sort!r}")
        browser = Browser(self.store.engine)
        if limit is None:
            rows = list(browser.all(query, sort))[offset:]
        else:
            rows = browser.page(query, sort, _count("limit", limit), _count("offset", offset))[1]
        return self._result([plain(row) for row in rows], INCIDENT_COLUMNS, tables.incidents)

    def events(
        self,
        since: Days = None,
        until: Days = None,
        country: str | None = None,
        type: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Result:
        """Event mentions as each document reported them, before linking (one country, one type)."""
        filters = _single_filters(since, until, country, type)
        limit = _count("limit", limit) if limit is not None else None
        page = replace(filters, limit=limit, offset=_count("offset", offset))
        rows = [{"doc_id": event.doc_id, **event_record(event)} for event in self.store.events(page)]
        return self._result(rows, EVENT_COLUMNS, tables.events)

    def tallies(
        self, since: Days = None, until: Days = None, country: str | None = None, limit: int | None = None
    ) -> Result:
        """Running counts officials stated, by the day they were stated (``as_of``)."""
        filters = replace(_single_filters(since, until, country, None), limit=limit)
        rows = [{"doc_id": tally.doc_id, **tally_record(tally)} for tally in self.store.tallies(filters)]
        return self._result(rows, TALLY_COLUMNS, tables.tallies)

    def documents(
        self,
        since: Days = None,
        until: Days = None,
        country: str | None = None,
        type: str | None = None,
        limit: int | None = None,
    ) -> Result:
        """Stored reports published in the dates given that tell of an event of the country or type."""
        filters = replace(_single_filters(since, until, country, type), limit=limit)
        rows = [
            {"doc_id": d.doc_id, "title": d.title, "source": d.source, "url": d.url, "published": iso(d.published),
             "language": d.language, "text": d.text}
            for d in self.store.documents(filters)
        ]  # fmt: skip
        return self._result(rows, DOCUMENT_COLUMNS, tables.documents)

    def _result(self, rows: list[dict[str, Any]], columns: list[str], table: sa.Table) -> Result:
        raise NotImplementedError


class Records(_Queries[list[dict[str, Any]]]):
    """The queries' rows as the HTTP API gives them: lists of dicts, days written YYYY-MM-DD."""

    def _result(self, rows: list[dict[str, Any]], columns: list[str], table: sa.Table) -> list[dict[str, Any]]:
        return rows


class Database(_Queries[pd.DataFrame]):
    """A store opened for analysis: each query gives a DataFrame, typed by the store's columns
    (days as datetimes, counts as nullable integers, coordinates as floats)."""

    def __init__(self, db: str):
        super().__init__(Store(db))
        self.records = Records(self.store)

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


# -- filters -------------------------------------------------------------------------------


def incident_query(
    since: Days,
    until: Days,
    country: Values,
    type: Values,
    actor: Values,
    grade: Values,
    bbox: tuple[float, float, float, float] | None,
    q: str | None,
) -> Query:
    """The store's query from the filters as Python gives them; ValueError names a bad one."""
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise ValueError(f"since: {first} is after until {last}")
    countries = tuple(code.upper() for code in _values(country))
    for code in countries:
        if len(code) != 2 or not code.isalpha():
            raise ValueError(f"country: not an ISO 3166-1 alpha-2 code (like IQ): {code!r}")
    vocabulary = load_vocabulary()
    types = {name.casefold(): name for name in vocabulary.event_types}
    subs = {sub.casefold(): sub for names in vocabulary.event_types.values() for sub in names}
    event_types, sub_event_types = [], []
    for value in _values(type):
        if value.casefold() in types:
            event_types.append(types[value.casefold()])
        elif value.casefold() in subs:
            sub_event_types.append(subs[value.casefold()])
        else:
            raise ValueError(f"type: not an ACLED event type or sub-event type: {value!r}")
    grades = tuple(value.lower() for value in _values(grade))
    for value in grades:
        if value not in vocabulary.grades:
            raise ValueError(f"grade: not one of {', '.join(vocabulary.grades)}: {value!r}")
    return Query(
        since=first,
        until=last,
        countries=countries,
        event_types=tuple(event_types),
        sub_event_types=tuple(sub_event_types),
        actors=_values(actor),
        grades=grades,
        bbox=_bbox(bbox),
        words=search_words(q or ""),
    )


def _single_filters(since: Days, until: Days, country: str | None, type: str | None) -> Filters:
    """The store's filters of events, tallies and documents: one country and one type at most."""
    query = incident_query(since, until, country, type, None, None, None, None)
    if len(query.countries) > 1 or len(query.event_types + query.sub_event_types) > 1:
        raise ValueError(f"{'country' if len(query.countries) > 1 else 'type'}: takes one value here")
    wanted = (query.event_types or query.sub_event_types or (None,))[0]
    return Filters(query.since, query.until, (query.countries or (None,))[0], wanted)


def _values(value: Values) -> tuple[str, ...]:
    """'SY', 'SY,IQ' or ['SY', 'IQ'] as a tuple of values."""
    parts = value.split(",") if isinstance(value, str) else list(value or ())
    return tuple(str(part).strip() for part in parts if str(part).strip())


def _day(name: str, value: Days) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):  # a pandas Timestamp too
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        if len(value) != 10:
            raise ValueError
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: not a day written YYYY-MM-DD: {value!r}") from None


def _bbox(value: tuple[float, float, float, float] | None) -> tuple[float, float, float, float] | None:
    if value is None:
        return None
    try:
        west, south, east, north = (float(part) for part in value)
    except (TypeError, ValueError):
        raise ValueError(f"bbox: not four numbers west, south, east, north: {value!r}") from None
    if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
        raise ValueError(f"bbox: longitudes must lie in -180..180 and latitudes in -90..90: {value!r}")
    if south > north:
        raise ValueError(f"bbox: south {south} is north of north {north}")
    return west, south, east, north


def _count(name: str, value: int) -> int:
    if not isinstance(value, int) or value < 0:
        raise ValueError(f"{name}: not a whole number of rows: {value!r}")
    return value
