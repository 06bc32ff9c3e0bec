"""memory: what a person chose to share for the companion to keep

Revision ID: 0004_memory
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

from steadyheart.store.base import UTCDateTime

revision = "0004_memory"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "memory_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_memory_items_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memory_items")),
        sa.UniqueConstraint("user_id", "key", name="uq_memory_items_user_key"),
    )
    op.create_index(op.f("ix_memory_items_user_id"), "memory_items", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_memory_items_user_id"), table_name="memory_items")
    op.drop_table("memory_items")
