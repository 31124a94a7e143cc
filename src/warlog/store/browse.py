"""Browsing incidents: filtered pages, counts per day, map clusters and facets, in SQL.

What the HTTP API and the dashboard ask of the store. Everything aggregates in the
database, so that a million incidents answer as fast as a hundred: the browser gets pages,
buckets and clusters, never the rows themselves. The filters are one typed record,
:class:`Query`, read the same way by every function here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from warlog.store.schema import incident_cells, incident_facets, incidents

#: the columns a page of incidents shows (all but the search text)
COLUMNS = [column for column in incidents.c if column.name != "search_text"]
#: what a page can be sorted by; each sort ends with the id so that pages are stable
SORTS = {"date": incidents.c.date, "fatalities": incidents.c.fatalities, "sources": incidents.c.sources,
         "mentions": incidents.c.mentions}  # fmt: skip
#: a map cluster is about this many pixels wide on screen (256 pixels per tile)
CLUSTER_PIXELS = 48
#: the map's cells over all incidents are kept for zooms up to this one (cells of half a
#: degree); nearer, a map's box holds few enough incidents to count them on the fly
OVERVIEW_ZOOM = 7
#: the facets, and the column each counts (actors count both sides)
FACETS = {"countries": "country", "types": "event_type", "sub_event_types": "sub_event_type", "grades": "grade",
          "actors": None}  # fmt: skip


@dataclass(frozen=True)
class Query:
    """Which incidents: each field narrows, an empty one does not."""

    since: dt.date | None = None
    until: dt.date | None = None
    countries: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    sub_event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # either side
    grades: tuple[str, ...] = ()
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    words: tuple[str, ...] = ()  # each must appear in the search text


def search_words(text: str) -> tuple[str, ...]:
    """The words of a text search, lower-cased, as the full-text index splits them."""
    return tuple(re.findall(r"\w+", text.lower()))


def conditions(query: Query, dialect: str) -> list[sa.ColumnElement[bool]]:
    c = incidents.c
    found: list[sa.ColumnElement[bool]] = []
    if query.since:
        found.append(c.date >= query.since)
    if query.until:
        found.append(c.date <= query.until)
    if query.countries:
        found.append(c.country.in_(query.countries))
    types = [c.event_type.in_(query.event_types)] if query.event_types else []
    types += [c.sub_event_type.in_(query.sub_event_types)] if query.sub_event_types else []
    if types:
        found.append(sa.or_(*types))
    if query.actors:
        found.append(sa.or_(c.actor1.in_(query.actors), c.actor2.in_(query.actors)))
    if query.grades:
        found.append(c.grade.in_(query.grades))
    # Which index leads: a filter's own (each covers what the aggregates read), else the
    # words', else the box's. A '+' before a column keeps SQLite from leading with its index.
    indexed = bool(found)
    if query.bbox:
        west, south, east, north = query.bbox
        latitude, longitude = c.latitude, c.longitude
        if indexed or query.words:
            latitude = sa.literal_column("+incidents.latitude", sa.Float)
            longitude = sa.literal_column("+incidents.longitude", sa.Float)
        found.append(latitude.between(south, north))
        if west <= east:
            found.append(longitude.between(west, east))
        else:  # the box crosses the antimeridian
            found.append(sa.or_(longitude >= west, longitude <= east))
    if query.words:
        if dialect == "sqlite":  # the FTS5 index of migration 0003: each word, as a prefix
            match = " ".join(f'"{word}"*' for word in query.words)
            hits = sa.text("SELECT rowid FROM incidents_fts WHERE incidents_fts MATCH :match").bindparams(match=match)
            # led by another filter, the words only test its rows: a common word would
            # otherwise fetch a seventh of the table to keep a country's share of it
            rowid = "+incidents.rowid" if indexed else "incidents.rowid"
            found.append(sa.literal_column(rowid).in_(hits))
        else:  # PostgreSQL's full-text index of migration 0003, on the same expression
            # (constants written out, not bound, so that the planner sees the indexed expression)
            simple, empty = sa.literal_column("'simple'"), sa.literal_column("''")
            vector = sa.func.to_tsvector(simple, sa.func.coalesce(c.search_text, empty))
            words = " & ".join(f"{word}:*" for word in query.words)
            found.append(vector.op("@@")(sa.func.to_tsquery(simple, words)))
    return found


class Browser:
    """Read-only queries over the incidents table of one database."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.dialect = engine.dialect.name

    def _where(self, query: Query) -> list[sa.ColumnElement[bool]]:
        return conditions(query, self.dialect)

    def page(
        self, query: Query, sort: str = "-date", limit: int = 50, offset: int = 0
    ) -> tuple[int, list[dict[str, Any]]]:
        """The total that match and one page of them, as rows of plain values.

        The page is found by id first (the covering indexes answer that without reading the
        table), then its rows are read: sorting whole rows of a large match is slow.
        """
        where = self._where(query)
        ranked = sa.select(incidents.c.id).where(*where).order_by(_order(sort), incidents.c.id)
        with self.engine.connect() as connection:
            total = connection.execute(sa.select(sa.func.count()).select_from(incidents).where(*where)).scalar_one()
            ids = list(connection.execute(ranked.limit(limit).offset(offset)).scalars())
            rows = connection.execute(sa.select(*COLUMNS).where(incidents.c.id.in_(ids))).mappings().all()
        by_id = {row["id"]: dict(row) for row in rows}
        return total, [by_id[incident_id] for incident_id in ids]

    def all(self, query: Query, sort: str = "date") -> Iterator[dict[str, Any]]:
        """Every incident that matches, streamed in the given order (for exports)."""
        select = sa.select(*COLUMNS).where(*self._where(query)).order_by(_order(sort), incidents.c.id)
        with self.engine.connect() as connection:
            for row in connection.execution_options(yield_per=2000).execute(select).mappings():
                yield dict(row)

    def one(self, incident_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(sa.select(*COLUMNS).where(incidents.c.id == incident_id)).mappings().first()
        return dict(row) if row else None

    def stats(self, query: Query, interval: str = "day", by: str = "type") -> dict[str, Any]:
        """Incidents per day or week (weeks start on Monday), split by type or country."""
        key = incidents.c.event_type if by == "type" else incidents.c.country
        select = (
            sa.select(incidents.c.date, key.label("key"), sa.func.count().label("n"))
            .where(incidents.c.date.is_not(None), *self._where(query))
            .group_by(incidents.c.date, key)
        )
        buckets: dict[dt.date, Counter[str]] = defaultdict(Counter)
        totals: Counter[str] = Counter()
        with self.engine.connect() as connection:
            for day, name, n in connection.execute(select):
                day = _day(day)
                period = day - dt.timedelta(days=day.weekday()) if interval == "week" else day
                buckets[period][name or "unknown"] += n
                totals[name or "unknown"] += n
        return {
            "interval": interval,
            "by": by,
            "keys": [name for name, _ in totals.most_common()],
            "buckets": [{"period": p.isoformat(), "counts": dict(buckets[p])} for p in sorted(buckets)],
            "total": sum(totals.values()),
        }

    def clusters(self, query: Query, zoom: int) -> dict[str, Any]:
        """Incidents grouped on a grid whose cells are about CLUSTER_PIXELS wide at ``zoom``.

        With no filter but the map's box, at the far zooms, the cells come ready from
        ``incident_cells`` (a cluster at the box's edge is shown whole); otherwise they are
        counted now.
        """
        with self.engine.connect() as connection:
            if zoom <= OVERVIEW_ZOOM and query == Query(bbox=query.bbox):
                select = sa.select(incident_cells).where(incident_cells.c.zoom == zoom)
                if query.bbox:
                    select = select.where(*_overlapping(query.bbox))
                rows = list(connection.execute(select))
            else:
                rows = cell_rows(connection, self._where(query), zoom)
        found = _clusters(rows)
        return {"total": sum(cluster["count"] for cluster in found), "zoom": zoom, "clusters": found}

    def facets(self, query: Query) -> dict[str, Any]:
        """The values each filter can take among the matching incidents, with their counts."""
        c = incidents.c
        where = self._where(query)
        with self.engine.connect() as connection:
            counted = _stored_facets(connection) if query == Query() else facet_counts(connection, where)
            # apart, each is one step down an index; together SQLite would read every row
            first = connection.execute(sa.select(sa.func.min(c.date)).where(*where)).scalar_one()
            last = connection.execute(sa.select(sa.func.max(c.date)).where(*where)).scalar_one()
        found: dict[str, Any] = {name: _values(counted.get(name, [])) for name in FACETS}
        found["dates"] = {"min": _iso(first), "max": _iso(last)}
        return found



def _order(sort: str) -> sa.ColumnElement:
    column = SORTS[sort.lstrip("-")]
    return column.desc().nulls_last() if sort.startswith("-") else column.asc().nulls_last()


def facet_counts(connection: Connection, where: list) -> dict[str, list[tuple[str, int]]]:
    """Each filter's values among the incidents ``where`` selects, the most frequent first."""
    c = incidents.c
    actors: Counter[str] = Counter()
    for column in (c.actor1, c.actor2):
        actors.update(dict(_counts(connection, column, where)))
    found = {name: _counts(connection, c[column], where) for name, column in FACETS.items() if column}
    found["actors"] = sorted(actors.items(), key=lambda item: (-item[1], item[0]))
    return found


def _stored_facets(connection: Connection) -> dict[str, list[tuple[str, int]]]:
    found: dict[str, list[tuple[str, int]]] = defaultdict(list)
    select = sa.select(incident_facets).order_by(incident_facets.c.count.desc(), incident_facets.c.value)
    for row in connection.execute(select):
        found[row.facet].append((row.value, row.count))
    return found


def cell_rows(connection: Connection, where: list, zoom: int) -> list[sa.Row]:
    """Incidents counted per grid cell and event type: the rows ``incident_cells`` keeps."""
    size = 360 / (256 * 2**zoom) * CLUSTER_PIXELS
    c = incidents.c
    row_cell = _cell(connection.dialect.name, c.latitude + 90.0, size).label("row_cell")
    column_cell = _cell(connection.dialect.name, c.longitude + 180.0, size).label("column_cell")
    select = (
        sa.select(
            row_cell, column_cell, c.event_type, sa.func.count().label("count"),
            sa.func.sum(sa.func.coalesce(c.fatalities, 0)).label("fatalities"),
            sa.func.sum(c.latitude).label("latitudes"), sa.func.sum(c.longitude).label("longitudes"),
            sa.func.min(c.latitude).label("south"), sa.func.min(c.longitude).label("west"),
            sa.func.max(c.latitude).label("north"), sa.func.max(c.longitude).label("east"),
            sa.func.min(c.id).label("first"),
            sa.func.min(c.date).label("since"), sa.func.max(c.date).label("until"),
        )  # fmt: skip
        .where(*where)
        .group_by(row_cell, column_cell, c.event_type)
    )
    # the unplaced fall in a cell of None: dropped here rather than by a condition on
    # latitude, which would lead SQLite to its latitude index and a million lookups
    return [row for row in connection.execute(select) if row.row_cell is not None and row.column_cell is not None]


def _cell(dialect: str, offset: sa.ColumnElement[float], size: float) -> sa.ColumnElement[int]:
    # SQLite truncates a cast (the offset makes it non-negative); PostgreSQL's cast rounds
    if dialect == "sqlite":
        return sa.cast(offset / size, sa.Integer)
    return sa.cast(sa.func.floor(offset / size), sa.Integer)


def rebuild_overview(connection: Connection) -> None:
    """Count the map's cells (zooms 0 to OVERVIEW_ZOOM) and the facets over all incidents."""
    connection.execute(incident_cells.delete())
    connection.execute(incident_facets.delete())
    for zoom in range(OVERVIEW_ZOOM + 1):
        rows = [{"zoom": zoom, **row._asdict()} for row in cell_rows(connection, [], zoom)]
        if rows:
            connection.execute(incident_cells.insert(), rows)
    facets = [
        {"facet": name, "value": value, "count": n}
        for name, counts in facet_counts(connection, []).items()
        for value, n in counts
    ]
    if facets:
        connection.execute(incident_facets.insert(), facets)


def update_overview(connection: Connection, removed: list[dict[str, Any]], added: list[dict[str, Any]]) -> None:
    """Keep the cells and facets :func:`rebuild_overview` counts when only some incidents
    changed (``removed`` and ``added`` are their rows): counts and sums move by the
    difference, bounds and dates widen; a cell whose bound, first id or date a removed
    incident held, and no added one reaches, is counted again from its incidents."""
    cells = incident_cells.c
    for zoom in range(OVERVIEW_ZOOM + 1):
        size = 360 / (256 * 2**zoom) * CLUSTER_PIXELS
        touched: dict[tuple[int, int, str], list[list[dict[str, Any]]]] = defaultdict(lambda: [[], []])
        for side, rows in enumerate((removed, added)):
            for row in rows:
                if row["latitude"] is not None and row["longitude"] is not None:
                    cell = (math.floor((row["latitude"] + 90.0) / size), math.floor((row["longitude"] + 180.0) / size))
                    touched[(*cell, row["event_type"])][side].append(row)
        if not touched:
            continue
        stored = {}
        rows_of = sorted({key[0] for key in touched})
        for start in range(0, len(rows_of), 500):
            chunk = rows_of[start : start + 500]
            query = sa.select(incident_cells).where(cells.zoom == zoom, cells.row_cell.in_(chunk))
            stored.update(((r.row_cell, r.column_cell, r.event_type), r) for r in connection.execute(query))
        updates, inserts, recount = [], [], []
        for key, (gone, new) in touched.items():
            found = _moved_cell(stored.get(key), gone, new)
            if found is None:
                recount.append(key)
            elif found == "empty":
                recount.append(key)  # deleted below, and found empty again
            elif key in stored:
                updates.append({"z": zoom, "r": key[0], "c": key[1], "t": key[2], **found})
            else:
                inserts.append({"zoom": zoom, "row_cell": key[0], "column_cell": key[1], "event_type": key[2], **found})
        if updates:
            names = [name for name in updates[0] if name not in ("z", "r", "c", "t")]
            connection.execute(
                incident_cells.update()
                .where(cells.zoom == sa.bindparam("z"), cells.row_cell == sa.bindparam("r"),
                       cells.column_cell == sa.bindparam("c"), cells.event_type == sa.bindparam("t"))
                .values({name: sa.bindparam(name) for name in names}),
                updates,
            )  # fmt: skip
        if inserts:
            connection.execute(incident_cells.insert(), inserts)
        for row_cell, column_cell, event_type in recount:
            _recount_cell(connection, zoom, size, row_cell, column_cell, event_type)
    _update_facets(connection, removed, added)


def _moved_cell(stored: sa.Row | None, gone: list[dict[str, Any]], new: list[dict[str, Any]]) -> dict | str | None:
    """A cell's values after the change, "empty" if nothing is left, None if it must be counted again."""
    count = (stored.count if stored else 0) + len(new) - len(gone)
    if count <= 0:
        return "empty" if stored is not None or gone else None
    if stored is None and gone:
        return None
    found: dict[str, Any] = {
        "count": count,
        "fatalities": (stored.fatalities if stored else 0) + sum((r["fatalities"] or 0) for r in new)
        - sum((r["fatalities"] or 0) for r in gone),
        "latitudes": (stored.latitudes if stored else 0.0) + sum(r["latitude"] for r in new)
        - sum(r["latitude"] for r in gone),
        "longitudes": (stored.longitudes if stored else 0.0) + sum(r["longitude"] for r in new)
        - sum(r["longitude"] for r in gone),
    }
    for name, column, pick in (("south", "latitude", min), ("west", "longitude", min), ("north", "latitude", max),
                               ("east", "longitude", max), ("first", "id", min), ("since", "date", min),
                               ("until", "date", max)):  # fmt: skip
        old = getattr(stored, name) if stored else None
        values = [r[column] for r in new if r[column] is not None]
        best = pick([v for v in (old, *values) if v is not None], default=None)
        held = old is not None and any(r[column] == old for r in gone)
        if held and not (values and pick(values) == pick(old, pick(values))):
            return None  # a removed incident held it and none added reaches it
        found[name] = best
    return found


def _recount_cell(
    connection: Connection, zoom: int, size: float, row_cell: int, column_cell: int, event_type: str
) -> None:
    c, cells = incidents.c, incident_cells.c
    where = [cells.zoom == zoom, cells.row_cell == row_cell, cells.column_cell == column_cell,
             cells.event_type == event_type]  # fmt: skip
    south, west = row_cell * size - 90.0, column_cell * size - 180.0
    inside = [c.event_type == event_type, c.latitude.between(south - size, south + 2 * size),
              c.longitude.between(west - size, west + 2 * size)]  # fmt: skip
    found = [r for r in cell_rows(connection, inside, zoom)
             if (r.row_cell, r.column_cell, r.event_type) == (row_cell, column_cell, event_type)]  # fmt: skip
    connection.execute(incident_cells.delete().where(*where))
    if found:
        connection.execute(incident_cells.insert().values(zoom=zoom, **found[0]._asdict()))


def _update_facets(connection: Connection, removed: list[dict[str, Any]], added: list[dict[str, Any]]) -> None:
    deltas: Counter[tuple[str, str]] = Counter()
    for sign, rows in ((-1, removed), (1, added)):
        for row in rows:
            for facet, column in FACETS.items():
                for name in (column,) if column else ("actor1", "actor2"):
                    if row[name] is not None:
                        deltas[(facet, row[name])] += sign
    f = incident_facets.c
    changed = {key: delta for key, delta in deltas.items() if delta}
    stored = {}
    for facet in {facet for facet, _ in changed}:
        values = sorted(value for name, value in changed if name == facet)
        for start in range(0, len(values), 500):
            query = sa.select(incident_facets).where(f.facet == facet, f.value.in_(values[start : start + 500]))
            stored.update(((r.facet, r.value), r.count) for r in connection.execute(query))
    for (facet, value), delta in sorted(changed.items()):
        where = [f.facet == facet, f.value == value]
        count = stored.get((facet, value))
        if count is None:
            connection.execute(incident_facets.insert().values(facet=facet, value=value, count=delta))
        elif count + delta <= 0:
            connection.execute(incident_facets.delete().where(*where))
        else:
            connection.execute(incident_facets.update().where(*where).values(count=count + delta))


def _overlapping(bbox: tuple[float, float, float, float]) -> list[sa.ColumnElement[bool]]:
    west, south, east, north = bbox
    cells = incident_cells.c
    found = [cells.north >= south, cells.south <= north]
    if west <= east:
        found += [cells.east >= west, cells.west <= east]
    else:  # across the antimeridian
        found.append(sa.or_(cells.east >= west, cells.west <= east))
    return found


def _clusters(rows: list[sa.Row]) -> list[dict[str, Any]]:
    """Rows of ``cell_rows`` (or of ``incident_cells``) as map clusters, the largest first."""
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    for row in rows:
        cell = cells.setdefault((row.row_cell, row.column_cell), _empty_cluster())
        cell["count"] += row.count
        cell["fatalities"] += row.fatalities or 0
        cell["types"][row.event_type] = row.count
        cell["latitudes"] += row.latitudes
        cell["longitudes"] += row.longitudes
        cell["bounds"] = _widen(cell["bounds"], (row.south, row.west, row.north, row.east))
        cell["first"] = min(cell["first"] or row.first, row.first)
        if row.since is not None:
            since, until = _day(row.since), _day(row.until)
            cell["dates"] = [min(cell["dates"][0], since), max(cell["dates"][1], until)] if cell["dates"] else [since, until]
    found = []
    for cell in cells.values():
        cluster = {
            "latitude": round(cell["latitudes"] / cell["count"], 5),
            "longitude": round(cell["longitudes"] / cell["count"], 5),
            "count": cell["count"],
            "fatalities": cell["fatalities"],
            "event_type": max(cell["types"], key=lambda name: (cell["types"][name], name)),
            "types": cell["types"],
            "bounds": cell["bounds"],
            "dates": [day.isoformat() for day in cell["dates"]] if cell["dates"] else None,
        }
        if cell["count"] == 1:
            cluster["id"] = cell["first"]
        found.append(cluster)
    found.sort(key=lambda cluster: (-cluster["count"], cluster["latitude"], cluster["longitude"]))
    return found


def _counts(connection: Connection, column: sa.Column, where: list) -> list[tuple[str, int]]:
    select = (
        sa.select(column, sa.func.count())
        .where(column.is_not(None), *where)
        .group_by(column)
        .order_by(sa.func.count().desc(), column)
    )
    return [(value, n) for value, n in connection.execute(select)]


def _values(counts: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"value": value, "count": n} for value, n in counts]


def _empty_cluster() -> dict[str, Any]:
    return {"count": 0, "fatalities": 0, "types": {}, "latitudes": 0.0, "longitudes": 0.0, "bounds": None,
            "first": None, "dates": None}  # fmt: skip


def _widen(bounds: list[float] | None, more: tuple[float, float, float, float]) -> list[float]:
    if bounds is None:
        return list(more)
    return [min(bounds[0], more[0]), min(bounds[1], more[1]), max(bounds[2], more[2]), max(bounds[3], more[3])]


def _day(value: dt.date | str) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def _iso(value: dt.date | str | None) -> str | None:
    return None if value is None else _day(value).isoformat()

