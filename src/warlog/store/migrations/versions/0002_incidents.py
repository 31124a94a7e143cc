"""incidents, their decisions, relations and overrides, and document signatures

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "document_signatures",
        sa.Column(
            "document_id",
            sa.Integer,
            sa.ForeignKey("documents.id", ondelete="CASCADE", name="fk_document_signatures_document_id_documents"),
            nullable=False,
        ),
        sa.Column("minhash", sa.LargeBinary, nullable=False),
        sa.Column("copy_group", sa.String(200)),
        sa.PrimaryKeyConstraint("document_id", name="pk_document_signatures"),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("event_type", sa.String(64), nullable=False),
        sa.Column("sub_event_type", sa.String(64)),
        sa.Column("date", sa.Date),
        sa.Column("time_precision", sa.SmallInteger),
        sa.Column("country", sa.String(2)),
        sa.Column("location", sa.String(200)),
        sa.Column("admin1", sa.String(200)),
        sa.Column("latitude", sa.Float),
        sa.Column("longitude", sa.Float),
        sa.Column("geo_precision", sa.SmallInteger),
        sa.Column("actor1", sa.String(200)),
        sa.Column("actor2", sa.String(200)),
        sa.Column("fatalities", sa.Integer),
        sa.Column("fatalities_low", sa.Integer),
        sa.Column("fatalities_best", sa.Integer),
        sa.Column("fatalities_high", sa.Integer),
        sa.Column("injuries", sa.Integer),
        sa.Column("mentions", sa.Integer, nullable=False),
        sa.Column("documents", sa.Integer, nullable=False),
        sa.Column("sources", sa.Integer, nullable=False),
        sa.Column("grade", sa.String(16), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incidents"),
    )
    for column in ("date", "country", "grade"):
        op.create_index(f"ix_incidents_{column}", "incidents", [column])
    op.create_table(
        "incident_decisions",
        sa.Column("event_key", sa.String(220), nullable=False),
        sa.Column("incident_id", sa.String(32), nullable=False),
        sa.Column("matched", sa.String(220)),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("event_key", name="pk_incident_decisions"),
    )
    op.create_index("ix_incident_decisions_incident_id", "incident_decisions", ["incident_id"])
    op.create_table(
        "incident_overrides",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(8), nullable=False),
        sa.Column("keys", sa.JSON, nullable=False),
        sa.Column("apart_from", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_overrides"),
    )
    op.create_table(
        "incident_relations",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("source", sa.String(32), nullable=False),
        sa.Column("target", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("event_key", sa.String(220), nullable=False),
        sa.Column("cue", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_incident_relations"),
    )
    op.create_index("ix_incident_relations_source", "incident_relations", ["source"])
    op.create_index("ix_incident_relations_target", "incident_relations", ["target"])


def downgrade() -> None:
    for table in ("incident_relations", "incident_overrides", "incident_decisions", "incidents", "document_signatures"):
        op.drop_table(table)
