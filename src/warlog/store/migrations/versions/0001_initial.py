"""documents, events, tallies and the ingest log

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _evidence_columns() -> list[sa.Column]:
    return [
        sa.Column("evidence_start", sa.Integer, nullable=False),
        sa.Column("evidence_end", sa.Integer, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
        sa.Column("spans", sa.JSON, nullable=False),
    ]


def _document_fk(table: str) -> sa.Column:
    return sa.Column(
        "document_id",
        sa.Integer,
        sa.ForeignKey("documents.id", ondelete="CASCADE", name=f"fk_{table}_document_id_documents"),
        nullable=False,
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("published", sa.Date),
        sa.Column("title", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("origin", sa.Text),
        sa.Column("language", sa.String(16)),
        sa.Column("extractor_version", sa.String(64)),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("doc_id", name="uq_documents_doc_id"),
        sa.UniqueConstraint("content_hash", name="uq_documents_content_hash"),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_fk("events"),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("time_precision", sa.SmallInteger),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("claimed_by", sa.String(200)),
        sa.Column("country", sa.String(2)),
        sa.Column("location", sa.String(200)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.SmallInteger),
        sa.Column("weapons", sa.JSON, nullable=False),
        sa.Column("quantity", sa.Integer),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("fatalities", sa.Integer),
        sa.Column("injuries", sa.Integer),
        sa.Column("incident", sa.String(200)),
        *_evidence_columns(),
    )
    for column in ("document_id", "date", "country", "incident"):
        op.create_index(f"ix_events_{column}", "events", [column])
    op.create_table(
        "tallies",
        sa.Column("id", sa.Integer, primary_key=True),
        _document_fk("tallies"),
        sa.Column("ordinal", sa.Integer, nullable=False),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("qualifier", sa.String(16), nullable=False),
        sa.Column("unit", sa.String(16), nullable=False),
        sa.Column("target", sa.String(200)),
        sa.Column("countries", sa.JSON, nullable=False),
        sa.Column("since", sa.Date),
        sa.Column("as_of", sa.Date),
        sa.Column("speaker", sa.String(200)),
        *_evidence_columns(),
    )
    for column in ("document_id", "as_of"):
        op.create_index(f"ix_tallies_{column}", "tallies", [column])
    op.create_table(
        "ingest_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("doc_id", sa.String(200)),
    )
    op.create_index("ix_ingest_log_run_id", "ingest_log", ["run_id"])
