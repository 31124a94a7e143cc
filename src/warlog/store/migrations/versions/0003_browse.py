"""indexes and text search for browsing incidents (the HTTP API and the dashboard)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

#: what the aggregates read besides the filtered column, so that they need only the index
COVERED = ["date", "event_type", "country", "latitude", "longitude", "fatalities", "id"]
#: what PostgreSQL's full-text index holds (warlog.store.browse queries the same expression)
POSTGRES_SEARCH_VECTOR = "to_tsvector('simple', coalesce(search_text, ''))"
#: each serves one filter of the API: the newest first for a page, and the counts and
#: clusters of what matches without reading the table
INDEXES = {
    **{
        f"ix_incidents_{column}_date": [column, *(name for name in COVERED if name != column)]
        for column in ("country", "event_type", "sub_event_type", "grade", "actor1", "actor2")
    },
    "ix_incidents_date_covered": COVERED,
    "ix_incidents_latitude_longitude": ["latitude", "longitude"],
}


def upgrade() -> None:
    # place, actors, types and the reports' sentences, lower-cased: what `q` searches
    op.add_column("incidents", sa.Column("search_text", sa.Text))
    for name in ("ix_incidents_country", "ix_incidents_grade"):
        op.drop_index(name, "incidents")  # the composite indexes below start with them
    for name, columns in INDEXES.items():
        op.create_index(name, "incidents", columns)
    # the map's clusters and the filters' values over all incidents, kept by each linking run
    op.create_table(
        "incident_cells",
        sa.Column("zoom", sa.SmallInteger, nullable=False),
        sa.Column("row_cell", sa.Integer, nullable=False),
        sa.Column("column_cell", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("fatalities", sa.Integer, nullable=False),
        sa.Column("latitudes", sa.Float, nullable=False),
        sa.Column("longitudes", sa.Float, nullable=False),
        sa.Column("south", sa.Float, nullable=False),
        sa.Column("west", sa.Float, nullable=False),
        sa.Column("north", sa.Float, nullable=False),
        sa.Column("east", sa.Float, nullable=False),
        sa.Column("first", sa.String(32), nullable=False),
        sa.Column("since", sa.Date),
        sa.Column("until", sa.Date),
        sa.PrimaryKeyConstraint("zoom", "row_cell", "column_cell", "event_type", name="pk_incident_cells"),
    )
    op.create_table(
        "incident_facets",
        sa.Column("facet", sa.String(16), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("facet", "value", name="pk_incident_facets"),
    )
    _count_what_is_linked()
    # incidents linked before this revision: their names now (the next linking adds sentences)
    names = " || ' ' || ".join(
        f"coalesce({column}, '')"
        for column in ("event_type", "sub_event_type", "location", "admin1", "actor1", "actor2", "country")
    )
    op.execute(f"UPDATE incidents SET search_text = lower({names})")
    if op.get_bind().dialect.name == "postgresql":
        # full-text index over search_text, kept by PostgreSQL itself
        op.execute(f"CREATE INDEX ix_incidents_search ON incidents USING gin ({POSTGRES_SEARCH_VECTOR})")
    if op.get_bind().dialect.name == "sqlite":
        # full-text index over search_text; the store rebuilds it after each linking run
        op.execute(
            "CREATE VIRTUAL TABLE incidents_fts USING fts5("
            "search_text, content='incidents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')")


def _count_what_is_linked() -> None:
    """The cells and facets of incidents linked before this revision, as the store counts them
    (``warlog.store.browse``, written out here so that this revision never changes)."""
    floor = "CAST(({x}) / {size} AS INTEGER)" if op.get_bind().dialect.name == "sqlite" else "FLOOR(({x}) / {size})"
    for zoom in range(8):
        size = 360 / (256 * 2**zoom) * 48
        row_cell = floor.format(x="latitude + 90.0", size=size)
        column_cell = floor.format(x="longitude + 180.0", size=size)
        op.execute(
            "INSERT INTO incident_cells (zoom, row_cell, column_cell, event_type, count, fatalities, latitudes, "
            "longitudes, south, west, north, east, first, since, until) "
            f"SELECT {zoom}, {row_cell}, {column_cell}, event_type, count(*), sum(coalesce(fatalities, 0)), "
            "sum(latitude), sum(longitude), min(latitude), min(longitude), max(latitude), max(longitude), min(id), "
            "min(date), max(date) FROM incidents "
            f"WHERE latitude IS NOT NULL AND longitude IS NOT NULL GROUP BY {row_cell}, {column_cell}, event_type"
        )
    for facet, column in (("countries", "country"), ("types", "event_type"), ("sub_event_types", "sub_event_type"),
                          ("grades", "grade")):  # fmt: skip
        op.execute(
            f"INSERT INTO incident_facets SELECT '{facet}', {column}, count(*) FROM incidents "
            f"WHERE {column} IS NOT NULL GROUP BY {column}"
        )
    op.execute(
        "INSERT INTO incident_facets SELECT 'actors', actor, count(*) FROM (SELECT actor1 AS actor FROM incidents "
        "UNION ALL SELECT actor2 FROM incidents) AS sides WHERE actor IS NOT NULL GROUP BY actor"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_index("ix_incidents_search", "incidents")
    op.drop_table("incident_facets")
    op.drop_table("incident_cells")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE incidents_fts")
    for name in INDEXES:
        op.drop_index(name, "incidents")
    op.create_index("ix_incidents_country", "incidents", ["country"])
    op.create_index("ix_incidents_grade", "incidents", ["grade"])
    op.drop_column("incidents", "search_text")
