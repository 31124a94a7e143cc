"""alerts: saved filters, what each has fired for, their deliveries and each attempt

Revision ID: 0005_alerts
Revises: 0004_watch
Create Date: 2026-12-20
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_alerts"
down_revision = "0004_watch"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("filters", sa.JSON, nullable=False),
        sa.Column("tallies", sa.Boolean, nullable=False),
        sa.Column("webhook", sa.Text),
        sa.Column("secret", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alerts"),
        sa.UniqueConstraint("name", name="uq_alerts_name"),
    )
    op.create_table(
        "alert_states",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column(
            "alert_id", sa.Integer,
            sa.ForeignKey("alerts.id", ondelete="CASCADE", name="fk_alert_states_alert_id_alerts"), nullable=False,
        ),  # fmt: skip
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("keys", sa.JSON, nullable=False),
        sa.Column("state", sa.JSON, nullable=False),
        sa.Column("fired_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_states"),
    )
    op.create_index("ix_alert_states_alert_id", "alert_states", ["alert_id"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column(
            "alert_id", sa.Integer,
            sa.ForeignKey("alerts.id", ondelete="CASCADE", name="fk_alert_deliveries_alert_id_alerts"), nullable=False,
        ),  # fmt: skip
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("subject", sa.String(400), nullable=False),
        sa.Column("reasons", sa.JSON, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_deliveries"),
    )
    op.create_index("ix_alert_deliveries_alert_id", "alert_deliveries", ["alert_id"])
    op.create_index("ix_alert_deliveries_status", "alert_deliveries", ["status"])
    op.create_table(
        "alert_attempts",
        sa.Column("id", sa.Integer, nullable=False),
        sa.Column(
            "delivery_id", sa.Integer,
            sa.ForeignKey(
                "alert_deliveries.id", ondelete="CASCADE", name="fk_alert_attempts_delivery_id_alert_deliveries"
            ),
            nullable=False,
        ),  # fmt: skip
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_attempts"),
    )
    op.create_index("ix_alert_attempts_delivery_id", "alert_attempts", ["delivery_id"])


def downgrade() -> None:
    op.drop_table("alert_attempts")
    op.drop_table("alert_deliveries")
    op.drop_table("alert_states")
    op.drop_table("alerts")
