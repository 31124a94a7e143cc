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

#: each serves a filter of the API with the newest incidents first, or an aggregate
INDEXES = {
    "ix_incidents_country_date": ["country", "date"],
    "ix_incidents_event_type_date": ["event_type", "date"],
    "ix_incidents_sub_event_type_date": ["sub_event_type", "date"],
    "ix_incidents_grade_date": ["grade", "date"],
    "ix_incidents_actor1_date": ["actor1", "date"],
    "ix_incidents_actor2_date": ["actor2", "date"],
    "ix_incidents_latitude_longitude": ["latitude", "longitude"],
    "ix_incidents_date_event_type_country": ["date", "event_type", "country"],
}


def upgrade() -> None:
    # place, actors, types and the reports' sentences, lower-cased: what `q` searches
    op.add_column("incidents", sa.Column("search_text", sa.Text))
    for name in ("ix_incidents_country", "ix_incidents_grade"):
        op.drop_index(name, "incidents")  # the composite indexes below start with them
    for name, columns in INDEXES.items():
        op.create_index(name, "incidents", columns)
    # incidents linked before this revision: their names now (the next linking adds sentences)
    names = " || ' ' || ".join(
        f"coalesce({column}, '')"
        for column in ("event_type", "sub_event_type", "location", "admin1", "actor1", "actor2", "country")
    )
    op.execute(f"UPDATE incidents SET search_text = lower({names})")
    if op.get_bind().dialect.name == "sqlite":
        # full-text index over search_text; the store rebuilds it after each linking run
        op.execute(
            "CREATE VIRTUAL TABLE incidents_fts USING fts5("
            "search_text, content='incidents', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO incidents_fts(incidents_fts) VALUES ('rebuild')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE incidents_fts")
    for name in INDEXES:
        op.drop_index(name, "incidents")
    op.create_index("ix_incidents_country", "incidents", ["country"])
    op.create_index("ix_incidents_grade", "incidents", ["grade"])
    op.drop_column("incidents", "search_text")
