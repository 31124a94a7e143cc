"""incremental linking: what the last linking run left, so that the next links only a batch

Revision ID: 0006_incremental
Revises: 0005_alerts
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_incremental"
down_revision = "0005_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # the first mention of the raw cluster (before unplaced joins and overrides) it was linked into
    op.add_column("events", sa.Column("cluster", sa.String(220)))
    # a year-suspect's date as linking read it (None: its own date)
    op.add_column("events", sa.Column("read_as", sa.Date))
    op.create_index("ix_events_cluster", "events", ["cluster"])
    op.create_index("ix_events_read_as", "events", ["read_as"])
    # a block (event type, country) by date, and an event type by date
    op.create_index("ix_events_block_date", "events", ["event_type", "country", "date"])
    op.create_index("ix_events_type_date", "events", ["event_type", "date"])
    # the decision of the block's own pass when unplaced joins changed it: [matched, score, reasons]
    op.add_column("incident_decisions", sa.Column("raw", sa.JSON))
    # how far (days) a relation its text states can reach from its events' incidents (0: none)
    op.add_column("document_signatures", sa.Column("relation_days", sa.Integer))
    op.create_index("ix_document_signatures_relation_days", "document_signatures", ["relation_days"])
    op.create_table(
        "document_bands",
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_bands_document_id_documents"),
            nullable=False,
        ),
        sa.Column("band", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_document_bands_band", "document_bands", ["band"])
    op.create_index("ix_document_bands_document_id", "document_bands", ["document_id"])
    op.create_table(
        "link_state",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("ingest_log_id", sa.Integer, nullable=False),
        sa.Column("override_id", sa.Integer, nullable=False),
        sa.Column("linked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_link_state"),
    )


def downgrade() -> None:
    op.drop_table("link_state")
    op.drop_table("document_bands")
    op.drop_index("ix_document_signatures_relation_days", "document_signatures")
    with op.batch_alter_table("document_signatures") as batch:
        batch.drop_column("relation_days")
    with op.batch_alter_table("incident_decisions") as batch:
        batch.drop_column("raw")
    for name in ("ix_events_type_date", "ix_events_block_date", "ix_events_read_as", "ix_events_cluster"):
        op.drop_index(name, "events")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("read_as")
        batch.drop_column("cluster")
