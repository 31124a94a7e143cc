"""feed state and the feed items met, for `warlog watch`

Revision ID: 0004_watch
Revises: 0003
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_watch"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feed_state",
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("last_poll", sa.DateTime(timezone=True)),
        sa.Column("last_success", sa.DateTime(timezone=True)),
        sa.Column("last_status", sa.String(16)),
        sa.Column("consecutive_errors", sa.Integer, nullable=False),
        sa.Column("last_error", sa.Text),
        sa.Column("next_poll", sa.DateTime(timezone=True)),
        sa.Column("etag", sa.Text),
        sa.Column("last_modified", sa.Text),
        sa.Column("items_seen", sa.Integer, nullable=False),
        sa.Column("documents_stored", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_feed_state"),
    )
    op.create_table(
        "feed_items",
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("feed", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("doc_id", sa.String(200)),
        sa.Column("reason", sa.Text),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key_hash", name="pk_feed_items"),
    )


def downgrade() -> None:
    op.drop_table("feed_items")
    op.drop_table("feed_state")
